// The API's own types (type-only imports: erased from the bundle), so the page and tab/api cannot drift.
import type { GroupView } from '../../../../../core/dashboard/dashboard.service.ts';

export type { DashboardRow } from '../../../../../core/dashboard/dashboard.rules.ts';
export type { GroupView, TrendPoint } from '../../../../../core/dashboard/dashboard.service.ts';

/** GET /api/tab/dashboard[/bureaus/:id|/sections/:id]. */
export type DashboardView = GroupView & { months: string[] };

/** Where the viewer has drilled to. */
export type Drill =
  | { level: 'top' }
  | { level: 'bureau'; id: string; name: string }
  | { level: 'section'; id: string; name: string; from?: { id: string; name: string } };
