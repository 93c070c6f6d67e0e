import {
  addDays,
  dayOfWeek,
  eachDay,
  holidayName,
  type IsoDate,
  isWeekend,
  isWorkingDay,
  isYearEndClosure,
} from '../shared/calendar.ts';
import type { Period } from './leave.types.ts';

/** One column of the plan card and of the section table. */
export interface GridDay {
  date: IsoDate;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  working: boolean;
  holidayName?: string;
  weekend: boolean;
  /** 行政機関の休日 12/29–1/3. */
  closure: boolean;
  /** 飛び石: a short run of working days between non-working days, worth suggesting for leave. */
  bridge: boolean;
}

/** A run of at most this many working days between non-working days is a bridge. */
export const DEFAULT_MAX_BRIDGE_RUN = 2;

/**
 * Whether a working day sits in a run of at most `maxRun` working days with non-working days on
 * both sides. Looks beyond any period: a bridge is a property of the calendar.
 */
export function isBridgeDay(date: IsoDate, maxRun = DEFAULT_MAX_BRIDGE_RUN): boolean {
  if (!isWorkingDay(date)) return false;
  let run = 1;
  for (let d = addDays(date, -1); isWorkingDay(d); d = addDays(d, -1)) if (++run > maxRun) return false;
  for (let d = addDays(date, 1); isWorkingDay(d); d = addDays(d, 1)) if (++run > maxRun) return false;
  return true;
}

export function gridDay(date: IsoDate, maxBridgeRun = DEFAULT_MAX_BRIDGE_RUN): GridDay {
  const holiday = holidayName(date);
  const working = isWorkingDay(date);
  return {
    date,
    weekday: dayOfWeek(date),
    working,
    ...(holiday === undefined ? {} : { holidayName: holiday }),
    weekend: isWeekend(date),
    closure: isYearEndClosure(date),
    bridge: working && isBridgeDay(date, maxBridgeRun),
  };
}

/** Every date of the period, in order, with what the plan card needs to show about it. */
export function planGrid(period: Period, options: { maxBridgeRun?: number } = {}): GridDay[] {
  return eachDay(period.start, period.end).map((d) => gridDay(d, options.maxBridgeRun));
}

/** The bridge days of a period: the days the card suggests. */
export function bridgeDays(period: Period, options: { maxBridgeRun?: number } = {}): IsoDate[] {
  return planGrid(period, options)
    .filter((d) => d.bridge)
    .map((d) => d.date);
}
