import type { CampaignLine, TrendPoint } from '../../contracts/tab-api/dashboard.contract.ts';
import { disclose } from '../access/disclosure.rules.ts';
import type { ViewerDisclosure } from '../access/disclosure.service.ts';
import type { GroupScope } from '../access/scope.ts';
import type { Db } from '../db/db.ts';
import { shiftMonth } from '../shared/year-month.ts';
import * as repo from './dashboard.repository.ts';
import {
  type DashboardRow,
  dashboardRows,
  type RowDecisions,
  type RowInput,
  sumFigures,
} from './dashboard.rules.ts';

/**
 * The figures of the dashboard's tables, month series and campaign lines, each cut by the viewer's
 * disclosure decision (core/access/disclosure.service.ts) for its month. dashboard.service.ts puts
 * them together into pages.
 */

export interface FiguresContext {
  db: Db;
  scope: GroupScope;
  month: string;
  minGroupSize: number;
  today: string;
  disclosure: ViewerDisclosure;
}

export type { CampaignLine, TrendPoint };

const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
export const minDate = (a: string, b: string) => (a < b ? a : b);

/** The months a page's decisions cover: the 12 of the series and the same months a year before. */
export function pageMonths(month: string): string[] {
  return Array.from({ length: 24 }, (_, i) => shiftMonth(month, i - 23));
}

/** What the decision says about one table: this month, last year's month, who the viewer knows in full. */
export function decisionsFor(ctx: FiguresContext): RowDecisions {
  const now = ctx.disclosure.at(ctx.month);
  const ly = ctx.disclosure.at(shiftMonth(ctx.month, -12));
  return {
    now: now.hidden,
    lastYear: ly.hidden,
    allStaff: now.allStaffHidden,
    allStaffLastYear: ly.allStaffHidden,
    managed: (id) => now.size(id) > 0 && now.known(id) >= now.size(id),
  };
}

/** The 12-month series of one group (nodeId in the decision), each month cut by that month's decision. */
export async function trendOf(
  ctx: FiguresContext,
  level: repo.GroupLevel,
  ids: string[],
  nodeId: string,
): Promise<TrendPoint[]> {
  const from = shiftMonth(ctx.month, -11);
  const points = await repo.trend(ctx.db, level, ids, shiftMonth(from, -12), ctx.month);
  const byMonth = new Map(points.map((p) => [p.month, p]));
  // Averages follow the non-managerial decision, totals and ≥100 h (everyone) the all-staff one.
  const show = (month: string, allStaff: boolean) => {
    const d = ctx.disclosure.at(month);
    if (allStaff ? d.allStaffHidden(nodeId) : d.hidden(nodeId)) return null;
    const f = byMonth.get(month);
    return f && f.staff > 0 ? f : null;
  };
  const hours = (minutes: number) => Math.round(minutes / 6) / 10;
  const avg = (f: repo.MonthFigures | null) =>
    f && f.nmStaff > 0 ? hours(f.nmTotalMinutes / f.nmStaff) : null;
  return Array.from({ length: 12 }, (_, i) => {
    const month = shiftMonth(from, i);
    const all = show(month, true);
    const lyAll = show(shiftMonth(month, -12), true);
    return {
      month,
      totalHours: all ? hours(all.totalMinutes) : null,
      avgHours: avg(show(month, false)),
      ge100All: all ? all.ge100 : null,
      lastYearAvgHours: avg(show(shiftMonth(month, -12), false)),
      lastYearTotalHours: lyAll ? hours(lyAll.totalMinutes) : null,
    };
  });
}

/** The rows of a table of groups, with their inputs (for totals over them). */
export async function tableRows(
  ctx: FiguresContext,
  level: repo.GroupLevel,
  infos: repo.GroupInfo[],
): Promise<{ rows: DashboardRow[]; inputs: RowInput[] }> {
  const ids = infos.map((i) => i.id);
  const lastYearMonth = shiftMonth(ctx.month, -12);
  const [figures, leave, alerts] = await Promise.all([
    repo.groupMonths(ctx.db, level, ids, [ctx.month, lastYearMonth]),
    repo.annualLeaveTaken(ctx.db, level, ids, ctx.month, minDate(monthEnd(ctx.month), ctx.today)),
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
  return { rows: dashboardRows(inputs, decisionsFor(ctx)), inputs };
}

/** One row summing several inputs (the total line, a kind of bureau), under its own node of the decision. */
export function combined(
  ctx: FiguresContext,
  nodeId: string,
  name: string,
  inputs: RowInput[],
): DashboardRow {
  const info: repo.GroupInfo = {
    id: nodeId,
    name,
    code: '',
    kind: nodeId,
    bureauId: '',
    headcount: inputs.every((i) => i.info.headcount !== null)
      ? inputs.reduce((n, i) => n + (i.info.headcount ?? 0), 0)
      : null,
    managed: 0,
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
        alerts,
      },
    ],
    decisionsFor(ctx),
  );
  return row as DashboardRow;
}

/**
 * Campaign response rates for the whole scope (focus null) or one bureau of it. Decided over the
 * viewer's whole scope, per campaign (the targets are the group), so a bureau page and the overview
 * never disagree on what is hidden.
 */
export async function campaignLines(ctx: FiguresContext, focus: string | null): Promise<CampaignLine[]> {
  return campaignFigures(ctx.db, ctx.scope, ctx.minGroupSize, { focus });
}

/**
 * Each recent campaign's target and answer counts over the viewer's bureaus (or one of them:
 * `focus`), cut by the one disclosure rule over its enrolled members per bureau: null where the
 * rule hides them. The dashboard's campaign lines and the campaign list read these, so the two
 * never show a figure the other hides.
 */
export async function campaignFigures(
  db: Db,
  scope: GroupScope,
  floor: number,
  options: { focus?: string | null; limit?: number } = {},
): Promise<CampaignLine[]> {
  const focus = options.focus ?? null;
  const rates = await repo.campaignRates(
    db,
    scope.orgWide ? null : [...scope.bureauIds],
    { viewerId: scope.viewer.employee.id, withSubtree: scope.subtreeSize > 0 },
    options.limit,
  );
  const byCampaign = new Map<string, repo.CampaignRate[]>();
  for (const r of rates) byCampaign.set(r.campaignId, [...(byCampaign.get(r.campaignId) ?? []), r]);
  const lines: CampaignLine[] = [];
  for (const [campaignId, list] of byCampaign) {
    const first = list[0] as repo.CampaignRate;
    const children = list.map((r) => ({ id: r.bureauId, size: r.targeted, known: r.knownTargets }));
    const hidden = disclose(
      [
        {
          id: 'scope',
          size: children.reduce((n, c) => n + c.size, 0),
          known: children.reduce((n, c) => n + c.known, 0),
          children,
        },
      ],
      floor,
    );
    const parts = focus ? list.filter((r) => r.bureauId === focus) : list;
    if (focus && parts.length === 0) continue;
    const show = !hidden.has(focus ?? 'scope');
    const targeted = parts.reduce((n, r) => n + r.targeted, 0);
    const responded = parts.reduce((n, r) => n + r.responded, 0);
    lines.push({
      campaignId,
      title: first.title,
      kind: first.kind,
      deadline: first.deadline,
      targeted: show ? targeted : null,
      responded: show ? responded : null,
      rate: show && targeted > 0 ? Math.round((responded / targeted) * 1000) / 10 : null,
    });
  }
  return lines;
}
