import { type IsoDate, isValidIsoDate } from '../shared/calendar.ts';

/**
 * Readers for one cell of the attendance export. Each returns a value or a reason (English, shown
 * after `line N, column C:`), never throws: one bad cell must not hide the others in the file.
 * Cells are NFKC-normalised first, so full-width digits and colons (８：３０) from Shift_JIS
 * exports read like half-width ones.
 */
export type CellResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const fail = <T>(reason: string): CellResult<T> => ({ ok: false, reason });

/** NFKC leaves ASCII as it is: the usual all-ASCII cell skips it (a million-row file has six million). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII, on purpose.
const NON_ASCII = /[^\u0000-\u007f]/;

export function normalizeCell(raw: string | undefined): string {
  if (raw === undefined) return '';
  return NON_ASCII.test(raw) ? raw.normalize('NFKC').trim() : raw.trim();
}

/** Eras in use for dates of living people's work. The first day of each era, and its last. */
const ERAS = [
  { names: ['令和', 'R'], start: '2019-05-01', end: '9999-12-31' },
  { names: ['平成', 'H'], start: '1989-01-08', end: '2019-04-30' },
  { names: ['昭和', 'S'], start: '1926-12-25', end: '1989-01-07' },
] as const;

const WESTERN = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const WESTERN_KANJI = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const WESTERN_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const JAPANESE =
  /^(令和|平成|昭和|[RHS])\s*(元|\d{1,2})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?$/i;
/** Exports often append the weekday: 2026/5/6(水). */
const WEEKDAY_SUFFIX = /\s*\([日月火水木金土]\)$/;

/** 2026-05-06, 2026/5/6, 2026.5.6, 2026年5月6日, 20260506, 令和8年5月6日, 令和元年5月1日, R8.5.6, H31/4/30. */
export function parseDateCell(raw: string): CellResult<IsoDate> {
  const iso = plainIsoDate(raw);
  if (iso !== undefined) return ok(iso);
  const text = normalizeCell(raw).replace(WEEKDAY_SUFFIX, '');
  if (text === '') return fail('date is empty');
  const western = WESTERN.exec(text) ?? WESTERN_KANJI.exec(text) ?? WESTERN_COMPACT.exec(text);
  if (western) return isoOf(Number(western[1]), Number(western[2]), Number(western[3]), text);

  const japanese = JAPANESE.exec(text);
  if (!japanese) return fail(`"${text}" is not a date (use 2026-05-06, 2026/5/6, 令和8年5月6日 or R8.5.6)`);
  const [, eraName, yearText, m, d] = japanese as unknown as [string, string, string, string, string];
  const era = ERAS.find((e) => (e.names as readonly string[]).includes(eraName.toUpperCase()));
  if (!era) return fail(`unknown era in "${text}"`);
  const eraYear = yearText === '元' ? 1 : Number(yearText);
  if (eraYear < 1) return fail(`"${text}": an era year starts at 1 (元年)`);
  const date = isoOf(Number(era.start.slice(0, 4)) + eraYear - 1, Number(m), Number(d), text);
  if (!date.ok) return date;
  if (date.value < era.start) return fail(`"${text}" is before ${era.names[0]} began (${era.start})`);
  if (date.value > era.end)
    return fail(`"${text}" is after ${era.names[0]} ended (${era.end}); the date is in the next era`);
  return date;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The export's usual cell, an ISO date (2026-05-06) with no spaces, read without regex or Date:
 * this runs once per row of a million-row file. Anything else (or an invalid date) → undefined,
 * and the general reader gives the value or the message.
 */
export function plainIsoDate(raw: string): IsoDate | undefined {
  if (raw.length !== 10 || raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45) return undefined;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = raw.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    if (i < 4) y = y * 10 + digit;
    else if (i < 7) m = m * 10 + digit;
    else d = d * 10 + digit;
  }
  if (y < 1000 || m < 1 || m > 12 || d < 1) return undefined;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS_IN_MONTH[m - 1]! + (leap ? 1 : 0) ? raw : undefined;
}

