import type { TargetComparison } from '../../contracts/tab-api/childcare.contract.ts';
import { fiscalYearOf, type IsoDate, isValidIsoDate, lastDayOfPeriod } from '../shared/calendar.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import { structuralIssues } from './childcare.rules.ts';
import { type ChildcareSettings, DEFAULT_CHILDCARE_SETTINGS } from './childcare.settings.ts';
import type { LeaveRange } from './childcare-plan.schema.ts';
import { planTotals } from './childcare-totals.rules.ts';

/**
 * Take-up rates for the WLB officer's tab: of the men whose child was born in a fiscal year, the
 * share who reached each target. A cohort rate (never above 100%), unlike 人事院's 新規取得者 ÷
 * 出生 ratio. Aggregates only; the API applies the group-size floor.
 */

/** One birth (twins: one row) and the leave the father actually took for it. */
export interface TakeUpRow {
  birthDate: IsoDate;
  /** 配偶者出産休暇 + 育児参加のための休暇 taken, in days. */
  specialLeaveDays: number;
  /** 育児休業 including 産後パパ育休, calendar days. */
  childcareLeaveDays: number;
  /** Leave in the first year after the birth, counted as planTotals counts it. */
  firstYearLeaveDays: number;
}

export interface RateCount {
  met: number;
  /** Births in the fiscal year. */
  eligible: number;
  /** met / eligible, or null when nobody is eligible. */
  rate: number | null;
  /** Not met yet but still possible on `asOf` (the leave's window is open). 0 without asOf. */
  pending: number;
}

export interface TakeUpRates {
  fiscalYear: number;
  births: number;
  specialLeave5Days: RateCount;
  childcareLeave2Weeks: RateCount;
  firstYear1Month: RateCount;
}

function checkRows(rows: readonly TakeUpRow[]): void {
  const fields: FieldError[] = [];
  rows.forEach((row, i) => {
    if (!isValidIsoDate(row.birthDate)) fields.push({ where: `rows.${i}.birthDate`, message: 'not a date' });
    for (const f of ['specialLeaveDays', 'childcareLeaveDays', 'firstYearLeaveDays'] as const)
      if (!Number.isFinite(row[f]) || row[f] < 0)
        fields.push({ where: `rows.${i}.${f}`, message: 'must be ≥ 0' });
  });
  if (fields.length > 0) throw new AppError('bad_request', 'invalid take-up rows', fields);
}

/** The three rates for the births of one fiscal year (April–March). */
export function takeUpRates(
  rows: readonly TakeUpRow[],
  fiscalYear: number,
  options: { settings?: ChildcareSettings; asOf?: IsoDate } = {},
): TakeUpRates {
  checkRows(rows);
  const s = options.settings ?? DEFAULT_CHILDCARE_SETTINGS;
  const asOf = options.asOf;
  const cohort = rows.filter((r) => fiscalYearOf(r.birthDate) === fiscalYear);

  const count = (met: (r: TakeUpRow) => boolean, openUntil: (r: TakeUpRow) => IsoDate): RateCount => {
    const metCount = cohort.filter(met).length;
    const pending = asOf ? cohort.filter((r) => !met(r) && asOf <= openUntil(r)).length : 0;
    return {
      met: metCount,
      eligible: cohort.length,
      rate: cohort.length ? metCount / cohort.length : null,
      pending,
    };
  };

  const t = s.targets;
  return {
    fiscalYear,
    births: cohort.length,
    specialLeave5Days: count(
      (r) => r.specialLeaveDays >= t.specialLeaveDays,
      (r) => lastDayOfPeriod(r.birthDate, s.participationLeave.monthsAfterBirth),
    ),
    childcareLeave2Weeks: count(
      (r) => r.childcareLeaveDays >= t.childcareLeaveDays,
      (r) => lastDayOfPeriod(r.birthDate, 12 * s.childcareLeave.untilAgeYears),
    ),
    firstYear1Month: count(
      (r) => r.firstYearLeaveDays >= t.firstYearDays,
      (r) => lastDayOfPeriod(r.birthDate, t.firstYearMonths),
    ),
  };
}

