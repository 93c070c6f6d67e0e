import { addMonths, fiscalYearOf, parseIsoDate } from './calendar.ts';

/**
 * A calendar month as 'YYYY-MM'. Overtime is capped, reported and deduplicated per month, so the
 * month is a value of its own rather than a date with a day that means nothing.
 */
export type YearMonth = string;

const YEAR_MONTH = /^\d{4}-\d{2}$/;

export function isYearMonth(value: string): boolean {
  if (!YEAR_MONTH.test(value)) return false;
  const m = Number(value.slice(5, 7));
  return m >= 1 && m <= 12;
}

export function assertYearMonth(value: string): YearMonth {
  if (!isYearMonth(value)) throw new RangeError(`not a month (YYYY-MM): ${value}`);
  return value;
}

export function firstDayOf(month: YearMonth): string {
  return `${assertYearMonth(month)}-01`;
}

/** shiftMonth('2026-01', -2) → '2025-11'. */
export function shiftMonth(month: YearMonth, months: number): YearMonth {
  return addMonths(firstDayOf(month), months).slice(0, 7);
}

/** Whole months from a to b: monthsBetween('2025-11', '2026-01') → 2. */
export function monthsBetween(a: YearMonth, b: YearMonth): number {
  const pa = parseIsoDate(firstDayOf(a));
  const pb = parseIsoDate(firstDayOf(b));
  return (pb.y - pa.y) * 12 + (pb.m - pa.m);
}

/**
 * The first month of the overtime year that contains `month`. The 1年 of 人事院規則15-14
 * 第16条の2の2 is, as we read 人事院's 運用 (not stated in the seeds), the fiscal year 4/1–3/31,
 * the same year the ministry's plans and follow-ups count in.
 */
export function overtimeYearStart(month: YearMonth): YearMonth {
  return `${fiscalYearOf(firstDayOf(month))}-04`;
}
