import type { IsoDate } from '../shared/calendar.ts';

/**
 * One imported day as the wellbeing rules read it (attendance_day): the declared start/end
 * (申告の登庁・退庁), the terminal log-on/log-off, all Japan local clock time.
 */
export interface PunchDay {
  date: IsoDate;
  /** 'HH:MM' or null when the punch is missing. */
  start: string | null;
  end: string | null;
  /** The end is on the next calendar day (night work). */
  endsNextDay: boolean;
  /** A whole day of leave without punches: not a working day, so the rest runs across it. */
  onLeave: boolean;
  /** 'YYYY-MM-DDTHH:MM' or null. */
  logonAt?: string | null;
  logoffAt?: string | null;
}

const DAY = 1440;

/** Minutes since 1970-01-01 00:00 on a local clock (no time zone: Japan has no DST). */
export function clockMinutes(date: IsoDate, time: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d) / 60_000 + hh * 60 + mm;
}

/** 'YYYY-MM-DDTHH:MM' → clock minutes. */
export const stampMinutes = (stamp: string): number => clockMinutes(stamp.slice(0, 10), stamp.slice(11, 16));

/** The declared span of a day in clock minutes, or null when a punch is missing or the span is not a span. */
export function declaredSpan(day: PunchDay): { start: number; end: number } | null {
  if (!day.start || !day.end) return null;
  const start = clockMinutes(day.date, day.start);
  const end = clockMinutes(day.date, day.end) + (day.endsNextDay ? DAY : 0);
  return end > start ? { start, end } : null;
}
