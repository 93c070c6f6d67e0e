import type { IsoDate } from '../shared/calendar.ts';
import type { Campaign } from './campaign.schema.ts';
import {
  LEAVE_DAY_VALUE,
  type LeaveKind,
  type Period,
  roundDays,
  type SubmittedPlan,
} from './leave.types.ts';
import { type GridDay, planGrid } from './plan-grid.rules.ts';

/**
 * The section's leave-plan table (people × days) that managers use to arrange cover, and the
 * response rates that decide which managers are told their section is behind.
 */

export interface SectionMember {
  employeeNo: string;
  sectionId: string;
  name?: string;
}

export interface SectionPlanRow {
  employeeNo: string;
  name?: string;
  responded: boolean;
  /** One cell per day of the table, null when nothing is planned. */
  cells: (LeaveKind | null)[];
  plannedDays: number;
}

export interface SectionDayLoad {
  date: IsoDate;
  /** People away in the morning and in the afternoon (a half day is away for one of them). */
  awayAm: number;
  awayPm: number;
  /** The larger half-day share of the section away; 0 on non-working days. */
  share: number;
  warning: boolean;
}

export interface SectionPlanTable {
  sectionId: string;
  days: GridDay[];
  rows: SectionPlanRow[];
  load: SectionDayLoad[];
  members: number;
  responded: number;
  /** null for a section without members. */
  responseRate: number | null;
}

const awayInMorning = (kind: LeaveKind) => kind !== 'annual_pm';
const awayInAfternoon = (kind: LeaveKind) => kind !== 'annual_am';

/**
 * Builds one section's table. Plans of people who are not members (moved away) are left out;
 * members without a plan count as present.
 */
export function sectionPlanTable(
  sectionId: string,
  period: Period,
  members: readonly SectionMember[],
  plans: readonly SubmittedPlan[],
  options: Pick<Campaign, 'coverageWarningShare'>,
): SectionPlanTable {
  const days = planGrid(period);
  const column = new Map(days.map((d, i) => [d.date, i]));
  const planOf = new Map(plans.map((p) => [p.employeeNo, p]));
  const sectionMembers = members.filter((m) => m.sectionId === sectionId);

  const rows: SectionPlanRow[] = sectionMembers.map((m) => {
    const plan = planOf.get(m.employeeNo);
    const cells: (LeaveKind | null)[] = days.map(() => null);
    let planned = 0;
    for (const e of plan?.entries ?? []) {
      const i = column.get(e.date);
      if (i === undefined || !days[i]?.working) continue;
      cells[i] = e.kind;
      planned += LEAVE_DAY_VALUE[e.kind];
    }
    return {
      employeeNo: m.employeeNo,
      ...(m.name ? { name: m.name } : {}),
      responded: plan !== undefined,
      cells,
      plannedDays: roundDays(planned),
    };
  });

  const size = rows.length;
  const load = days.map((day, i): SectionDayLoad => {
    let awayAm = 0;
    let awayPm = 0;
    for (const row of rows) {
      const kind = row.cells[i];
      if (!kind) continue;
      if (awayInMorning(kind)) awayAm++;
      if (awayInAfternoon(kind)) awayPm++;
    }
    const share = day.working && size > 0 ? Math.max(awayAm, awayPm) / size : 0;
    return { date: day.date, awayAm, awayPm, share, warning: share > options.coverageWarningShare };
  });

  const responded = rows.filter((r) => r.responded).length;
  return {
    sectionId,
    days,
    rows,
    load,
    members: size,
    responded,
    responseRate: size > 0 ? responded / size : null,
  };
}

export interface SectionResponse {
  sectionId: string;
  members: number;
  responded: number;
  responseRate: number | null;
}

/** Response rate per section, in the order sections first appear among the members. */
export function responseRates(
  members: readonly SectionMember[],
  respondedEmployeeNos: Iterable<string>,
): SectionResponse[] {
  const responded = new Set(respondedEmployeeNos);
  const bySection = new Map<string, { members: number; responded: number }>();
  for (const m of members) {
    const s = bySection.get(m.sectionId) ?? { members: 0, responded: 0 };
    s.members++;
    if (responded.has(m.employeeNo)) s.responded++;
    bySection.set(m.sectionId, s);
  }
  return [...bySection].map(([sectionId, s]) => ({
    sectionId,
    ...s,
    responseRate: s.members > 0 ? s.responded / s.members : null,
  }));
}

/** Sections below the campaign's response threshold: their managers get the summary reminder. */
export function lowResponseSections(
  rates: readonly SectionResponse[],
  options: Pick<Campaign, 'lowResponseRate'>,
): SectionResponse[] {
  return rates.filter((r) => r.responseRate !== null && r.responseRate < options.lowResponseRate);
}
