import { type AccessScope, auditPersonalRead, requireBureau, requireSection } from '../access/scope.ts';
import { childcareSettings } from '../childcare/childcare.settings.ts';
import { childcarePlanInputSchema } from '../childcare/childcare-plan.schema.ts';
import {
  compareWithTargets,
  type TakeUpRow,
  takeUpRates,
  takeUpRowOf,
} from '../childcare/childcare-targets.rules.ts';
import type { Db } from '../db/db.ts';
import { takenLeave } from '../leave/leave-plan.repository.ts';
import { shiftMonth } from '../overtime/year-month.ts';
import { readSetting } from '../settings/settings.repository.ts';
import { AppError } from '../shared/errors.ts';
import * as repo from './dashboard.repository.ts';
import {
  ANNUAL_LEAVE_GOAL_DAYS,
  type DashboardRow,
  dashboardRows,
  hourBands,
  hours,
  leaveGoalPace,
  type RowInput,
  showFigures,
  sumFigures,
} from './dashboard.rules.ts';

/**
 * The dashboard's three views, each already cut to what the viewer may see:
 * overview (the bureaus of the viewer's scope, or a manager's sections) → bureau (its sections) →
 * section (its figures and, for the viewer's own subtree only, the people).
 */

export interface DashboardContext {
  db: Db;
  scope: AccessScope;
  month: string;
  minGroupSize: number;
  /** Today in Japan (leave "to date"). */
  today: string;
}

export interface TrendPoint {
  month: string;
  totalHours: number | null;
  avgHours: number | null;
  ge100All: number | null;
  /** The same month a year earlier. */
  lastYearAvgHours: number | null;
  lastYearTotalHours: number | null;
}

export interface GroupView {
  level: 'ministry' | 'manager' | 'bureau' | 'section';
  month: string;
  lastYearMonth: string;
  minGroupSize: number;
  title: { id: string | null; name: string | null; bureauName?: string };
  /** The whole of what is shown (null when it is itself under the floor). */
  total: DashboardRow;
  rows: DashboardRow[];
  rowLevel: 'bureau' | 'section' | null;
  byKind: DashboardRow[];
  trend: TrendPoint[];
  bands: ReturnType<typeof hourBands>;
  leaveGoal: { goalDays: number; paceDays: number };
  campaigns: {
    campaignId: string;
    title: string;
    kind: string;
    deadline: string;
    targeted: number | null;
    responded: number | null;
    rate: number | null;
  }[];
  childcare: {
    fiscalYear: number;
    births: number | null;
    targets: ReturnType<typeof compareWithTargets>;
  } | null;
  people: repo.PersonMonth[] | null;
  /** How many people the viewer manages in the section (people lists the first PEOPLE_LIMIT). */
  peopleTotal: number;
}

const NONE = new Map<string, number>();

/** People rows per section view (most overtime first); the export has the same rows. */
export const PEOPLE_LIMIT = 200;

/** The viewer's managed counts per group; a viewer without a subtree manages no group (skip counting). */
const managedBy = (scope: AccessScope) =>
  scope.subtree.size === 0
    ? { section: NONE, bureau: NONE, sectionHeads: NONE, bureauHeads: NONE }
    : {
        section: scope.managedCount.section,
        bureau: scope.managedCount.bureau,
        sectionHeads: scope.headcount.section,
        bureauHeads: scope.headcount.bureau,
      };

/** The viewer manages everyone in these groups (their trend may show months under the floor). */
const managesAll = (infos: repo.GroupInfo[]) =>
  infos.length > 0 &&
  infos.every((i) => i.headcount !== null && i.headcount > 0 && i.managed === i.headcount);

const yearOf = (month: string) => Number(month.slice(0, 4));
const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const fiscalYearOfMonth = (month: string) =>
  Number(month.slice(5, 7)) >= 4 ? yearOf(month) : yearOf(month) - 1;

