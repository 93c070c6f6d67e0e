import type { OvertimeSummary } from '../../contracts/tab-api/overtime.contract.ts';
import type { Db } from '../db/db.ts';
import { parseSetting } from '../settings/settings.repository.ts';
import { fiscalYearOf, type IsoDate, monthOf, tokyoDateOf } from '../shared/calendar.ts';
import { overtimeYearStart, shiftMonth, type YearMonth } from '../shared/year-month.ts';
import { capsFor, type MonthProjection, projectMonthEnd } from './overtime.rules.ts';
import type { OvertimeSettings } from './overtime.settings.ts';
import {
  type FiguresQuery,
  readCommandFigures,
  readSummaryFigures,
  type SummaryFigures,
} from './overtime-summary.repository.ts';
import { annualCapFor } from './special-duty.rules.ts';

export type { OvertimeSummary };

export async function overtimeSummary(
  db: Db,
  employee: { id: string; heteronomous: boolean },
  now: Date,
  settings: OvertimeSettings,
): Promise<OvertimeSummary> {
  const today = tokyoDateOf(now);
  return summarize(employee, today, await readSummaryFigures(db, figuresQuery(employee, today)), settings);
}

/**
 * What 残業 answers, and what comes with it, in one round trip: the summary, the overtime settings
 * in force (the card shows the caps), and up to `openAlertLimit` open 100 h alerts this person is to
 * follow up, newest first (their cards are sent again).
 */
export async function overtimeCommandView(
  db: Db,
  employee: { id: string; heteronomous: boolean },
  now: Date,
  openAlertLimit: number,
): Promise<{ summary: OvertimeSummary; settings: OvertimeSettings; openAlertIds: number[] }> {
  const today = tokyoDateOf(now);
  const figures = await readCommandFigures(db, figuresQuery(employee, today), openAlertLimit);
  const settings = parseSetting('overtime', figures.storedSettings);
  return {
    summary: summarize(employee, today, figures, settings),
    settings,
    openAlertIds: figures.openAlertIds,
  };
}

function figuresQuery(employee: { id: string; heteronomous: boolean }, today: IsoDate): FiguresQuery {
  const month = monthOf(today);
  return {
    employeeId: employee.id,
    heteronomous: employee.heteronomous,
    month,
    firstMonth: shiftMonth(month, -5),
    fiscalYear: fiscalYearOf(today),
    yearStart: overtimeYearStart(month),
  };
}

function summarize(
  employee: { heteronomous: boolean },
  today: IsoDate,
  figures: SummaryFigures,
  settings: OvertimeSettings,
): OvertimeSummary {
  const month = monthOf(today);
  const rows = figures.months;
  const current = rows[rows.length - 1];
  const minutesSoFar = current?.minutes ?? 0;
  const kind = employee.heteronomous ? 'heteronomous' : 'standard';
  const caps = capsFor(kind, settings);
  const moved = !employee.heteronomous && figures.movedFromHeteronomous;
  return {
    month,
    minutesSoFar,
    dataUntil: current?.last ?? null,
    // Projected from the last day with data: days not yet imported are not days without overtime.
    projection: projectMonthEnd({ month, asOf: current?.last ?? today, minutesSoFar }),
    monthlyCapMinutes: caps.monthlyCapMinutes,
    monthlyCapExclusive: employee.heteronomous,
    annualCapMinutes: annualCapFor(kind, moved, settings),
    movedFromHeteronomous: moved,
    yearToDateMinutes: figures.yearToDateMinutes,
    months: rows.map((r) => ({ month: r.month, minutes: r.minutes })),
  };
}
