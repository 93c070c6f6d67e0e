import type { OvertimeSummary } from '../../contracts/tab-api/overtime.contract.ts';
import type { Db } from '../db/db.ts';
import type { PersonRead } from '../org/person-read.ts';
import { parseSetting } from '../settings/settings.repository.ts';
import { fiscalYearOf, type IsoDate, monthOf, tokyoDateOf } from '../shared/calendar.ts';
import { overtimeYearStart, shiftMonth } from '../shared/year-month.ts';
import { capsFor, projectMonthEnd } from './overtime.rules.ts';
import type { OvertimeSettings } from './overtime.settings.ts';
import type { AlertView } from './overtime-alert-view.repository.ts';
import {
  type CommandExtras,
  commandFiguresRead,
  type FiguresQuery,
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
  return summarize(employee, today, await readSummaryFigures(db, employee, figuresQuery(today)), settings);
}

/** What 残業 read: the summary's figures as of `today`, the settings, the open 100 h alerts. */
export interface OvertimeCommandFigures extends SummaryFigures, CommandExtras {
  today: IsoDate;
}

/**
 * What 残業 reads about the person, in the turn's identity statement: the summary's figures, the
 * overtime settings in force (the card shows the caps), and the views of up to `openAlertLimit`
 * open 100 h alerts this person is to follow up, newest first (their cards are sent again).
 */
export function overtimeCommandRead(now: Date, openAlertLimit: number): PersonRead<OvertimeCommandFigures> {
  const today = tokyoDateOf(now);
  const read = commandFiguresRead(figuresQuery(today), openAlertLimit);
  return { ...read, read: (row) => ({ ...read.read(row), today }) };
}

/** What 残業 answers, from what it read. */
export function overtimeCommandView(
  employee: { heteronomous: boolean },
  figures: OvertimeCommandFigures,
): { summary: OvertimeSummary; settings: OvertimeSettings; openAlerts: AlertView[] } {
  const settings = parseSetting('overtime', figures.storedSettings);
  return {
    summary: summarize(employee, figures.today, figures, settings),
    settings,
    openAlerts: figures.openAlerts,
  };
}

function figuresQuery(today: IsoDate): FiguresQuery {
  const month = monthOf(today);
  return {
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