async function trendOf(
  ctx: DashboardContext,
  level: repo.GroupLevel,
  ids: string[],
  floorOk: boolean,
): Promise<TrendPoint[]> {
  const from = shiftMonth(ctx.month, -11);
  const points = await repo.trend(ctx.db, level, ids, shiftMonth(from, -12), ctx.month);
  const byMonth = new Map(points.map((p) => [p.month, p]));
  const out: TrendPoint[] = [];
  for (let i = 0; i < 12; i++) {
    const month = shiftMonth(from, i);
    const show = (f: repo.MonthFigures | undefined) =>
      floorOk || (f?.staff ?? 0) >= ctx.minGroupSize ? showFigures(f) : null;
    const now = show(byMonth.get(month));
    const ly = show(byMonth.get(shiftMonth(month, -12)));
    out.push({
      month,
      totalHours: now?.totalHours ?? null,
      avgHours: now?.avgHours ?? null,
      ge100All: now?.ge100All ?? null,
      lastYearAvgHours: ly?.avgHours ?? null,
      lastYearTotalHours: ly?.totalHours ?? null,
    });
  }
  return out;
}

async function tableRows(
  ctx: DashboardContext,
  level: repo.GroupLevel,
  infos: repo.GroupInfo[],
): Promise<{ rows: DashboardRow[]; inputs: RowInput[] }> {
  const ids = infos.map((i) => i.id);
  const lastYearMonth = shiftMonth(ctx.month, -12);
  const [figures, leave, alerts] = await Promise.all([
    repo.groupMonths(ctx.db, level, ids, [ctx.month, lastYearMonth]),
    repo.annualLeaveTaken(ctx.db, level, ids, yearOf(ctx.month), minDate(monthEnd(ctx.month), ctx.today)),
    repo.alert100Counts(ctx.db, level, ids, ctx.month),
  ]);
  const find = (id: string, month: string) => figures.find((f) => f.groupId === id && f.month === month);
  const inputs: RowInput[] = infos.map((info) => ({
    info,
    thisMonth: find(info.id, ctx.month),
    lastYear: find(info.id, lastYearMonth),
    leaveDays: leave.get(info.id),
    alerts: alerts.get(info.id),
  }));
  return { rows: dashboardRows(inputs, ctx.minGroupSize), inputs };
}

const minDate = (a: string, b: string) => (a < b ? a : b);

/** One row summing several inputs (the total line, or HQ vs regional). */
function combined(ctx: DashboardContext, id: string, name: string, inputs: RowInput[]): DashboardRow {
  const info: repo.GroupInfo = {
    id,
    name,
    code: '',
    kind: id,
    bureauId: '',
    // Every part counted (all managed by the viewer) or none: a mix would make "manages all" wrong.
    headcount: inputs.every((i) => i.info.headcount !== null)
      ? inputs.reduce((n, i) => n + (i.info.headcount ?? 0), 0)
      : null,
    managed: inputs.reduce((n, i) => n + i.info.managed, 0),
  };
  const alerts = inputs.reduce(
    (a, i) => ({ open: a.open + (i.alerts?.open ?? 0), acted: a.acted + (i.alerts?.acted ?? 0) }),
    { open: 0, acted: 0 },
  );
  const [row] = dashboardRows(
    [
      {
        info,
        thisMonth: sumFigures(inputs.map((i) => i.thisMonth)),
        lastYear: sumFigures(inputs.map((i) => i.lastYear)),
        leaveDays: inputs.reduce((n, i) => n + (i.leaveDays ?? 0), 0),
        // (staff of the month stands in for parts not counted)
        alerts,
      },
    ],
    ctx.minGroupSize,
  );
  return row as DashboardRow;
}

async function campaignsOf(
  ctx: DashboardContext,
  bureauIds: string[] | null,
): Promise<GroupView['campaigns']> {
  const rates = await repo.campaignRates(ctx.db, bureauIds);
  return rates.map((c) => {
    const small = c.targeted < ctx.minGroupSize;
    return {
      campaignId: c.campaignId,
      title: c.title,
      kind: c.kind,
      deadline: c.deadline,
      targeted: small ? null : c.targeted,
      responded: small ? null : c.responded,
      rate: small || c.targeted === 0 ? null : Math.round((c.responded / c.targeted) * 1000) / 10,
    };
  });
}

