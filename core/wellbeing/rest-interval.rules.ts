import type { IsoDate } from '../shared/calendar.ts';
import { clockMinutes, declaredSpan, type PunchDay } from './punch.ts';

/**
 * 勤務間インターバル: the rest from the end of one working day to the start of the next (seed 001
 * 「勤務間インターバルの活用」; seed 003 法務省「前日の退庁時間から翌日の登庁時間まで11時間」;
 * 人事院規則15-14 第16条の3 asks for it as an effort duty without fixing hours).
 *
 * Read from the imported declared start/end. A figure only where both ends are known:
 * - a day without punches that is not whole-day leave is unknown → the chain breaks (no figure
 *   on either side), never a guess that would raise a false alarm;
 * - a whole-day leave, a weekend or a holiday (no row) is not a working day: the rest simply runs
 *   across it (and is then long);
 * - a missing end breaks the rest after that day; a missing start the rest before it;
 * - an end at or before the start, or a next start before the previous end, is bad data → no figure.
 */

export interface RestInterval {
  /** The working day that ended. */
  after: IsoDate;
  /** The working day that started after the rest (the interval belongs to this day and its month). */
  before: IsoDate;
  minutes: number;
}

export function restIntervals(days: readonly PunchDay[]): RestInterval[] {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const out: RestInterval[] = [];
  /** The previous working day's end, when known. */
  let prev: { date: IsoDate; end: number } | null = null;
  for (const day of sorted) {
    if (!day.start && !day.end) {
      if (!day.onLeave) prev = null;
      continue;
    }
    const span = declaredSpan(day);
    // Only a start: the rest before it is known. Only an end, or a reversed span: nothing is.
    const start = span?.start ?? (day.start && !day.end ? clockMinutes(day.date, day.start) : null);
    if (prev && start !== null && start > prev.end)
      out.push({ after: prev.date, before: day.date, minutes: start - prev.end });
    prev = span ? { date: day.date, end: span.end } : null;
  }
  return out;
}

/** Whether a rest is under the threshold (設定 wellbeing.restIntervalHours). */
export const isShortRest = (interval: RestInterval, thresholdHours: number): boolean =>
  interval.minutes < thresholdHours * 60;

/** The short rests of one person, for a month ('YYYY-MM', of the day that followed the rest). */
export function shortRests(
  days: readonly PunchDay[],
  thresholdHours: number,
  month?: string,
): RestInterval[] {
  return restIntervals(days).filter(
    (r) => isShortRest(r, thresholdHours) && (!month || r.before.startsWith(month)),
  );
}
