import { z } from 'zod';
import type { HiddenReason } from './childcare.contract.ts';
import { isIsoDate, isYearMonth } from './fields.ts';
import { route } from './route-contract.ts';

/**
 * 勤務間インターバル and 在庁時間の乖離 (tab/api/wellbeing.routes.ts): counts per section for the
 * dashboard, the plan's annual targets, one person's days, the manager's gap list and its answers.
 */

export type TargetGroup = 'other' | 'regional' | 'total';
export type GapOutcome = 'overtime_confirmed' | 'self_study' | 'standby' | 'other';

export interface SignalCell {
  id: string;
  name: string;
  /** Short rests (under the threshold) of non-managerial staff whose next day is in the month; null when hidden. */
  shortRests: number | null;
  /** Days with an in-office gap over the threshold; null when hidden. */
  officeGaps: number | null;
  /** Of those, the days a manager has answered (confirmed as overtime, 自己研鑽, 待機, other); null when hidden. */
  gapsAnswered: number | null;
  hidden: HiddenReason | null;
}

export interface SignalsView {
  month: string;
  minGroupSize: number;
  restIntervalHours: number;
  officeGapMinutes: number;
  bureaus: SignalCell[];
  sections: (SignalCell & { bureauId: string })[];
}

export interface Figure {
  /** Per non-managerial person: hours (overtime) or days (leave); null when hidden or no data. */
  perPerson: number | null;
  averageStaff: number | null;
  hidden: HiddenReason | null;
}

export interface OvertimeTargetRow {
  group: TargetGroup;
  label: string;
  thisYear: Figure;
  lastYearSamePeriod: Figure;
  lastYearFull: Figure;
  /** This year's pace to March (hours per person). */
  projectedHours: number | null;
  /** 前年度実績以下 (projection ≤ last year's whole year). */
  onTrack: boolean | null;
}

export interface LeaveTargetRow {
  group: TargetGroup;
  label: string;
  thisYear: Figure;
  lastYearSamePeriod: Figure;
  lastYearFull: Figure;
  targetDays: number;
}

export interface AnnualTargetsView {
  throughMonth: string;
  fiscalYear: number;
  calendarYear: number;
  minGroupSize: number;
  overtime: OvertimeTargetRow[];
  leave: LeaveTargetRow[];
}

export interface RestInterval {
  /** The working day that ended. */
  after: string;
  /** The working day that started after the rest (the interval belongs to this day and its month). */
  before: string;
  minutes: number;
}

export interface OfficeGap {
  /** Log-on to log-off (在庁時間 as the terminal records it). */
  loggedMinutes: number;
  /** Declared start to end (working + overtime, with breaks, as declared). */
  declaredMinutes: number;
  /** Logged-on minutes outside the declared span. */
  outsideMinutes: number;
}

/** One person's month: themself, or a manager of their subtree (audited). */
export interface PersonSignals {
  month: string;
  employeeId: string;
  shortRests: RestInterval[];
  officeGaps: { date: string; gap: OfficeGap }[];
}

/** A manager's answer to a gap (confirmed overtime, 自己研鑽, 待機, other + comment). */
export interface GapReview {
  employeeId: string;
  workDate: string;
  outcome: GapOutcome;
  comment: string | null;
  reviewedBy: string;
  reviewedAt: string;
}

export interface GapListItem {
  employeeId: string;
  name: string;
  date: string;
  gap: OfficeGap;
  review: GapReview | null;
}

/** 取組計画フォローアップ (seeds 001/003), one row per figure. */
export interface FollowUpRow {
  /** 区分: 省全体, 本省内部部局・外局, 地方支分部局, or a bureau's name. */
  unit: string;
  /** The seed 001 table's 項目 (e.g. ２．超過勤務時間の縮減). */
  item: string;
  /** The figure (指標). */
  measure: string;
  unitOfMeasure: '時間' | '日' | '人' | '件' | '％';
  /** This period; a string "<N" when hidden under the floor, null when there is no data. */
  value: number | string | null;
  /** The same period a year earlier (same rule). */
  previous: number | string | null;
  target: string;
  /** Period the value covers. */
  period: string;
  /** 計画との対応 (seed 003's column: the plan section the row reports on). */
  planSection: string;
  /** Which table row of which seed this reproduces. */
  reproduces: string;
}

export interface FollowUpReport {
  throughMonth: string;
  fiscalYear: number;
  minGroupSize: number;
  rows: FollowUpRow[];
}

const month = z.string().refine(isYearMonth, 'must be a month YYYY-MM').optional();
const monthQuery = z.object({ month });

export const getSignals = route<SignalsView>()({
  method: 'GET',
  path: '/wellbeing/signals',
  query: monthQuery,
});
/** Executives, WLB officers, hr, admin: the plan's annual figures (aggregates only). */
export const getAnnualTargets = route<AnnualTargetsView>()({
  method: 'GET',
  path: '/wellbeing/annual-targets',
  query: monthQuery,
});
export const getPersonSignals = route<PersonSignals>()({
  method: 'GET',
  path: '/wellbeing/people/:id',
  params: z.object({ id: z.uuid('must be an id') }),
  query: monthQuery,
});
export const listGaps = route<{ month: string; items: GapListItem[] }>()({
  method: 'GET',
  path: '/wellbeing/gaps',
  query: monthQuery,
});
export const reviewGap = route<GapReview>()({
  method: 'POST',
  path: '/wellbeing/gaps/review',
  body: z.object({
    employeeId: z.uuid('must be an id'),
    date: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD'),
    outcome: z.enum(['overtime_confirmed', 'self_study', 'standby', 'other']),
    comment: z.string().max(500).nullish(),
  }),
});
/** 取組計画フォローアップ per ministry, kind and bureau (floor applied), audited; `?format=csv|xlsx` for the file. */
export const getFollowUpReport = route<FollowUpReport>()({
  method: 'GET',
  path: '/wellbeing/follow-up-report',
  query: z.object({ month, format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
  fileOnRequest: true,
});
/** The same report as a file, for the tab's one-click buttons (accepts a signed one-minute link). */
export const exportFollowUpReport = route<never>()({
  method: 'GET',
  path: '/wellbeing/follow-up-report/export',
  query: z.object({ month, format: z.enum(['csv', 'xlsx']).default('xlsx') }),
  download: true,
});
