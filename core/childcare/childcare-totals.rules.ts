import { addDays, eachDay, type IsoDate, isWorkingDay, lastDayOfPeriod } from '../shared/calendar.ts';
import { type Lang, type TargetId, targetSummary } from './childcare.messages.ts';
import { type ChildcareSettings, DEFAULT_CHILDCARE_SETTINGS } from './childcare.settings.ts';
import {
  isSpecialLeave,
  LEAVE_KINDS,
  type LeaveKind,
  type LeaveRange,
  type PlanDates,
} from './childcare-plan.schema.ts';
import { countedDays, type DayUnit, unitOf } from './childcare-windows.rules.ts';

/**
 * The plan's numbers as the card shows them, and the three targets of the ministry's plan
 * (seed 000 §(2)②): ≥5 days of the two special leaves, ≥2 weeks of 育児休業, ≥1 month of leave
 * in the first year after the birth.
 */

export interface KindTotal {
  days: number;
  unit: DayUnit;
  /** Ranges of this kind. */
  ranges: number;
}

export interface TargetCheck {
  id: TargetId;
  met: boolean;
  actual: number;
  required: number;
  /** Days still missing (0 when met). */
  remaining: number;
  /** i18n key for the summary line; params are actual, required, remaining. */
  summaryKey: `childcare.target.${TargetId}.${'met' | 'remaining'}`;
  summary: Record<Lang, string>;
}

export interface PlanTotals {
  byKind: Record<LeaveKind, KindTotal>;
  /** 配偶者出産休暇 + 育児参加のための休暇, in working days. */
  specialLeaveDays: number;
  /** 育児休業 + 産後パパ育休, in calendar days. */
  childcareLeaveDays: number;
  /** Both together: working days of special leave plus calendar days of 休業. */
  totalLeaveDays: number;
  /** The first year after the birth (the due date standing in until the birth) and its count. */
  firstYear: { from: IsoDate; to: IsoDate; days: number };
  targets: Record<TargetId, TargetCheck>;
}

function check(id: TargetId, actual: number, required: number): TargetCheck {
  const met = actual >= required;
  const remaining = met ? 0 : required - actual;
  const base = { id, met, actual, required, remaining };
  return {
    ...base,
    summaryKey: `childcare.target.${id}.${met ? 'met' : 'remaining'}`,
    summary: { ja: targetSummary(base, 'ja'), en: targetSummary(base, 'en') },
  };
}

/**
 * Days of leave in [from, to] as the national 取得計画 sheet counts them: every day of a 休業,
 * the working days of a special leave, and weekends/holidays next to leave per the setting.
 */
export function leaveDaysWithin(
  ranges: readonly LeaveRange[],
  from: IsoDate,
  to: IsoDate,
  mode: ChildcareSettings['targets']['firstYearNonWorkingDays'],
): number {
  const off = new Set<IsoDate>();
  for (const r of ranges) {
    if (r.end < r.start) continue;
    for (const day of eachDay(r.start, r.end)) if (!isSpecialLeave(r.kind) || isWorkingDay(day)) off.add(day);
  }
  if (mode !== 'none') {
    // Runs of non-working days touching leave on one side ('adjacent') or on both ('enclosed').
    for (const day of [...off]) {
      for (const step of [1, -1]) {
        const run: IsoDate[] = [];
        let d = addDays(day, step);
        while (!off.has(d) && !isWorkingDay(d) && run.length < 20) {
          run.push(d);
          d = addDays(d, step);
        }
        if (run.length > 0 && (mode === 'adjacent' || off.has(d))) for (const x of run) off.add(x);
      }
    }
  }
  let days = 0;
  for (const day of off) if (day >= from && day <= to) days++;
  return days;
}

/** Days per kind, the totals and the three targets. Invalid ranges still count (the card shows both). */
export function planTotals(
  plan: PlanDates & { ranges: readonly LeaveRange[] },
  settings: ChildcareSettings = DEFAULT_CHILDCARE_SETTINGS,
): PlanTotals {
  const byKind = {} as Record<LeaveKind, KindTotal>;
  for (const kind of LEAVE_KINDS) {
    const ofKind = plan.ranges.filter((r) => r.kind === kind);
    byKind[kind] = {
      days: ofKind.reduce((sum, r) => sum + countedDays(kind, r.start, r.end), 0),
      unit: unitOf(kind),
      ranges: ofKind.length,
    };
  }
  const specialLeaveDays = byKind.spouse_childbirth_leave.days + byKind.childcare_participation_leave.days;
  const childcareLeaveDays = byKind.postnatal_paternity_leave.days + byKind.childcare_leave.days;

  const birth = (plan.birthDate ?? plan.dueDate) as IsoDate;
  const t = settings.targets;
  const firstYearTo = lastDayOfPeriod(birth, t.firstYearMonths);
  const firstYearRanges = t.firstYearCountsAnnualLeave
    ? plan.ranges
    : plan.ranges.filter((r) => r.kind !== 'childcare_annual_leave');
  const firstYearDays = leaveDaysWithin(firstYearRanges, birth, firstYearTo, t.firstYearNonWorkingDays);

  return {
    byKind,
    specialLeaveDays,
    childcareLeaveDays,
    totalLeaveDays: specialLeaveDays + childcareLeaveDays,
    firstYear: { from: birth, to: firstYearTo, days: firstYearDays },
    targets: {
      specialLeave5Days: check('specialLeave5Days', specialLeaveDays, t.specialLeaveDays),
      childcareLeave2Weeks: check('childcareLeave2Weeks', childcareLeaveDays, t.childcareLeaveDays),
      firstYear1Month: check('firstYear1Month', firstYearDays, t.firstYearDays),
    },
  };
}
