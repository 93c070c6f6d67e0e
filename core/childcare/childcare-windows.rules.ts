import {
  addDays,
  addMonths,
  daysBetween,
  type IsoDate,
  lastDayOfPeriod,
  previousWorkingDay,
  workingDaysBetween,
} from '../shared/calendar.ts';
import type { ChildcareSettings } from './childcare.settings.ts';
import { isSpecialLeave, type LeaveKind, type LeaveRange, type PlanDates } from './childcare-plan.schema.ts';

/**
 * When each leave may be taken, from the due date, the birth date and the admission date. Until the
 * child is born, the due date stands in for the birth and the window says it is provisional.
 */

/** Where a window edge comes from; messages explain the rule from it. */
export type WindowEdgeBasis =
  | 'admission' // 配偶者の入院等の日 as entered
  | 'assumed_admission' // admission unknown: N days before the due (or birth) date
  | 'weeks_before_due' // 出産予定日の8（14）週間前の日
  | 'birth' // the birth date (or the due date standing in for it)
  | 'days_after_birth' // 出産の日後2週間
  | 'period_after_birth' // 出生の日以後1年 / 3歳に達する日
  | 'days_from_birth'; // 産後パパ育休: day 57 counted from the birth (Q&A 問2)

export type DayUnit = 'working_days' | 'calendar_days';

export interface LeaveWindow {
  kind: LeaveKind;
  from: IsoDate;
  to: IsoDate;
  fromBasis: WindowEdgeBasis;
  toBasis: WindowEdgeBasis;
  /** True while an edge rests on a date not yet known (birth, admission). */
  provisional: boolean;
  unit: DayUnit;
  maxDays: number | null;
  maxParts: number | null;
  /** Parts beyond maxParts are an error (true) or need 特別の事情 and only warn (false). */
  partsHardLimit: boolean;
}

export interface RangeDeadline {
  /** Index into plan.ranges. */
  index: number;
  kind: LeaveKind;
  start: IsoDate;
  end: IsoDate;
  /** The last day to ask (start − 2 weeks / 1 month); null when the rule sets none. */
  requestBy: IsoDate | null;
  /** requestBy moved back to a working day: the office is closed on the other days. */
  lastWorkingDayToRequest: IsoDate | null;
}

export interface PlanWindows {
  /** The birth date, or the due date standing in for it. */
  referenceBirth: IsoDate;
  born: boolean;
  windows: Record<LeaveKind, LeaveWindow>;
  deadlines: RangeDeadline[];
}

export function unitOf(kind: LeaveKind): DayUnit {
  return isSpecialLeave(kind) ? 'working_days' : 'calendar_days';
}

/** Days a range uses: working days for special leaves (weekends, holidays, 12/29–1/3 not counted). */
export function countedDays(kind: LeaveKind, start: IsoDate, end: IsoDate): number {
  if (end < start) return 0;
  return isSpecialLeave(kind) ? workingDaysBetween(start, end).length : daysBetween(start, end) + 1;
}

/** The request deadline of a leave starting on `start`, or null if the rule sets none. */
export function requestDeadline(
  kind: LeaveKind,
  start: IsoDate,
  settings: ChildcareSettings,
): IsoDate | null {
  if (kind === 'postnatal_paternity_leave')
    return addDays(start, -settings.postnatalPaternityLeave.requestLeadDays);
  if (kind === 'childcare_leave') return addMonths(start, -settings.childcareLeave.requestLeadMonths);
  return null;
}

