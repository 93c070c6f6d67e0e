import { defaultOvertimeSettings, type OvertimeSettings } from './overtime.settings.ts';
import { assertYearMonth, shiftMonth, type YearMonth } from '../shared/year-month.ts';

/** As in the bureau table: the plan sets separate targets for regional branches (地方支分部局). */
export type BureauKind = 'headquarters' | 'external_agency' | 'regional_branch';

/** One person's total for one month. Include people with 0 minutes: they count in the staff. */
export interface PersonMonthRow {
  employeeId: string;
  bureauId: string;
  bureauKind: BureauKind;
  month: YearMonth;
  minutes: number;
  isManagerial?: boolean;
}

export interface OvertimeFigures {
  staff: number;
  totalMinutes: number;
  /** People at or over the 100 h level (settings.doctorInterviewMinutes), managers included. */
  count100: number;
  /** The plan's target is per non-managerial person (seed 000 Ⅱ2(2)①), so they are kept apart too. */
  nonManagerialStaff: number;
  nonManagerialMinutes: number;
}

export interface ComparedFigures {
  thisMonth: OvertimeFigures;
  /** The same month a year earlier; null when no row of that month was given. */
  lastYear: OvertimeFigures | null;
}

export interface BureauReportLine extends ComparedFigures {
  bureauId: string;
  bureauKind: BureauKind;
}

export interface MonthlyBureauReport {
  month: YearMonth;
  lastYearMonth: YearMonth;
  bureaus: BureauReportLine[];
  /** 地方支分部局 versus everything else (本省内部部局 and 外局), as the plan splits its target. */
  regional: ComparedFigures;
  other: ComparedFigures;
  total: ComparedFigures;
}

const empty = (): OvertimeFigures => ({
  staff: 0,
  totalMinutes: 0,
  count100: 0,
  nonManagerialStaff: 0,
  nonManagerialMinutes: 0,
});

/**
 * The executives' monthly report (SPEC §3, seed 000 Ⅳ(2), 001): per bureau total overtime, staff at
 * 100 h or more, the same month last year, regional versus other. Rows of other months are ignored,
 * so the caller may pass both months in one query result. The group-size floor (<5) is applied where
 * the report is shown, not here: the figures stay exact.
 */
export function monthlyBureauReport(
  rows: Iterable<PersonMonthRow>,
  month: YearMonth,
  settings: OvertimeSettings = defaultOvertimeSettings,
): MonthlyBureauReport {
  assertYearMonth(month);
  const lastYearMonth = shiftMonth(month, -12);
  const bureaus = new Map<
    string,
    { kind: BureauKind; thisMonth: OvertimeFigures; lastYear: OvertimeFigures | null }
  >();
  const regional: ComparedFigures = { thisMonth: empty(), lastYear: null };
  const other: ComparedFigures = { thisMonth: empty(), lastYear: null };
  const total: ComparedFigures = { thisMonth: empty(), lastYear: null };
  const seen = new Set<string>();

  for (const row of rows) {
    const isThisMonth = row.month === month;
    if (!isThisMonth && row.month !== lastYearMonth) continue;
    if (!Number.isInteger(row.minutes) || row.minutes < 0)
      throw new RangeError(
        `minutes must be a non-negative integer: ${row.employeeId} ${row.month} ${row.minutes}`,
      );
    const personMonth = `${row.employeeId}:${row.month}`;
    if (seen.has(personMonth))
      throw new RangeError(`person counted twice in ${row.month}: ${row.employeeId}`);
    seen.add(personMonth);

    let bureau = bureaus.get(row.bureauId);
    if (!bureau) {
      bureau = { kind: row.bureauKind, thisMonth: empty(), lastYear: null };
      bureaus.set(row.bureauId, bureau);
    }
    // A bureau's kind is what it is now; last year's rows only supply it for a bureau gone since.
    if (isThisMonth) bureau.kind = row.bureauKind;
    const side = row.bureauKind === 'regional_branch' ? regional : other;
    for (const target of [bureau, side, total]) {
      if (isThisMonth) addRow(target.thisMonth, row, settings);
      else {
        target.lastYear ??= empty();
        addRow(target.lastYear, row, settings);
      }
    }
  }

  return {
    month,
    lastYearMonth,
    bureaus: [...bureaus]
      .map(([bureauId, b]) => ({
        bureauId,
        bureauKind: b.kind,
        thisMonth: b.thisMonth,
        lastYear: b.lastYear,
      }))
      .sort((a, b) => (a.bureauId < b.bureauId ? -1 : a.bureauId > b.bureauId ? 1 : 0)),
    regional,
    other,
    total,
  };
}

function addRow(f: OvertimeFigures, row: PersonMonthRow, settings: OvertimeSettings): void {
  f.staff++;
  f.totalMinutes += row.minutes;
  if (row.minutes >= settings.doctorInterviewMinutes) f.count100++;
  if (!row.isManagerial) {
    f.nonManagerialStaff++;
    f.nonManagerialMinutes += row.minutes;
  }
}
