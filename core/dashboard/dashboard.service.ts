import type { GroupView } from '../../contracts/tab-api/dashboard.contract.ts';
import { kindId, MINE_ID, SCOPE_ID, viewerDisclosure } from '../access/disclosure.service.ts';
import { auditPersonalRead, type GroupScope, requireBureau, requireSection } from '../access/scope.ts';
import { takeUpFor } from '../childcare/childcare-take-up.service.ts';
import type { Db } from '../db/db.ts';
import { annualLeaveByPerson } from '../leave/leave-plan.repository.ts';
import { AppError } from '../shared/errors.ts';
import { shiftMonth } from '../shared/year-month.ts';
import * as repo from './dashboard.repository.ts';
import {
  campaignLines,
  combined,
  type FiguresContext,
  minDate,
  pageMonths,
  type TrendPoint,
  tableRows,
  trendOf,
} from './dashboard-figures.ts';
import { peopleMonth, peoplePath } from './dashboard-people.repository.ts';

export type { TrendPoint };

import { ANNUAL_LEAVE_GOAL_DAYS, hourBands, hours, leaveGoalPace, sumFigures } from './dashboard.rules.ts';

/**
 * The dashboard's three views, each already cut to what the viewer may see:
 * overview (the bureaus of the viewer's scope, or a manager's sections) → bureau (its sections) →
 * section (its figures and, for the viewer's own subtree only, the people).
 */

export interface DashboardContext {
  db: Db;
  scope: GroupScope;
  month: string;
  minGroupSize: number;
  /** Today in Japan (leave "to date"). */
  today: string;
}

export type { GroupView };

/** People rows per section view (most overtime first); the export has the same rows. */
export const PEOPLE_LIMIT = 200;

const yearOf = (month: string) => Number(month.slice(0, 4));
const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const fiscalYearOfMonth = (month: string) =>
  Number(month.slice(5, 7)) >= 4 ? yearOf(month) : yearOf(month) - 1;
const NO_COUNTS = new Map<string, number>();

/** The context plus the viewer's decisions for every month a page shows. */
async function prepare(ctx: DashboardContext): Promise<FiguresContext> {
  return {
    ...ctx,
    disclosure: await viewerDisclosure(ctx.db, ctx.scope, pageMonths(ctx.month), ctx.minGroupSize),
  };
}

async function childcareOf(ctx: FiguresContext, focus: string | null): Promise<GroupView['childcare']> {
  const fiscalYear = fiscalYearOfMonth(ctx.month);
  const view = await takeUpFor(ctx.db, ctx.scope, fiscalYear, { asOf: ctx.today, floor: ctx.minGroupSize });
  const part = focus ? view.bureaus.find((b) => b.bureau.id === focus) : undefined;
  if (focus && !part) return null;
  return {
    fiscalYear,
    births: part ? part.figures.births : view.total.births,
    targets: part ? part.targets : view.targets,
  };
}

function tableIsOptional<T>(promise: Promise<T>, fallback: T): Promise<T> {
  // Campaign and childcare tables come from other capabilities; a database without them still shows overtime.
  return promise.catch((err: unknown) => {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === '42P01') return fallback; // undefined_table
    throw err;
  });
}

function leaveGoal(month: string) {
  return { goalDays: ANNUAL_LEAVE_GOAL_DAYS, paceDays: leaveGoalPace(Number(month.slice(5, 7))) };
}

/**
 * A view from what its level shows: the month's frame (last year's month, the floor, the leave goal)
 * and the hour bands of the shown total are the same at every level.
 */
function viewOf(
  ctx: FiguresContext,
  figures: Parameters<typeof hourBands>[0],
  view: Pick<GroupView, 'level' | 'title' | 'total' | 'trend'> & Partial<GroupView>,
): GroupView {
  return {
    month: ctx.month,
    lastYearMonth: shiftMonth(ctx.month, -12),
    minGroupSize: ctx.minGroupSize,
    rows: [],
    rowLevel: null,
    byKind: [],
    bands: view.total.hidden ? null : hourBands(figures),
    leaveGoal: leaveGoal(ctx.month),
    campaigns: [],
    childcare: null,
    people: null,
    peopleTotal: 0,
    mine: null,
    ...view,
  };
}

/** The top view: the bureaus of the viewer's scope, or (a manager without one) their sections. */
export async function overview(base: DashboardContext): Promise<GroupView> {
  const { scope } = base;
  const bureauScoped = scope.orgWide || scope.bureauIds.size > 0;
  if (!bureauScoped && scope.managedSectionIds.size === 0)
    throw new AppError('forbidden', 'You do not have access to this.');
  const level: repo.GroupLevel = bureauScoped ? 'bureau' : 'section';
  const [ctx, infos] = await Promise.all([
    prepare(base),
    bureauScoped
      ? repo.groupInfo(
          base.db,
          'bureau',
          { bureauIds: scope.orgWide ? null : [...scope.bureauIds] },
          NO_COUNTS,
        )
      : repo.groupInfo(base.db, 'section', { sectionIds: [...scope.managedSectionIds] }, NO_COUNTS),
  ]);
  const ids = infos.map((i) => i.id);
  const root = bureauScoped ? SCOPE_ID : MINE_ID;
  // Independent reads in parallel: each is a small indexed query on the aggregates.
  const [{ rows, inputs }, trend, campaigns, childcare] = await Promise.all([
    tableRows(ctx, level, infos),
    trendOf(ctx, level, ids, root),
    bureauScoped ? tableIsOptional(campaignLines(ctx, null), []) : Promise.resolve([]),
    bureauScoped ? tableIsOptional(childcareOf(ctx, null), null) : Promise.resolve(null),
  ]);
  const total = combined(ctx, root, '', inputs);
  const byKind = bureauScoped
    ? (['headquarters', 'external_agency', 'regional_branch'] as const)
        .map((kind) => ({ kind, list: inputs.filter((i) => i.info.kind === kind) }))
        .filter((k) => k.list.length > 0)
        .map((k) => ({ ...combined(ctx, kindId(k.kind), k.kind, k.list), id: k.kind, kind: k.kind }))
    : [];
  return viewOf(ctx, sumFigures(inputs.map((i) => i.thisMonth)), {
    level: bureauScoped ? 'ministry' : 'manager',
    title: { id: null, name: null },
    total: { ...total, id: 'total', kind: 'total' },
    rows,
    rowLevel: level,
    byKind,
    trend,
    campaigns,
    childcare,
  });
}

