import { z } from 'zod';
import {
  addDays,
  dayOfWeek,
  holidayName,
  type IsoDate,
  isWorkingDay,
  lastDayOfMonth,
  monthOf,
  nextWorkingDay,
  previousWorkingDay,
  tokyoDateOf,
  tokyoInstant,
} from '../shared/calendar.ts';
import { ruleIssue } from '../shared/zod-errors.ts';

/**
 * When a recurring announcement goes out (pure). Dates are Japanese local dates and the time is
 * Japan time; holidays are 国民の祝日 and 振替休日 (@holiday-jp/holiday_jp) plus 行政機関の休日
 * 12/29–1/3 (行政機関の休日に関する法律 第1条), through core/shared/calendar.ts.
 */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const isoDate = z.iso.date();

export const recurrenceSchema = z
  .object({
    /** weekly: on these weekdays (0 = Sunday … 6 = Saturday); monthly: on this day (or the last). */
    frequency: z.enum(['weekly', 'monthly']),
    weekdays: z.array(z.number().int().min(0).max(6)).max(7).default([]),
    dayOfMonth: z.union([z.number().int().min(1).max(31), z.literal('last')]).optional(),
    time: hhmm,
    /** A date that is not a working day: skip it, or move to the next / previous working day. */
    onHoliday: z.enum(['skip', 'next_working_day', 'previous_working_day']).default('skip'),
    startsOn: isoDate,
    endsOn: isoDate.nullish(),
  })
  .superRefine((r, ctx) => {
    if (r.frequency === 'weekly' && r.weekdays.length === 0)
      ruleIssue(ctx, ['weekdays'], 'choose at least one weekday', 'announcement.series_weekdays');
    if (r.frequency === 'monthly' && r.dayOfMonth === undefined)
      ruleIssue(ctx, ['dayOfMonth'], 'choose the day of the month', 'announcement.series_day_of_month');
    if (r.endsOn && r.endsOn < r.startsOn)
      ruleIssue(ctx, ['endsOn'], 'ends before it starts', 'announcement.series_ends_before_start');
  });
export type Recurrence = z.infer<typeof recurrenceSchema>;

export interface Occurrence {
  /** The date it goes out (after any shift). */
  date: IsoDate;
  at: Date;
  /** The date the rule named, when a holiday moved it. */
  shiftedFrom?: IsoDate;
  /** The holiday's name, when it moved (for the series view). */
  holiday?: string;
}

/** The dates the rule names in [from, to], before holidays are considered. */
function namedDates(r: Recurrence, from: IsoDate, to: IsoDate): IsoDate[] {
  const dates: IsoDate[] = [];
  if (r.frequency === 'weekly') {
    for (let d = from; d <= to; d = addDays(d, 1)) if (r.weekdays.includes(dayOfWeek(d))) dates.push(d);
    return dates;
  }
  for (let month = monthOf(from); `${month}-01` <= to; month = monthOf(addDays(lastDayOfMonth(month), 1))) {
    const last = lastDayOfMonth(month);
    // A day the month lacks (31 in June) is the month's last day.
    const day =
      r.dayOfMonth === 'last' ? Number(last.slice(8)) : Math.min(r.dayOfMonth ?? 1, Number(last.slice(8)));
    const d = `${month}-${String(day).padStart(2, '0')}`;
    if (d >= from && d <= to) dates.push(d);
  }
  return dates;
}

/**
 * The occurrences in [from, to] (named dates inside it; a shift may move one a few days out of it).
 * Two named dates that a shift puts on the same day go out once.
 */
export function occurrencesBetween(r: Recurrence, from: IsoDate, to: IsoDate): Occurrence[] {
  const start = from < r.startsOn ? r.startsOn : from;
  const end = r.endsOn && r.endsOn < to ? r.endsOn : to;
  const out: Occurrence[] = [];
  const seen = new Set<IsoDate>();
  for (const named of namedDates(r, start, end)) {
    let date = named;
    if (!isWorkingDay(named)) {
      if (r.onHoliday === 'skip') continue;
      date = r.onHoliday === 'next_working_day' ? nextWorkingDay(named) : previousWorkingDay(named);
    }
    if (seen.has(date)) continue;
    seen.add(date);
    const o: Occurrence = { date, at: tokyoInstant(date, r.time) };
    if (date !== named) {
      o.shiftedFrom = named;
      o.holiday = holidayName(named) ?? (dayOfWeek(named) % 6 === 0 ? undefined : '年末年始の休日');
    }
    out.push(o);
  }
  return out;
}

/**
 * How far a shift can move a date, with margin: the year-end closure (12/29–1/3) next to a weekend
 * moves Saturday 12/27 to Monday 1/5 — nine days. Whoever looks for what is due now starts this far
 * back, or a date named before the window but moved past `now` is never seen.
 */
export const MAX_SHIFT_DAYS = 14;

/** The first occurrence at or after `now` (within the next ~13 months), if the series has one. */
export function nextOccurrence(r: Recurrence, now: Date): Occurrence | undefined {
  const from = addDays(tokyoDateOf(now), -MAX_SHIFT_DAYS);
  const to = addDays(tokyoDateOf(now), 400);
  return occurrencesBetween(r, from, to).find((o) => o.at.getTime() >= now.getTime());
}