export function windowsFor(dates: PlanDates, settings: ChildcareSettings): Record<LeaveKind, LeaveWindow> {
  const due = dates.dueDate ?? dates.birthDate;
  const birth = dates.birthDate ?? dates.dueDate;
  if (!due || !birth) throw new RangeError('a plan needs a due date or a birth date');
  const born = dates.birthDate !== undefined;

  const spouse = settings.spouseChildbirthLeave;
  const admission = dates.spouseAdmissionDate;
  const spouseWindow: LeaveWindow = {
    kind: 'spouse_childbirth_leave',
    from: admission ?? addDays(birth, -spouse.assumedAdmissionDaysBefore),
    to: addDays(birth, spouse.daysAfterBirth),
    fromBasis: admission ? 'admission' : 'assumed_admission',
    toBasis: 'days_after_birth',
    provisional: !born || !admission,
    unit: 'working_days',
    maxDays: spouse.maxDays,
    maxParts: null,
    partsHardLimit: false,
  };

  const part = settings.participationLeave;
  const weeks = dates.multipleBirth ? part.weeksBeforeDueMultipleBirth : part.weeksBeforeDue;
  const weeksBefore = addDays(due, -7 * weeks);
  // A child born before that day can be cared for from its birth; the literal rule would leave a
  // gap between the birth and the window (assumption, to confirm with HR).
  const participationFrom = birth < weeksBefore ? birth : weeksBefore;
  const participationWindow: LeaveWindow = {
    kind: 'childcare_participation_leave',
    from: participationFrom,
    to: lastDayOfPeriod(birth, part.monthsAfterBirth),
    fromBasis: birth < weeksBefore ? 'birth' : 'weeks_before_due',
    toBasis: 'period_after_birth',
    provisional: !born,
    unit: 'working_days',
    maxDays: part.maxDays,
    maxParts: null,
    partsHardLimit: false,
  };

  // 人事院 Q&A 問2: 産後パパ育休 = 育児休業 within the 57 days from the birth (day 1 = the birth,
  // day 57 = birth + 56); 問1: taken from the day of the birth even when it differs from the due
  // date. Before the birth the due date stands in (provisional). No day limit (not the private
  // sector's 28 days); parts beyond 2 only warn: they count as ordinary 育児休業 (問2).
  const papa = settings.postnatalPaternityLeave;
  const papaWindow: LeaveWindow = {
    kind: 'postnatal_paternity_leave',
    from: birth,
    to: addDays(birth, papa.windowDays - 1),
    fromBasis: 'birth',
    toBasis: 'days_from_birth',
    provisional: !born,
    unit: 'calendar_days',
    maxDays: null,
    maxParts: papa.maxParts,
    partsHardLimit: false,
  };

  const leave = settings.childcareLeave;
  const childcareWindow: LeaveWindow = {
    kind: 'childcare_leave',
    from: birth,
    // 子が3歳に達する日 = the day before the 3rd birthday (a 2/29 child: 2/28).
    to: lastDayOfPeriod(birth, 12 * leave.untilAgeYears),
    fromBasis: 'birth',
    toBasis: 'period_after_birth',
    provisional: !born,
    unit: 'calendar_days',
    maxDays: null,
    maxParts: leave.maxParts,
    partsHardLimit: false,
  };

  // 年次休暇 for the child: counted toward the first-year goal, so its window is that year.
  const annualWindow: LeaveWindow = {
    kind: 'childcare_annual_leave',
    from: birth,
    to: lastDayOfPeriod(birth, settings.targets.firstYearMonths),
    fromBasis: 'birth',
    toBasis: 'period_after_birth',
    provisional: !born,
    unit: 'working_days',
    maxDays: null,
    maxParts: null,
    partsHardLimit: false,
  };

  return {
    spouse_childbirth_leave: spouseWindow,
    childcare_participation_leave: participationWindow,
    postnatal_paternity_leave: papaWindow,
    childcare_leave: childcareWindow,
    childcare_annual_leave: annualWindow,
  };
}

/** The allowed window of every kind and the request deadline of every planned range. */
export function leaveWindows(
  plan: PlanDates & { ranges: readonly LeaveRange[] },
  settings: ChildcareSettings,
): PlanWindows {
  const windows = windowsFor(plan, settings);
  const deadlines = plan.ranges.map((range, index): RangeDeadline => {
    const requestBy = requestDeadline(range.kind, range.start, settings);
    return {
      index,
      kind: range.kind,
      start: range.start,
      end: range.end,
      requestBy,
      lastWorkingDayToRequest: requestBy ? previousWorkingDay(requestBy) : null,
    };
  });
  return {
    referenceBirth: (plan.birthDate ?? plan.dueDate) as IsoDate,
    born: plan.birthDate !== undefined,
    windows,
    deadlines,
  };
}
