import { assertYearMonth, overtimeYearStart } from '../shared/year-month.ts';
import {
  type AlertInput,
  type AlertLevel,
  type DueAlert,
  dueAlert,
  type MonthlyMinutes,
  multiMonthAverages,
  type SectionKind,
  type SpecialDutyLevel,
} from './overtime.rules.ts';
import { defaultOvertimeSettings, type OvertimeSettings } from './overtime.settings.ts';

/**
 * 特例業務 (人事院規則15-14 第16条の2の2): overtime beyond a cap of 第1項 is lawful only for 特例業務
 * designated by the 各省各庁の長 (第2項), and the causes of every excess are 整理・分析・検証 within
 * six months after the year (第3項). The caps, exactly as the article words them:
 * - 自律 sections (第1項第1号イ): 45 h a month, 360 h a year — "45時間", so 45 h itself is within.
 * - a person who moved from a 他律 to a 自律 section in the year (第1号ロ(1)): 720 h a year. The
 *   further limits of ロ(2) (人事院が定める期間・時間・月数) could not be read in a primary source; we
 *   keep 45 h a month for the months in the 自律 section (assumption, docs/overtime.md).
 * - 他律 sections (第1項第2号): under 100 h a month ("100時間未満": 100 h is over), 720 h a year,
 *   any 2–6-month average 80 h at most, over 45 h in at most 6 months of the year.
 * Managerial staff are left out, as for the other targets of SPEC §3.
 */

/** The annual cap that applies this year (第1項第1号ロ(1) for a mover from 他律 to 自律). */
export function annualCapFor(
  kindNow: SectionKind,
  heteronomousEarlierInYear: boolean,
  settings: OvertimeSettings = defaultOvertimeSettings,
): number {
  return kindNow === 'heteronomous' || heteronomousEarlierInYear
    ? settings.heteronomous.annualCapMinutes
    : settings.standard.annualCapMinutes;
}

/** The employee notices that offer 面接指導を申し出る (人事院規則10-4 第22条の2 第1項第2号). */
export function interviewOfferDue(level: AlertLevel): boolean {
  return level === 'month80' || level === 'avg80';
}

/** Every cap passed now, as alerts for the manager (deduped like the others: employee + period + level). */
export function specialDutyDue(
  input: AlertInput,
  settings: OvertimeSettings = defaultOvertimeSettings,
): DueAlert[] {
  const { month, monthToDateMinutes } = input;
  assertYearMonth(month);
  if (input.isManagerial) return [];
  const due: DueAlert[] = [];
  const add = (level: SpecialDutyLevel, valueMinutes: number, thresholdMinutes: number, extra = {}) =>
    due.push(dueAlert(level, month, valueMinutes, thresholdMinutes, extra));

  const earlier: MonthlyMinutes[] = input.history.filter((h) => h.month < month);
  const all: MonthlyMinutes[] = [...earlier, { month, minutes: monthToDateMinutes }];
  const yearStart = overtimeYearStart(month);
  const yearMonths = all.filter((h) => h.month >= yearStart);
  const yearToDate = yearMonths.reduce((sum, h) => sum + h.minutes, 0);
  const annualCap = annualCapFor(input.sectionKind, input.heteronomousEarlierInYear ?? false, settings);

  if (input.sectionKind === 'standard') {
    const cap = settings.standard.monthlyCapMinutes;
    if (monthToDateMinutes > cap) add('over_month_cap', monthToDateMinutes, cap);
    if (yearToDate > annualCap) add('over_annual_cap', yearToDate, annualCap);
    return due;
  }

  const het = settings.heteronomous;
  if (monthToDateMinutes >= het.monthlyCapMinutes)
    add('over_month_cap', monthToDateMinutes, het.monthlyCapMinutes);
  if (yearToDate > annualCap) add('over_annual_cap', yearToDate, annualCap);
  const averages = multiMonthAverages(dedupe(all), month, {
    limitMinutes: het.averageCapMinutes,
    minMonths: het.averageMinMonths,
    maxMonths: het.averageMaxMonths,
  });
  const worst = averages.exceeding.reduce<(typeof averages.exceeding)[number] | undefined>(
    (w, a) => (w === undefined || a.averageMinutes > w.averageMinutes ? a : w),
    undefined,
  );
  if (worst)
    add('over_average_cap', worst.totalMinutes, het.averageCapMinutes * worst.months, {
      windows: averages.exceeding,
    });
  if (monthToDateMinutes > het.monthsOverMinutes) {
    const count = yearMonths.filter((h) => h.minutes > het.monthsOverMinutes).length;
    if (count > het.monthsOverLimit)
      add('over_months_count', monthToDateMinutes, het.monthsOverMinutes, {
        monthsOver: { count, limit: het.monthsOverLimit },
      });
  }
  return due;
}

/** The last entry per month wins (monthToDateMinutes is the truth for the month itself). */
function dedupe(list: readonly MonthlyMinutes[]): MonthlyMinutes[] {
  const byMonth = new Map<string, number>();
  for (const h of list) byMonth.set(h.month, h.minutes);
  return [...byMonth].map(([month, minutes]) => ({ month, minutes }));
}
