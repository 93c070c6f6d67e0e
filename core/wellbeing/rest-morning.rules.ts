import type { IsoDate } from '../shared/calendar.ts';
import { clockMinutes, declaredSpan, type PunchDay } from './punch.ts';

/**
 * The morning card after a short rest (勤務間インターバル; seed 001, seed 003 法務省 「前日の退庁時間から
 * 翌日の登庁時間まで11時間」; 人事院規則15-14 第16条の3: 努力義務, hours not fixed, so a setting).
 *
 * On a working morning, the rest since the last working day ends at the standard start (設定
 * wellbeing.standardStart) unless the person starts later. When that rest is under the threshold,
 * the card suggests starting no earlier than the end of the last day + the threshold (遅出, where the
 * section allows it). Fail quiet on doubt:
 * - the last punched day is read, whatever the gap (a weekend or holiday between makes the rest long
 *   by itself, so it never alarms);
 * - a whole-day leave or a day without punches after the last end: no card (the chain is broken,
 *   never a guess);
 * - a missing end, or an end before the start (bad data): no card.
 */
export interface MorningRest {
  /** The working day that ended. */
  lastDay: IsoDate;
  /** Its end as 'YYYY-MM-DDTHH:MM' (the next calendar day when it ended after midnight). */
  endedAt: string;
  /** Rest from that end to today's standard start, in minutes (negative when the end was after it). */
  restMinutes: number;
  /** The earliest start that gives the full rest, as 'YYYY-MM-DDTHH:MM'. */
  restedStart: string;
}

const stamp = (minutes: number): string => {
  const d = new Date(minutes * 60_000);
  return d.toISOString().slice(0, 16);
};

export function morningRest(
  days: readonly PunchDay[],
  today: IsoDate,
  standardStart: string,
  thresholdHours: number,
): MorningRest | null {
  const before = days.filter((d) => d.date < today).sort((a, b) => (a.date < b.date ? 1 : -1));
  const last = before.find((d) => d.onLeave || d.start || d.end);
  if (!last || last.onLeave) return null;
  // A day with no punches and no leave between the last end and today: unknown, so nothing.
  if (before.some((d) => d.date > last.date && !d.onLeave)) return null;
  const span = declaredSpan(last);
  if (!span) return null;
  const restMinutes = clockMinutes(today, standardStart) - span.end;
  if (restMinutes >= thresholdHours * 60) return null;
  return {
    lastDay: last.date,
    endedAt: stamp(span.end),
    restMinutes,
    restedStart: stamp(span.end + thresholdHours * 60),
  };
}

/** 遅出 may be suggested in this section (設定: every section, or the listed section codes). */
export const lateStartAllowed = (
  settings: { lateStartAllSections: boolean; lateStartSectionCodes: readonly string[] },
  sectionCode: string,
): boolean => settings.lateStartAllSections || settings.lateStartSectionCodes.includes(sectionCode);

/** Monday of the week before `today` and that week's Sunday (the weekly count's period). */
export function previousWeek(today: IsoDate): { from: IsoDate; to: IsoDate } {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  const monday = t - (dow + 7) * 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(monday), to: iso(monday + 6 * 86_400_000) };
}
