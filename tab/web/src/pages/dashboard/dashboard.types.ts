// The API's own types (contracts/tab-api/dashboard.contract.ts), so the page and tab/api cannot drift.
export type {
  DashboardRow,
  DashboardView,
  GroupView,
  TrendPoint,
} from '../../../../../contracts/tab-api/dashboard.contract.ts';

/** Where the viewer has drilled to. */
export type Drill =
  | { level: 'top' }
  | { level: 'bureau'; id: string; name: string }
  | { level: 'section'; id: string; name: string; from?: { id: string; name: string } };
