/** Answers of /api/tab/childcare/* (tab/api/childcare.routes.ts), kept by hand like api.types.ts. */

export type Suppressed = `<${number}`;

export interface RateCell {
  met: number | Suppressed;
  rate: number | null;
  suppressed: boolean;
}

export interface TakeUpRow {
  births: number | Suppressed;
  specialLeave5Days: RateCell;
  childcareLeave2Weeks: RateCell;
  firstYear1Month: RateCell;
}

export interface TakeUp {
  fiscalYear: number;
  minGroupSize: number;
  /** The same births counted from the attendance data's leave types (the rows above: from the sheets). */
  fromAttendance?: { total: TakeUpRow };
  bureaus: (TakeUpRow & { bureau: { id: string; name: string } })[];
  total: TakeUpRow;
  targets: {
    id: 'specialLeave5Days' | 'childcareLeave2Weeks' | 'firstYear1Month';
    target: number;
    byFiscalYear: number | null;
    baseline: number;
    baselineFiscalYear: number;
    /** What the baseline measured when it differs from the target (the 74.5 % was 1週間以上). */
    baselineNote?: { ja: string; en: string } | null;
  }[];
}

export interface CaseItem {
  id: string;
  employee: { employeeNo: string; name: string; section: string };
  status: string;
  dueDate: string | null;
  birthDate: string | null;
  consent: boolean;
  nextDeadline: { kind: string; requestBy: string; start: string } | null;
  targets: Record<string, boolean> | null;
}

/** /childcare/shared-with-me: a plan a staff member consented to share with their manager. */
export interface SharedPlan {
  id: string;
  employee: { name: string; employeeNo: string };
  version: number;
  ranges: { kind: string; start: string; end?: string; status: string }[];
}
