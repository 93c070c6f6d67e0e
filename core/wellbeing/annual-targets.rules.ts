/**
 * The plan's headline figures (seed 000 Ⅱ2(2)①: 管理的地位にある職員以外の職員一人当たりの年間超過勤務
 * 時間について、地方支分部局及び地方支分部局以外の区分ごとに、前年の実績値を上回らないこと; seed 002 /
 * the plan: 年次休暇 15日以上).
 *
 * "Per person" = total of the period ÷ the average monthly head count of the period (people counted
 * in the months' aggregates), so people who join or leave mid-year count for the months they were
 * there. The projection to March is the period's per-person pace × 12 / months elapsed.
 */

export interface MonthTotal {
  /** Non-managerial people counted that month. */
  staff: number;
  /** Their overtime minutes (or leave days). */
  total: number;
}

export interface PeriodFigure {
  months: number;
  averageStaff: number;
  perPerson: number;
}

export function perPerson(months: readonly MonthTotal[]): PeriodFigure | null {
  const withStaff = months.filter((m) => m.staff > 0);
  if (withStaff.length === 0) return null;
  const staff = withStaff.reduce((n, m) => n + m.staff, 0) / withStaff.length;
  const total = withStaff.reduce((n, m) => n + m.total, 0);
  return { months: withStaff.length, averageStaff: staff, perPerson: total / staff };
}

/** Linear projection of a fiscal-year-to-date per-person figure to the whole year (12 months). */
export const projectToYearEnd = (figure: PeriodFigure, monthsElapsed: number): number =>
  monthsElapsed > 0 ? (figure.perPerson * 12) / monthsElapsed : 0;

/** 前年度実績以下: on track when the projection does not exceed last year's whole-year figure. */
export const onTrack = (projected: number | null, lastYear: number | null): boolean | null =>
  projected === null || lastYear === null ? null : projected <= lastYear;

/** The annual leave target per person and calendar year (seed 002; the plan's 15 日). */
export const ANNUAL_LEAVE_TARGET_DAYS = 15;

/** Seed 001's 100ｈ超え在庁者数: 在庁時間 of a month strictly over 100 h (6,000 min) counts. */
export const IN_OFFICE_OVER_MINUTES = 100 * 60;
