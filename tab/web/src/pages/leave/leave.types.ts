/** Shapes of the leave-plan API answers (tab/api/leave.routes.ts). */

export interface CampaignRow {
  id: string;
  kind: 'gw' | 'summer' | 'year_end' | 'custom';
  title: string;
  periodStart: string;
  periodEnd: string;
  openingDate: string;
  deadline: string;
  bureauScope: string | null;
  /** null when the viewer does not run this campaign (counts are for HR / the bureau's WLB officer). */
  targets: number | null;
  responded: number | null;
}

export interface TargetOptions {
  ministryId: string | null;
  bureaus: { id: string; name: string; sections: { id: string; name: string }[] }[];
}

export interface GridDay {
  date: string;
  weekday: number;
  working: boolean;
  holidayName?: string;
  bridge: boolean;
}

export interface SectionTable {
  campaign: {
    id: string;
    title: string;
    period: { start: string; end: string };
    coverageWarningShare: number;
  };
  sectionId: string;
  sectionName: string;
  wholeSection: boolean;
  days: GridDay[];
  rows: {
    employeeNo: string;
    name?: string;
    responded: boolean;
    cells: (string | null)[];
    plannedDays: number;
  }[];
  load: { date: string; share: number; warning: boolean }[];
  members: number;
  responded: number;
}
