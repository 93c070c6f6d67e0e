import { z } from 'zod';
import { idParam, isoDate } from './fields.ts';
import { route } from './route-contract.ts';

/** 育児 (tab/api/childcare.routes.ts): plans, invitations and birth reports, take-up, follow sheets. */

/** A count under the group-size floor, shown as "<5". */
export type Suppressed = `<${number}`;
export type TargetId = 'specialLeave5Days' | 'childcareLeave2Weeks' | 'firstYear1Month';
export type CaseStatus = 'invited' | 'started' | 'submitted' | 'closed';
export type HiddenReason = 'small_group' | 'complementary' | 'residual';

export interface PlanRange {
  kind: string;
  start: string;
  end?: string;
  status: string;
}

export interface NextDeadline {
  kind: string;
  requestBy: string | null | undefined;
  start: string;
}

export interface CaseItem {
  id: string;
  employee: { employeeNo: string; name: string; section: string };
  bureau: { id: string; name: string };
  status: CaseStatus;
  source: string;
  dueDate: string | null;
  birthDate: string | null;
  version: number;
  consent: boolean;
  nextDeadline: NextDeadline | null;
  targets: Record<TargetId, boolean> | null;
}

export interface CaseDetail {
  id: string;
  employee: { employeeNo: string; name: string; section: string };
  status: CaseStatus;
  version: number;
  consent: boolean;
  ranges: PlanRange[];
  targets: { id: string; met: boolean; actual: unknown; required: unknown; summary: unknown }[];
  /** The employee and their bureau's WLB officer only (the manager sees dates without these). */
  dueDate?: string | null;
  birthDate?: string | null;
  multipleBirth?: boolean;
  spouseSituation?: unknown;
  childcareArrangement?: unknown;
  intendedUse?: unknown;
}

export interface MyPlan {
  plan: {
    id: string;
    status: CaseStatus;
    version: number;
    consent: boolean;
    dueDate: string | null;
    birthDate: string | null;
    ranges: PlanRange[];
    nextDeadline: NextDeadline | null;
    targets: { id: string; met: boolean; summary: unknown }[];
  } | null;
}

/** A plan a staff member consented to share with their manager: dates only. */
export interface SharedPlan {
  id: string;
  employee: { name: string; employeeNo: string };
  version: number;
  ranges: PlanRange[];
}

export interface WlbSheet {
  employee: { employeeNo: string; name: string; section: string; bureau: string };
  version: number;
  submittedAt: string;
  answers: unknown;
}

export interface RateCell {
  met: number | Suppressed;
  rate: number | null;
  suppressed: boolean;
}

export interface TakeUpRow {
  births: number | Suppressed;
  hidden: HiddenReason | null;
  specialLeave5Days: RateCell;
  childcareLeave2Weeks: RateCell;
  firstYear1Month: RateCell;
}

export interface TargetComparison {
  id: TargetId;
  rate: number | null;
  target: number;
  byFiscalYear: number | null;
  baseline: number;
  baselineFiscalYear: number;
  /** What the baseline measured when it differs from the target (D9: the 74.5 % was 1週間以上, not 2週間以上). */
  baselineNote: { ja: string; en: string } | null;
  /** (rate − baseline) in percentage points, one decimal; null without a rate. */
  pointsFromBaseline: number | null;
  /** (target − rate) in points, 0 when reached; null without a rate. */
  pointsToTarget: number | null;
  met: boolean | null;
}

export interface TakeUp {
  fiscalYear: number;
  minGroupSize: number;
  bureaus: (TakeUpRow & { bureau: { id: string; name: string } })[];
  total: TakeUpRow;
  targets: TargetComparison[];
  sources: { figures: 'plan'; fromAttendance: 'attendance' };
  /** The same births counted from the attendance data's leave types (the rows above: from the sheets). */
  fromAttendance: {
    bureaus: (TakeUpRow & { bureau: { id: string; name: string } | undefined })[];
    total: TakeUpRow;
    targets: TargetComparison[];
  };
}

export interface FollowCompletion {
  minGroupSize: number;
  bureaus: {
    bureau: { id: string; name: string };
    follows: number | string;
    completed: number | string;
    rate: number | null;
  }[];
}

export interface CaseStarted {
  id: string;
  status: CaseStatus;
  /** false when the person already had an open case (it is returned, nothing new is started). */
  created: boolean;
}

const employeeNo = z.string().trim().min(1).max(20);

export const listCases = route<{ cases: CaseItem[] }>()({ method: 'GET', path: '/childcare/cases' });
export const getCase = route<CaseDetail>()({ method: 'GET', path: '/childcare/cases/:id', params: idParam });
export const getMyPlan = route<MyPlan>()({ method: 'GET', path: '/childcare/mine' });
export const listSharedWithMe = route<{ plans: SharedPlan[] }>()({
  method: 'GET',
  path: '/childcare/shared-with-me',
});
export const listWlbSheets = route<{ sheets: WlbSheet[] }>()({
  method: 'GET',
  path: '/childcare/wlb-sheets',
});
export const inviteToPlan = route<CaseStarted>()({
  method: 'POST',
  path: '/childcare/invitations',
  body: z.object({ employeeNo }),
});
/** A pregnancy/birth report (妊娠・出産報告) recorded for the person: starts the case with its dates. */
export const reportBirth = route<CaseStarted>()({
  method: 'POST',
  path: '/childcare/reports',
  body: z
    .object({
      employeeNo,
      dueDate: isoDate.optional(),
      birthDate: isoDate.optional(),
      multipleBirth: z.boolean().default(false),
    })
    .refine((b) => b.dueDate || b.birthDate, {
      path: ['dueDate'],
      message: '出産予定日か出生日のどちらかを入力してください',
    }),
});
export const getManagerFollow = route<FollowCompletion>()({
  method: 'GET',
  path: '/childcare/manager-follow',
});
export const getTakeUp = route<TakeUp>()({
  method: 'GET',
  path: '/childcare/take-up',
  query: z.object({ fiscalYear: z.coerce.number().int().min(2000).max(2100).optional() }),
});