function isoOf(y: number, m: number, d: number, text: string): CellResult<IsoDate> {
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isValidIsoDate(iso) ? ok(iso) : fail(`"${text}" is not a calendar date`);
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A clock time as minutes after midnight of the working day. Hours 24–47 (25:30) mean the next
 * day, as attendance systems write overnight work; whether that is allowed is the caller's rule.
 * Seconds are dropped.
 */
export function parseTimeCell(raw: string): CellResult<number> {
  const plain = plainClock(raw);
  if (plain !== undefined) return ok(plain);
  const text = normalizeCell(raw);
  const match = TIME.exec(text);
  if (!match) return fail(`"${text}" is not a time (use 8:30 or 08:30)`);
  const h = Number(match[1]);
  const min = Number(match[2]);
  const sec = match[3] === undefined ? 0 : Number(match[3]);
  if (min > 59 || sec > 59 || h > 47) return fail(`"${text}" is not a time`);
  return ok(h * 60 + min);
}

/** 9:00 / 09:00 / 25:30 without regex (once or twice per row); anything else → undefined. */
export function plainClock(raw: string): number | undefined {
  const colon = raw.length - 3;
  if ((colon !== 1 && colon !== 2) || raw.charCodeAt(colon) !== 58) return undefined;
  const h = digitsOf(raw, 0, colon);
  const min = digitsOf(raw, colon + 1, colon + 3);
  if (h === undefined || min === undefined || h > 47 || min > 59) return undefined;
  return h * 60 + min;
}

/** The digits of raw[from, to) as a number; undefined when another character is there. */
function digitsOf(raw: string, from: number, to: number): number | undefined {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = raw.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    n = n * 10 + digit;
  }
  return n;
}

/** 'HH:MM' of every minute of the day, built once (formatClock runs twice per row). */
const CLOCK_TEXT = Array.from(
  { length: 1440 },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
);

export function formatClock(minutesOfDay: number): string {
  return CLOCK_TEXT[((minutesOfDay % 1440) + 1440) % 1440]!;
}

const HOURS_MINUTES = /^(\d+):(\d{2})$/;
const KANJI = /^(?:(\d+(?:\.\d+)?)時間)?(?:(\d+)分)?$/;
const NUMBER = /^\d+(?:\.\d+)?$/;
/** Negative marks: '-', U+2212 minus, and ▲ as Japanese ledgers write it. */
const NEGATIVE = /^[-−▲]/;

/**
 * A duration in whole minutes: 1:30 / 01:30 (hours:minutes), 1時間30分, 90分, 1.5時間, or a bare
 * number in `bareUnit` (the mapping's choice; the GSS export writes minutes). Empty → null.
 * Negative values and more than 24 hours are refused here, since no per-day duration can be either.
 */
export function parseDurationCell(raw: string, bareUnit: 'minutes' | 'hours'): CellResult<number | null> {
  const plain = plainMinutes(raw, bareUnit);
  if (plain !== undefined) return ok(plain);
  const text = normalizeCell(raw);
  if (text === '') return ok(null);
  if (NEGATIVE.test(text)) return fail(`"${text}" is negative`);
  let minutes: number | undefined;
  const hm = HOURS_MINUTES.exec(text);
  const kanji = text.includes('時間') || text.endsWith('分') ? KANJI.exec(text) : null;
  if (hm) {
    if (Number(hm[2]) > 59) return fail(`"${text}": minutes must be 00–59`);
    minutes = Number(hm[1]) * 60 + Number(hm[2]);
  } else if (kanji && (kanji[1] !== undefined || kanji[2] !== undefined)) {
    minutes = Number(kanji[1] ?? 0) * 60 + Number(kanji[2] ?? 0);
  } else if (NUMBER.test(text)) {
    minutes = Number(text) * (bareUnit === 'hours' ? 60 : 1);
  }
  if (minutes === undefined || !Number.isFinite(minutes))
    return fail(`"${text}" is not a duration (use 1:30, 90 or 1時間30分)`);
  if (!Number.isInteger(minutes)) return fail(`"${text}" is not a whole number of minutes`);
  if (minutes > 24 * 60) return fail(`"${text}" is more than 24 hours`);
  return ok(minutes);
}

/** The usual duration cell, a bare count of up to four digits within 24 h, read without regex; else undefined. */
export function plainMinutes(raw: string, bareUnit: 'minutes' | 'hours'): number | undefined {
  if (raw.length === 0 || raw.length > 4) return undefined;
  const count = digitsOf(raw, 0, raw.length);
  const minutes = count === undefined ? undefined : bareUnit === 'hours' ? count * 60 : count;
  return minutes !== undefined && minutes <= 24 * 60 ? minutes : undefined;
}

/** Leave in days: 1, 0.5, 1日; 0 means none. More than one day cannot be taken on one day's row. */
export function parseLeaveDaysCell(raw: string): CellResult<number | null> {
  const text = normalizeCell(raw).replace(/日$/, '');
  if (text === '') return ok(null);
  if (NEGATIVE.test(text)) return fail(`"${text}" is negative`);
  if (!NUMBER.test(text)) return fail(`"${text}" is not a number of days`);
  const days = Number(text);
  if (days === 0) return ok(null);
  if (days > 1) return fail(`"${text}": one day's row holds at most 1 day of leave`);
  return ok(days);
}
