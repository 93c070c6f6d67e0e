import type {
  AnnualTargetsView,
  Figure,
  LeaveTargetRow,
  OvertimeTargetRow,
} from '../../contracts/tab-api/wellbeing.contract.ts';
import {
  kindId,
  OTHER_KINDS_ID,
  SCOPE_ID,
  type ViewerDisclosure,
  viewerDisclosure,
} from '../access/disclosure.service.ts';
import type { AccessScope } from '../access/scope.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../shared/errors.ts';
import { shiftMonth, type YearMonth } from '../shared/year-month.ts';
import { annualLeaveByGroup, type GroupMonth, overtimeByGroup } from './annual-targets.repository.ts';
import {
  ANNUAL_LEAVE_TARGET_DAYS,
  type MonthTotal,
  onTrack,
  type PeriodFigure,
  perPerson,
  projectToYearEnd,
} from './annual-targets.rules.ts';

/**
 * Annual targets for executives and HR (aggregates only): fiscal-year-to-date overtime per
 * non-managerial person vs the same months of last FY, for 本省内部部局+外局 and 地方支分部局 and in
 * total, projected to March; annual leave per person by calendar year vs 15 days and last year.
 *
 * Disclosure: a period's figure adds up its months, so it is shown only when the group is shown in
 * every month of the period (any hidden month could otherwise be recovered by subtraction from the
 * monthly views, which are cut by the same decision).
 */

export type TargetGroup = 'other' | 'regional' | 'total';
export const TARGET_GROUP_NODE: Record<TargetGroup, string> = {
  other: OTHER_KINDS_ID,
  regional: kindId('regional_branch'),
  total: SCOPE_ID,
};
export const TARGET_GROUP_LABEL: Record<TargetGroup, string> = {
  other: '本省内部部局・外局',
  regional: '地方支分部局',
  total: '合計',
};

export type { AnnualTargetsView, Figure, LeaveTargetRow, OvertimeTargetRow };

export const monthsFrom = (from: YearMonth, to: YearMonth): YearMonth[] => {
  const out: YearMonth[] = [];
  for (let m = from; m <= to; m = shiftMonth(m, 1)) out.push(m);
  return out;
};

/**
 * One period's per-person figure for a unit, hidden (with the reason) when the unit is hidden in
 * any month of the period. `scale` turns the stored unit into the shown one (60: minutes → hours).
 */
export function periodFigure(
  disclosure: ViewerDisclosure,
  rows: readonly GroupMonth[],
  unit: Unit,
  months: readonly YearMonth[],
  scale: number,
): Figure {
  const hidden = months.map((m) => disclosure.at(m).hidden(unitNode(unit))).find((h) => h) ?? null;
  if (hidden) return { perPerson: null, averageStaff: null, hidden };
  const f: PeriodFigure | null = perPerson(months.map((m) => monthTotal(disclosure, rows, unit, m)));
  return f
    ? { perPerson: round1(f.perPerson / scale), averageStaff: round1(f.averageStaff), hidden: null }
    : { perPerson: null, averageStaff: null, hidden: null };
}

/** The periods of the figures through a month: this FY, last FY (same months, whole), calendar years. */
export function periodsThrough(throughMonth: YearMonth) {
  const year = Number(throughMonth.slice(0, 4));
  const month = Number(throughMonth.slice(5, 7));
  const fiscalYear = month >= 4 ? year : year - 1;
  const fyStart = `${fiscalYear}-04`;
  const thisFy = monthsFrom(fyStart, throughMonth);
  const thisCal = monthsFrom(`${year}-01`, throughMonth);
  return {
    year,
    fiscalYear,
    thisFy,
    lastFySame: thisFy.map((m) => shiftMonth(m, -12)),
    lastFyFull: monthsFrom(shiftMonth(fyStart, -12), shiftMonth(fyStart, -1)),
    thisCal,
    lastCalSame: thisCal.map((m) => shiftMonth(m, -12)),
    lastCalFull: monthsFrom(`${year - 1}-01`, `${year - 1}-12`),
  };
}

/** Executives, WLB officers of bureaus, hr and admin: a bureau-scoped view. Managers alone: no. */
export function requireTargetsViewer(scope: AccessScope): void {
  if (!scope.orgWide && scope.bureauIds.size === 0)
    throw new AppError('forbidden', 'You do not have access to this.');
}

export async function annualTargets(
  db: Db,
  scope: AccessScope,
  throughMonth: YearMonth,
): Promise<AnnualTargetsView> {
  requireTargetsViewer(scope);
  const { year, fiscalYear, thisFy, lastFySame, lastFyFull, thisCal, lastCalSame, lastCalFull } =
    periodsThrough(throughMonth);

  const bureaus = scope.orgWide ? 'all' : [...scope.bureauIds];
  const allMonths = [...new Set([...thisFy, ...lastFyFull, ...thisCal, ...lastCalFull])];
  const [disclosure, overtime, leave] = await Promise.all([
    viewerDisclosure(db, scope, allMonths),
    overtimeByGroup(db, bureaus, lastFyFull[0]!, throughMonth),
    annualLeaveByGroup(db, bureaus, `${year - 1}-01-01`, lastDayOf(throughMonth)),
  ]);

  const figure = (rows: GroupMonth[], group: TargetGroup, months: YearMonth[], scale: number) =>
    periodFigure(disclosure, rows, group, months, scale);

  const groups: TargetGroup[] = ['other', 'regional', 'total'];
  return {
    throughMonth,
    fiscalYear,
    calendarYear: year,
    minGroupSize: disclosure.floor,
    overtime: groups.map((group) => {
      const thisYear = figure(overtime, group, thisFy, 60);
      const lastYearFull = figure(overtime, group, lastFyFull, 60);
      const projectedHours =
        thisYear.perPerson === null
          ? null
          : round1(
              projectToYearEnd(
                { months: thisFy.length, averageStaff: 0, perPerson: thisYear.perPerson },
                thisFy.length,
              ),
            );
      return {
        group,
        label: TARGET_GROUP_LABEL[group],
        thisYear,
        lastYearSamePeriod: figure(overtime, group, lastFySame, 60),
        lastYearFull,
        projectedHours,
        onTrack: onTrack(projectedHours, lastYearFull.perPerson),
      };
    }),
    leave: groups.map((group) => ({
      group,
      label: TARGET_GROUP_LABEL[group],
      thisYear: figure(leave, group, thisCal, 1),
      lastYearSamePeriod: figure(leave, group, lastCalSame, 1),
      lastYearFull: figure(leave, group, lastCalFull, 1),
      targetDays: ANNUAL_LEAVE_TARGET_DAYS,
    })),
  };
}

/** A unit of the figures: a kind group, the total, or one bureau (its id). */
export type Unit = TargetGroup | { bureauId: string };

export const unitNode = (unit: Unit): string =>
  typeof unit === 'string' ? TARGET_GROUP_NODE[unit] : unit.bureauId;

/**
 * A unit's month: the rows of the bureaus the viewer's decided group covers, never others (the
 * rows a caller read may reach further than the viewer's scope; the decision does not).
 */
export function monthTotal(
  disclosure: ViewerDisclosure,
  rows: readonly GroupMonth[],
  unit: Unit,
  month: YearMonth,
): MonthTotal {
  const node = unitNode(unit);
  let staff = 0;
  let total = 0;
  for (const r of rows)
    if (r.month === month && disclosure.covers(node, r.bureauId)) {
      staff += r.staff;
      total += r.total;
    }
  return { staff, total };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function lastDayOf(month: YearMonth): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
