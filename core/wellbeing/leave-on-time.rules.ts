import { dayOfWeek, type IsoDate, isWorkingDay } from '../shared/calendar.ts';
import { clockMinutes, type PunchDay, stampMinutes } from './punch.ts';

/**
 * 定時退庁日: the government-wide Wednesday (seed 002 「毎週水曜日の定時退庁日」, seed 004 「定時退庁日
 * (水曜日)」 — no primary 人事院 text found that fixes the weekday for every ministry: it is each
 * ministry's own 取組計画, so both the weekdays and the extra dates are settings) plus the ministry's
 * own days. Only working days: a Wednesday holiday is no 定時退庁日.
 */
export function isLeaveOnTimeDay(
  date: IsoDate,
  settings: { leaveOnTimeWeekdays: readonly number[]; leaveOnTimeDates: readonly string[] },
): boolean {
  if (!isWorkingDay(date)) return false;
  return settings.leaveOnTimeWeekdays.includes(dayOfWeek(date)) || settings.leaveOnTimeDates.includes(date);
}

/**
 * Whether a person is still working after `endsAt` on `date`, from the day's row as the intraday
 * feed has it so far: a start (or log-on) without an end (or log-off) yet, or an end after the hour.
 * Returns the last known time ('' while still open), or null when they are not (or nothing is known:
 * no row, whole-day leave, no punch at all — never a guess that would name someone wrongly).
 */
export function stillWorkingAfter(day: PunchDay | undefined, date: IsoDate, endsAt: string): string | null {
  if (!day || day.date !== date || day.onLeave) return null;
  const hour = clockMinutes(date, endsAt);
  const end = day.end ? clockMinutes(date, day.end) + (day.endsNextDay ? 1440 : 0) : null;
  const off = day.logoffAt ? stampMinutes(day.logoffAt) : null;
  const started = Boolean(day.start || day.logonAt);
  if (!started) return null;
  // The declared end wins when there is one; the terminal tells only while nothing is declared.
  if (end !== null) return end > hour ? (day.endsNextDay ? `${day.end}(+1)` : (day.end ?? '')) : null;
  if (off !== null) return off > hour ? (day.logoffAt ?? '').slice(11, 16) : null;
  return '';
}