/** One bureau: its sections. Executives/WLB officers of the bureau and hr/admin only. */
export async function bureauView(base: DashboardContext, bureauId: string): Promise<GroupView> {
  const bureau = await requireBureau(base.db, base.scope, bureauId);
  const [ctx, infos, bureauInfos] = await Promise.all([
    prepare(base),
    repo.groupInfo(base.db, 'section', { bureauIds: [bureau.id] }, NO_COUNTS),
    repo.groupInfo(base.db, 'bureau', { bureauIds: [bureau.id] }, NO_COUNTS),
  ]);
  const [{ rows, inputs }, bureauRow, trend, campaigns, childcare] = await Promise.all([
    tableRows(ctx, 'section', infos),
    tableRows(ctx, 'bureau', bureauInfos),
    trendOf(ctx, 'bureau', [bureau.id], bureau.id),
    tableIsOptional(campaignLines(ctx, bureau.id), []),
    tableIsOptional(childcareOf(ctx, bureau.id), null),
  ]);
  const total = bureauRow.rows[0] ?? combined(ctx, bureau.id, bureau.name, inputs);
  return viewOf(ctx, sumFigures(inputs.map((i) => i.thisMonth)), {
    level: 'bureau',
    title: { id: bureau.id, name: bureau.name },
    total,
    rows,
    rowLevel: 'section',
    trend,
    campaigns,
    childcare,
  });
}

/**
 * One section: its figures and, only for people in the viewer's own subtree, one row per person.
 * Listing people is a third-party read of personal data: audit-logged.
 */
export async function sectionView(base: DashboardContext, sectionId: string): Promise<GroupView> {
  const section = await requireSection(base.db, base.scope, sectionId);
  // The people of this section the viewer may see: their own subtree (and themself), nobody else —
  // counted per section with the scope; peopleMonth reads who they are from the org closure. Read
  // alongside the figures (the list does not depend on them).
  const visible = base.scope.managedCount.section.get(section.id) ?? 0;
  const people = visible > 0 ? peopleOf(base, section.id, visible) : Promise.resolve(null);
  people.catch(() => undefined); // awaited below; a failure elsewhere first must not leave it unhandled
  const [ctx, infos] = await Promise.all([
    prepare(base),
    repo.groupInfo(base.db, 'section', { sectionIds: [section.id] }, NO_COUNTS),
  ]);
  const [{ rows, inputs }, trend] = await Promise.all([
    tableRows(ctx, 'section', infos),
    trendOf(ctx, 'section', [section.id], section.id),
  ]);
  const total = rows[0] ?? combined(ctx, section.id, section.name, inputs);
  const listed = await people;
  const counted = (listed ?? []).filter((p) => p.minutes !== null);
  return viewOf(ctx, inputs[0]?.thisMonth, {
    level: 'section',
    title: { id: section.id, name: section.name, bureauName: section.bureauName },
    total,
    trend,
    people: listed,
    peopleTotal: visible,
    mine:
      counted.length > 0
        ? { staff: counted.length, totalHours: hours(counted.reduce((n, p) => n + (p.minutes ?? 0), 0)) }
        : null,
  });
}

/**
 * The first PEOPLE_LIMIT of the viewer's people in a section with their annual leave, and the audit
 * entry of that read. Leave is counted as the leave capability counts it (attendance data first):
 * the same number the person sees on their own page and card, summed per person in the database.
 */
async function peopleOf(base: DashboardContext, sectionId: string, visible: number) {
  const me = base.scope.viewer.employee;
  // The section's size now stands in for the month's (only the cheaper read depends on it).
  const sectionStaff = base.scope.headcount.section.get(sectionId) ?? visible;
  const people = await peopleMonth(
    base.db,
    { id: me.id, sitsHere: me.section.id === sectionId },
    sectionId,
    base.month,
    PEOPLE_LIMIT,
    peoplePath(PEOPLE_LIMIT, sectionStaff, visible, base.scope.subtreeSize),
  );
  const ids = people.map((p) => p.employeeId);
  const asOf = minDate(monthEnd(base.month), base.today);
  const [annual] = await Promise.all([
    tableIsOptional(annualLeaveByPerson(base.db, ids, `${yearOf(base.month)}-01-01`, asOf), new Map()),
    auditPersonalRead(base.db, base.scope.viewer, {
      action: 'dashboard.people.read',
      subjectIds: ids,
      targetType: 'section',
      targetId: sectionId,
      detail: { month: base.month },
    }),
  ]);
  for (const p of people) p.annualLeaveDays = Math.round((annual.get(p.employeeId) ?? 0) * 10) / 10;
  return people;
}

export { hours };
