import { addDays, dayOfWeek, type IsoDate, isWorkingDay } from '../shared/calendar.ts';
import type { CampaignKind, Period } from './leave.types.ts';

/**
 * Default campaign periods, computed from the Japanese holiday calendar (never hard-coded per year,
 * so a moved or new holiday is picked up from @holiday-jp/holiday_jp).
 */

// holiday_jp knows 1970–2050; a year-end block reaches into January of the next year.
const FIRST_YEAR = 1970;
const LAST_YEAR = 2049;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR)
    throw new RangeError(`no holiday calendar for ${year} (${FIRST_YEAR}–${LAST_YEAR})`);
}

/**
 * The longest run of consecutive non-working days (weekends, holidays, 12/29–1/3) that contains
 * the date, or undefined when the date is a working day.
 */
export function nonWorkingBlock(date: IsoDate): Period | undefined {
  if (isWorkingDay(date)) return undefined;
  let start = date;
  while (!isWorkingDay(addDays(start, -1))) start = addDays(start, -1);
  let end = date;
  while (!isWorkingDay(addDays(end, 1))) end = addDays(end, 1);
  return { start, end };
}

function blockAround(date: IsoDate): Period {
  const block = nonWorkingBlock(date);
  // 4/29, 5/3 and 12/29 are non-working by law; a working day here means the calendar is broken.
  if (!block) throw new Error(`expected ${date} to be a non-working day`);
  return block;
}

/**
 * Golden Week: from the start of the non-working block around 昭和の日 (4/29, with the weekend
 * before it when they touch) to the end of the block around 憲法記念日–こどもの日 (5/3–5/5, with
 * 振替休日 and the weekend after). Working days between the two blocks are inside the period:
 * they are the bridge days people plan leave on.
 */
export function goldenWeekPeriod(year: number): Period {
  checkYear(year);
  return { start: blockAround(`${year}-04-29`).start, end: blockAround(`${year}-05-03`).end };
}

/** 夏季休暇 may be taken from July to September (人事院規則15-14). */
export function summerPeriod(year: number): Period {
  checkYear(year);
  return { start: `${year}-07-01`, end: `${year}-09-30` };
}

/** The year-end closure itself: the non-working block that holds 12/29–1/3 and the weekends touching it. */
export function yearEndClosureBlock(year: number): Period {
  checkYear(year);
  return blockAround(`${year}-12-29`);
}

/**
 * Year-end campaign: the closure alone has no working day to plan, so the period runs from the
 * Monday a week before the closure to the end of the week after it (and the days off touching
 * that weekend, e.g. 成人の日): the working days people combine with the closure.
 */
export function yearEndPeriod(year: number): Period {
  const closure = yearEndClosureBlock(year);
  let start = addDays(closure.start, -7);
  while (dayOfWeek(start) !== 1) start = addDays(start, -1);
  let end = addDays(closure.end, 7);
  while (dayOfWeek(end) !== 0) end = addDays(end, 1);
  return { start, end: nonWorkingBlock(end)?.end ?? end };
}

export function presetPeriod(kind: Exclude<CampaignKind, 'custom'>, year: number): Period {
  switch (kind) {
    case 'gw':
      return goldenWeekPeriod(year);
    case 'summer':
      return summerPeriod(year);
    case 'year_end':
      return yearEndPeriod(year);
  }
}
