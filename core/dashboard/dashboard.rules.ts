import type {
  Change,
  DashboardRow,
  HourBands,
  ShownFigures,
} from '../../contracts/tab-api/dashboard.contract.ts';
import type { HiddenReason } from '../access/disclosure.rules.ts';
import type { AlertCounts, GroupInfo, MonthFigures } from './dashboard.repository.ts';

/**
 * Turning aggregate figures into what the dashboard shows: hours (one decimal), averages per
 * non-managerial person (the plan's target population), the change against the same month last
 * year, the hour bands, and the group-size floor. Pure: the API and the tests share it.
 */

/** The ministry's annual-leave goal (seed 000 Ⅱ2(3)①): 15 days a year on average. */
export const ANNUAL_LEAVE_GOAL_DAYS = 15;

export const hours = (minutes: number) => Math.round(minutes / 6) / 10;
const round1 = (x: number) => Math.round(x * 10) / 10;

export type { Change, DashboardRow, HourBands, ShownFigures };

export function showFigures(f: MonthFigures | undefined, allStaff = true): ShownFigures | null {
  if (!f || f.staff === 0) return null;
  return {
    staff: f.staff,
    totalHours: allStaff ? hours(f.totalMinutes) : null,
    avgHours: f.nmStaff > 0 ? hours(f.nmTotalMinutes / f.nmStaff) : null,
    ge45: f.nmGe45,
    ge80: f.nmGe80,
    ge100: f.nmGe100,
    ge100All: allStaff ? f.ge100 : null,
  };
}

export function sumFigures(list: readonly (MonthFigures | undefined)[]): MonthFigures | undefined {
  const present = list.filter((f): f is MonthFigures => f !== undefined);
  if (present.length === 0) return undefined;
  const total: MonthFigures = {
    staff: 0,
    totalMinutes: 0,
    nmStaff: 0,
    nmTotalMinutes: 0,
    nmGe45: 0,
    nmGe80: 0,
    nmGe100: 0,
    ge100: 0,
  };
  for (const f of present) for (const k of Object.keys(total) as (keyof MonthFigures)[]) total[k] += f[k];
  return total;
}

export function change(now: ShownFigures | null, lastYear: ShownFigures | null): Change {
  if (!now || !lastYear) return { avgHours: null, totalPercent: null, ge100All: null };
  return {
    avgHours:
      now.avgHours !== null && lastYear.avgHours !== null ? round1(now.avgHours - lastYear.avgHours) : null,
    totalPercent:
      now.totalHours !== null && lastYear.totalHours !== null && lastYear.totalHours > 0
        ? round1(((now.totalHours - lastYear.totalHours) / lastYear.totalHours) * 100)
        : null,
    ge100All: now.ge100All !== null && lastYear.ge100All !== null ? now.ge100All - lastYear.ge100All : null,
  };
}

/** Non-managerial people per hour band, from the ≥45/80/100 counts. */
export function hourBands(f: MonthFigures | undefined): HourBands | null {
  if (!f || f.nmStaff === 0) return null;
  return {
    under45: f.nmStaff - f.nmGe45,
    from45to80: f.nmGe45 - f.nmGe80,
    from80to100: f.nmGe80 - f.nmGe100,
    atLeast100: f.nmGe100,
  };
}

export interface RowInput {
  info: GroupInfo;
  thisMonth: MonthFigures | undefined;
  lastYear: MonthFigures | undefined;
  leaveDays: number | undefined;
  alerts: AlertCounts | undefined;
}

/** The disclosure decisions a table needs: this month's, last year's, and who the viewer knows in full. */
export interface RowDecisions {
  now(id: string): HiddenReason | null;
  lastYear(id: string): HiddenReason | null;
  /** The all-staff figures' decision (this month, last year's month). */
  allStaff(id: string): HiddenReason | null;
  allStaffLastYear(id: string): HiddenReason | null;
  managed(id: string): boolean;
}

/**
 * The rows of one table as the disclosure decision allows. A hidden row keeps only its name and the
 * reason: no figure, not even its head count. Last year's column follows last year's decision.
 */
export function dashboardRows(inputs: readonly RowInput[], decide: RowDecisions): DashboardRow[] {
  return inputs.map((i) => {
    const hidden = decide.now(i.info.id);
    const allStaffHidden = hidden ?? decide.allStaff(i.info.id);
    const base = {
      id: i.info.id,
      name: i.info.name,
      code: i.info.code,
      kind: i.info.kind,
      hidden,
      allStaffHidden,
      managedByViewer: decide.managed(i.info.id),
    };
    if (hidden)
      return {
        ...base,
        thisMonth: null,
        lastYear: null,
        change: change(null, null),
        leaveAvgDays: null,
        alerts: null,
      };
    const now = showFigures(i.thisMonth, !allStaffHidden);
    const ly = decide.lastYear(i.info.id)
      ? null
      : showFigures(i.lastYear, !decide.allStaffLastYear(i.info.id));
    // Leave is summed over the month's counted people (annualLeaveTaken), so it is averaged over them.
    const counted = i.thisMonth?.staff ?? 0;
    return {
      ...base,
      thisMonth: now,
      lastYear: ly,
      change: change(now, ly),
      leaveAvgDays: counted > 0 ? round1((i.leaveDays ?? 0) / counted) : null,
      // 100 h alerts count managers too: an all-staff figure.
      alerts: allStaffHidden ? null : (i.alerts ?? { open: 0, acted: 0 }),
    };
  });
}

/** Where the goal's pace stands at the end of `month` (1–12): 15 days × month / 12. */
export const leaveGoalPace = (month: number) => round1((ANNUAL_LEAVE_GOAL_DAYS * month) / 12);