/**
 * A person's row from the ranges marked 'taken' in their plan. A taken range the rules refuse (a
 * 育児休業 before the birth — 人事院 Q&A 問1 —, outside its window, overlapping) does not count:
 * sheets saved before a rule was fixed must not inflate the rates.
 */
export function takeUpRowOf(
  plan: { birthDate?: IsoDate; dueDate?: IsoDate; multipleBirth: boolean; ranges: readonly LeaveRange[] },
  settings: ChildcareSettings = DEFAULT_CHILDCARE_SETTINGS,
): TakeUpRow | null {
  if (!plan.birthDate) return null;
  const counted = countedRanges(
    plan,
    plan.ranges.filter((r) => r.status === 'taken'),
    settings,
  );
  const totals = planTotals({ ...plan, ranges: counted }, settings);
  return {
    birthDate: plan.birthDate,
    specialLeaveDays: totals.specialLeaveDays,
    childcareLeaveDays: totals.childcareLeaveDays,
    firstYearLeaveDays: totals.firstYear.days,
  };
}

/** Refused whatever the other ranges are: no working day, outside the window, 休業 before the birth. */
const REFUSED_ALONE = new Set(['no_working_day', 'outside_window', 'before_birth']);

/**
 * The taken ranges that count. First the ones refused on their own go; then the limits and overlaps
 * are checked on what is left, one range at a time (the earliest flagged first), so a day limit
 * keeps the earliest days up to it. Checking everything once counted wrong both ways: a refused day
 * outside the window used up the limit (the day in it was dropped), and only the range crossing the
 * limit was dropped (the ones after it counted).
 */
function countedRanges(
  plan: { birthDate?: IsoDate; dueDate?: IsoDate; multipleBirth: boolean },
  taken: readonly LeaveRange[],
  settings: ChildcareSettings,
): LeaveRange[] {
  const errors = (ranges: readonly LeaveRange[]) =>
    structuralIssues({ ...plan, ranges }, settings)
      .filter((i) => i.severity === 'error' && i.where.startsWith('ranges.'))
      .map((i) => ({ code: i.code, index: Number(i.where.split('.')[1]) }));
  const alone = new Set(
    errors(taken)
      .filter((e) => REFUSED_ALONE.has(e.code))
      .map((e) => e.index),
  );
  let kept = taken.filter((_, i) => !alone.has(i));
  for (;;) {
    const flagged = [...new Set(errors(kept).map((e) => e.index))];
    if (flagged.length === 0) return kept;
    const first = flagged.reduce((a, b) => (kept[b]!.start < kept[a]!.start ? b : a));
    kept = kept.filter((_, i) => i !== first);
  }
}

export type { TargetComparison };

const points = (x: number) => Math.round(x * 1000) / 10;

/** Each rate against the plan's target and the FY2023 baseline (seed 001 §4). */
export function compareWithTargets(
  rates: TakeUpRates,
  settings: ChildcareSettings = DEFAULT_CHILDCARE_SETTINGS,
): TargetComparison[] {
  return (['specialLeave5Days', 'childcareLeave2Weeks', 'firstYear1Month'] as const).map((id) => {
    const { rate } = rates[id];
    const goal = settings.rates[id];
    return {
      id,
      rate,
      target: goal.target,
      byFiscalYear: goal.byFiscalYear,
      baseline: goal.baseline,
      baselineFiscalYear: goal.baselineFiscalYear,
      baselineNote: goal.baselineNote,
      pointsFromBaseline: rate === null ? null : points(rate - goal.baseline),
      pointsToTarget: rate === null ? null : Math.max(0, points(goal.target - rate)),
      met: rate === null ? null : rate >= goal.target,
    };
  });
}