async function childcareOf(
  ctx: DashboardContext,
  bureauIds: string[] | null,
): Promise<GroupView['childcare']> {
  const settings = childcareSettings(await readSetting(ctx.db, 'childcare'));
  const fiscalYear = fiscalYearOfMonth(ctx.month);
  const rows: TakeUpRow[] = [];
  for (const sheet of await repo.childcareSheets(ctx.db, bureauIds)) {
    const answers = typeof sheet.answers === 'object' && sheet.answers !== null ? sheet.answers : {};
    const plan = childcarePlanInputSchema.safeParse({ ...answers, birthDate: sheet.birthDate ?? undefined });
    const ranges = plan.success ? plan.data.ranges : [];
    const row = takeUpRowOf(
      {
        birthDate: sheet.birthDate ?? undefined,
        dueDate: sheet.dueDate ?? undefined,
        multipleBirth: sheet.multipleBirth,
        ranges,
      },
      settings,
    );
    if (row) rows.push(row);
  }
  const rates = takeUpRates(rows, fiscalYear, { settings, asOf: ctx.today });
  // Take-up is about very few people per bureau: under the floor only the targets are shown.
  if (rates.births < ctx.minGroupSize) {
    const empty = {
      ...rates,
      specialLeave5Days: { ...rates.specialLeave5Days, rate: null },
      childcareLeave2Weeks: { ...rates.childcareLeave2Weeks, rate: null },
      firstYear1Month: { ...rates.firstYear1Month, rate: null },
    };
    return { fiscalYear, births: null, targets: compareWithTargets(empty, settings) };
  }
  return { fiscalYear, births: rates.births, targets: compareWithTargets(rates, settings) };
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

/** The top view: the bureaus of the viewer's scope, or (a manager without one) their sections. */
export async function overview(ctx: DashboardContext): Promise<GroupView> {
  const { scope } = ctx;
  const managed = managedBy(scope);
  const bureauScoped = scope.orgWide || scope.bureauIds.size > 0;
  if (!bureauScoped && scope.managedSectionIds.size === 0)
    throw new AppError('forbidden', 'You do not have access to this.');
  const level: repo.GroupLevel = bureauScoped ? 'bureau' : 'section';
  const infos = bureauScoped
    ? await repo.groupInfo(
        ctx.db,
        'bureau',
        { bureauIds: scope.orgWide ? null : [...scope.bureauIds] },
        managed.bureau,
        managed.bureauHeads,
      )
    : await repo.groupInfo(
        ctx.db,
        'section',
        { sectionIds: [...scope.managedSectionIds] },
        managed.section,
        managed.sectionHeads,
      );
  const bureauIds = scope.orgWide
    ? null
    : bureauScoped
      ? [...scope.bureauIds]
      : [...new Set(infos.map((i) => i.bureauId))];
  const ids = infos.map((i) => i.id);
  // Independent reads in parallel: each is a small indexed query on the aggregates.
  const [{ rows, inputs }, trend, campaigns, childcare] = await Promise.all([
    tableRows(ctx, level, infos),
    trendOf(ctx, level, ids, managesAll(infos)),
    bureauScoped ? tableIsOptional(campaignsOf(ctx, bureauIds), []) : Promise.resolve([]),
    bureauScoped ? tableIsOptional(childcareOf(ctx, bureauIds), null) : Promise.resolve(null),
  ]);
  const total = combined(ctx, 'total', '', inputs);
  const byKind = bureauScoped
    ? (['headquarters', 'external_agency', 'regional_branch'] as const)
        .map((kind) => ({ kind, list: inputs.filter((i) => i.info.kind === kind) }))
        .filter((k) => k.list.length > 0)
        .map((k) => combined(ctx, k.kind, k.kind, k.list))
    : [];
  return {
    level: bureauScoped ? 'ministry' : 'manager',
    month: ctx.month,
    lastYearMonth: shiftMonth(ctx.month, -12),
    minGroupSize: ctx.minGroupSize,
    title: { id: null, name: null },
    total,
    rows,
    rowLevel: level,
    byKind,
    trend,
    bands: total.hidden ? null : hourBands(sumFigures(inputs.map((i) => i.thisMonth))),
    leaveGoal: leaveGoal(ctx.month),
    campaigns,
    childcare,
    people: null,
    peopleTotal: 0,
  };
}

/** One bureau: its sections. Executives/WLB officers of the bureau and hr/admin only. */
export async function bureauView(ctx: DashboardContext, bureauId: string): Promise<GroupView> {
  const bureau = await requireBureau(ctx.db, ctx.scope, bureauId);
  const managed = managedBy(ctx.scope);
  const [infos, bureauInfos] = await Promise.all([
    repo.groupInfo(ctx.db, 'section', { bureauIds: [bureau.id] }, managed.section, managed.sectionHeads),
    repo.groupInfo(ctx.db, 'bureau', { bureauIds: [bureau.id] }, managed.bureau, managed.bureauHeads),
  ]);
  const [{ rows, inputs }, bureauRow, trend, campaigns, childcare] = await Promise.all([
    tableRows(ctx, 'section', infos),
    tableRows(ctx, 'bureau', bureauInfos),
    trendOf(ctx, 'bureau', [bureau.id], managesAll(bureauInfos)),
    tableIsOptional(campaignsOf(ctx, [bureau.id]), []),
    tableIsOptional(childcareOf(ctx, [bureau.id]), null),
  ]);
  const total = bureauRow.rows[0] ?? combined(ctx, bureau.id, bureau.name, inputs);
  return {
    level: 'bureau',
    month: ctx.month,
    lastYearMonth: shiftMonth(ctx.month, -12),
    minGroupSize: ctx.minGroupSize,
    title: { id: bureau.id, name: bureau.name },
    total,
    rows,
    rowLevel: 'section',
    byKind: [],
    trend,
    bands: total.hidden ? null : hourBands(sumFigures(inputs.map((i) => i.thisMonth))),
    leaveGoal: leaveGoal(ctx.month),
    campaigns,
    childcare,
    people: null,
    peopleTotal: 0,
  };
}

/**
 * One section: its figures and, only for people in the viewer's own subtree, one row per person.
 * Listing people is a third-party read of personal data: audit-logged.
 */
export async function sectionView(ctx: DashboardContext, sectionId: string): Promise<GroupView> {
  const section = await requireSection(ctx.db, ctx.scope, sectionId);
  const managed = managedBy(ctx.scope);
  const infos = await repo.groupInfo(
    ctx.db,
    'section',
    { sectionIds: [section.id] },
    managed.section,
    managed.sectionHeads,
  );
  // The people of this section the viewer may see: their own subtree (and themself), nobody else.
  const me = ctx.scope.viewer.employee;
  const visible = [...ctx.scope.subtreeSection].filter(([, s]) => s === section.id).map(([id]) => id);
  if (me.section.id === section.id) visible.push(me.id);
  const asOf = minDate(monthEnd(ctx.month), ctx.today);
  const [{ rows, inputs }, trend, people] = await Promise.all([
    tableRows(ctx, 'section', infos),
    trendOf(ctx, 'section', [section.id], managesAll(infos)),
    visible.length > 0
      ? repo.peopleMonth(ctx.db, visible, section.id, ctx.month, PEOPLE_LIMIT)
      : Promise.resolve(null),
  ]);
  const total = rows[0] ?? combined(ctx, section.id, section.name, inputs);
  if (people) {
    // Per person, leave as the leave capability counts it (attendance data first): the same number
    // the person sees on their own page and card.
    const taken = await tableIsOptional(
      takenLeave(
        ctx.db,
        people.map((p) => p.employeeId),
        `${yearOf(ctx.month)}-01-01`,
        asOf,
      ),
      [],
    );
    const annual = new Map<string, number>();
    for (const t of taken)
      if (t.kind === 'annual') annual.set(t.employeeNo, (annual.get(t.employeeNo) ?? 0) + t.days);
    for (const p of people) p.annualLeaveDays = Math.round((annual.get(p.employeeNo) ?? 0) * 10) / 10;
  }
  if (people)
    await auditPersonalRead(ctx.db, ctx.scope.viewer, {
      action: 'dashboard.people.read',
      subjectIds: people.map((p) => p.employeeId),
      targetType: 'section',
      targetId: section.id,
      detail: { month: ctx.month },
    });
  return {
    level: 'section',
    month: ctx.month,
    lastYearMonth: shiftMonth(ctx.month, -12),
    minGroupSize: ctx.minGroupSize,
    title: { id: section.id, name: section.name, bureauName: section.bureauName },
    total,
    rows: [],
    rowLevel: null,
    byKind: [],
    trend,
    bands: total.hidden ? null : hourBands(inputs[0]?.thisMonth),
    leaveGoal: leaveGoal(ctx.month),
    campaigns: [],
    childcare: null,
    people,
    peopleTotal: visible.length,
  };
}

export { hours };
