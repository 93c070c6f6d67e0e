import { isWorkingDay, tokyoDateOf, tokyoTimeOf } from './calendar.ts';

/**
 * Quiet hours (SPEC §8): Japanese local times 'HH:MM' in which nobody gets a proactive message;
 * start > end means they span midnight (20:00–08:00). Leave, overtime and childcare all use these.
 */
export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '20:00', end: '08:00' };

export function isQuietTime(instant: Date, quiet: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const t = tokyoTimeOf(instant);
  return quiet.start > quiet.end ? t >= quiet.start || t < quiet.end : t >= quiet.start && t < quiet.end;
}

/** A person may get a proactive message: a working day in Japan, outside quiet hours. */
export function isSendableTime(instant: Date, quiet: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  return isWorkingDay(tokyoDateOf(instant)) && !isQuietTime(instant, quiet);
}
