import { addDays, isWorkingDay, nextWorkingDay, tokyoDateOf, tokyoInstant } from '../shared/calendar.ts';
import { isQuietTime, type QuietHours } from '../shared/quiet-hours.ts';

/**
 * The first instant at or after `now` when a person may get a proactive message (SPEC §8): a
 * Japanese working day, outside their quiet hours. A message raised at 23:00 goes at the end of the
 * quiet hours on the next working day.
 */
export function sendableFrom(now: Date, quiet: QuietHours): Date {
  let candidate = now;
  for (let i = 0; i < 30; i++) {
    const date = tokyoDateOf(candidate);
    if (isWorkingDay(date) && !isQuietTime(candidate, quiet)) return candidate;
    const endToday = tokyoInstant(date, quiet.end);
    // Still the morning part of the quiet hours on a working day: wait for its end today.
    if (isWorkingDay(date) && endToday > candidate) candidate = endToday;
    else
      candidate = tokyoInstant(
        nextWorkingDay(addDays(date, 1)),
        quiet.start > quiet.end ? quiet.end : '00:00',
      );
  }
  return candidate;
}
