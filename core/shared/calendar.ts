import holidayJp from '@holiday-jp/holiday_jp';

/**
 * Japanese calendar dates as 'YYYY-MM-DD' strings. Plans, deadlines and attendance days are
 * local dates in Japan, not instants, so the domain never carries a Date for them.
 */
export type IsoDate = string;

const HOLIDAYS: Readonly<Record<string, { name: string }>> = holidayJp.holidays;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(value: string): { y: number; m: number; d: number } {
  const match = ISO.exec(value);
  if (!match) throw new RangeError(`not a date (YYYY-MM-DD): ${value}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d)
    throw new RangeError(`no such date: ${value}`);
  return { y, m, d };
}

export function isValidIsoDate(value: string): boolean {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function fromUtc(date: Date): IsoDate {
  const y = date.getUTCFullYear();
  // Built by hand: toISOString formats the time as well, and day walks call this once per day.
  return y >= 1000 && y <= 9999
    ? `${y}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`
    : date.toISOString().slice(0, 10);
}

function toUtc(value: IsoDate): Date {
  const { y, m, d } = parseIsoDate(value);
  return new Date(Date.UTC(y, m - 1, d));
}

export function addDays(value: IsoDate, days: number): IsoDate {
  const date = toUtc(value);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtc(date);
}

export function addMonths(value: IsoDate, months: number): IsoDate {
  const { y, m, d } = parseIsoDate(value);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return fromUtc(target);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000);
}

/** Every date from start to end, both included. */
export function eachDay(start: IsoDate, end: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) days.push(d);
  return days;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(value: IsoDate): number {
  return toUtc(value).getUTCDay();
}

export function isWeekend(value: IsoDate): boolean {
  const dow = dayOfWeek(value);
  return dow === 0 || dow === 6;
}

/** 国民の祝日 and 振替休日 (holiday_jp covers 1970–2050). */
export function holidayName(value: IsoDate): string | undefined {
  parseIsoDate(value);
  // A direct lookup in holiday_jp's table, keyed by 'YYYY-MM-DD': no Date, so no time-zone shift,
  // and O(1) (its between() scans all ~1,300 holidays on every call).
  return HOLIDAYS[value]?.name;
}

const yearEndClosed = (m: number, d: number) => (m === 12 && d >= 29) || (m === 1 && d <= 3);

/** 行政機関の休日: 12/29–1/3 is closed although not a national holiday. */
export function isYearEndClosure(value: IsoDate): boolean {
  const { m, d } = parseIsoDate(value);
  return yearEndClosed(m, d);
}

/** The rule, for a valid date and its UTC midnight: not a weekend, the closure, or a holiday. */
function working(value: IsoDate, date: Date): boolean {
  const dow = date.getUTCDay();
  return (
    dow !== 0 &&
    dow !== 6 &&
    !yearEndClosed(date.getUTCMonth() + 1, date.getUTCDate()) &&
    HOLIDAYS[value] === undefined
  );
}

export function isWorkingDay(value: IsoDate): boolean {
  return working(value, toUtc(value));
}

/**
 * The working days from start to end, both included: one Date walked day by day (残業 projects
 * the month on every turn; taking each date apart again cost more than the rest of the summary).
 */
export function workingDaysBetween(start: IsoDate, end: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  const date = toUtc(start);
  for (let d = start; d <= end; d = fromUtc(date)) {
    if (working(d, date)) days.push(d);
    date.setUTCDate(date.getUTCDate() + 1);
  }
  return days;
}

/** The n-th working day on or after the given date (n = 0 → the date itself if working). */
export function nextWorkingDay(from: IsoDate): IsoDate {
  let d = from;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The latest working day on or before the given date. */
export function previousWorkingDay(from: IsoDate): IsoDate {
  let d = from;
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

export function addWorkingDays(from: IsoDate, n: number): IsoDate {
  let d = from;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

const tokyoDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const tokyoTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Tokyo',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Japanese local date of an instant, whatever the process time zone. */
export function tokyoDateOf(instant: Date): IsoDate {
  return tokyoDate.format(instant);
}

/** 'HH:MM' in Japan. */
export function tokyoTimeOf(instant: Date): string {
  return tokyoTime.format(instant);
}

/** The instant of a Japanese local date and time (Japan has no daylight saving: UTC+9). */
export function tokyoInstant(date: IsoDate, time = '00:00'): Date {
  return new Date(`${date}T${time}:00+09:00`);
}

export function monthOf(value: IsoDate): string {
  return value.slice(0, 7);
}

export function lastDayOfMonth(month: string): IsoDate {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return fromUtc(new Date(Date.UTC(y, m, 0)));
}

/** Japanese fiscal year (April–March): 2026-03-31 → 2025. */
export function fiscalYearOf(value: IsoDate): number {
  const { y, m } = parseIsoDate(value);
  return m >= 4 ? y : y - 1;
}

/**
 * The last day of a period of `months` months that begins on `start`, the start day counted
 * (民法143条; e.g. "出生の日以後1年", "3歳に達する日"): the day before the same day of the month
 * `months` later, or that month's last day when it has no such day (2024-02-29 + 12 → 2025-02-28).
 */
export function lastDayOfPeriod(start: IsoDate, months: number): IsoDate {
  const same = addMonths(start, months);
  return parseIsoDate(same).d === parseIsoDate(start).d ? addDays(same, -1) : same;
}
