import {
  exportView,
  getBureauView,
  getOverview,
  getRisk,
  getSectionView,
} from '../../contracts/tab-api/dashboard.contract.ts';
import { disclosureFloor } from '../../core/access/disclosure.service.ts';
import { byScope, requireAggregateViewer } from '../../core/access/policies.ts';
import { auditExport, groupScope } from '../../core/access/scope.ts';
import type { Viewer } from '../../core/access/viewer.ts';
import type { Config } from '../../core/config/config.ts';
import { exportTable, toCsv, toXlsx } from '../../core/dashboard/dashboard.export.ts';
import { latestMonth, monthsWithData } from '../../core/dashboard/dashboard.repository.ts';
import {
  bureauView,
  type DashboardContext,
  type GroupView,
  overview,
  sectionView,
} from '../../core/dashboard/dashboard.service.ts';
import { riskView } from '../../core/dashboard/risk.service.ts';
import type { Db } from '../../core/db/db.ts';
import { AppError } from '../../core/shared/errors.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

/**
 * The dashboard opens on the last complete month: a few days into the running month every figure
 * looks empty and every comparison misleads. The running month is one click away (months list).
 */
export function defaultMonth(latest: string | null | undefined, today: string): string {
  const running = today.slice(0, 7);
  const [y, m] = running.split('-').map(Number) as [number, number];
  const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  if (!latest) return previous;
  return latest < running ? latest : previous;
}

const tokyoToday = (now: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(now);

/**
 * ダッシュボード API: overview → bureau → section (→ people of the viewer's own subtree), each cut to
 * the viewer's scope and the group-size floor, and an export of exactly the view on screen.
 */
export function registerDashboardRoutes(router: TabRouter, _config: Config, db: Db, now: () => Date): void {
  /** Who may open the dashboard at all: managers, executives, WLB officers, hr, admin. */
  const dashboardViewer = { authorize: byScope(db, requireAggregateViewer) };

  async function context(
    viewer: Viewer,
    q: { month?: string; opening: 'latest' | 'complete' },
  ): Promise<DashboardContext> {
    const scope = await groupScope(db, viewer);
    const today = tokyoToday(now());
    return {
      db,
      scope,
      month:
        q.month ??
        (q.opening === 'complete'
          ? defaultMonth(await latestMonth(db), today)
          : ((await latestMonth(db)) ?? today.slice(0, 7))),
      // The floor is a 設定 (privacy.minGroupSize), never the environment.
      minGroupSize: await disclosureFloor(db),
      today,
    };
  }

  const withMonths = async (view: GroupView) => ({ ...view, months: await monthsWithData(db) });

  // Who of my people will reach 45/80/100 h this month, and which 100 h alerts are still open.
  router.route(
    getRisk,
    async (viewer) => riskView(db, viewer, await groupScope(db, viewer), tokyoToday(now())),
    dashboardViewer,
  );

  router.route(
    getOverview,
    async (viewer, { query }) => withMonths(await overview(await context(viewer, query))),
    dashboardViewer,
  );

  router.route(
    getBureauView,
    async (viewer, { params, query }) =>
      withMonths(await bureauView(await context(viewer, query), params.id)),
    dashboardViewer,
  );

  router.route(
    getSectionView,
    async (viewer, { params, query }) =>
      withMonths(await sectionView(await context(viewer, query), params.id)),
    dashboardViewer,
  );

  router.route(
    exportView,
    async (viewer, { query: q }) => {
      const ctx = await context(viewer, { month: q.month, opening: 'latest' });
      if (q.view !== 'overview' && !q.id)
        throw new AppError('bad_request', 'Invalid query.', [
          { where: 'id', message: 'required for this view' },
        ]);
      const view =
        q.view === 'overview'
          ? await overview(ctx)
          : q.view === 'bureau'
            ? await bureauView(ctx, q.id ?? '')
            : await sectionView(ctx, q.id ?? '');
      const table = exportTable(view, q.locale);
      await auditExport(db, viewer, {
        action: 'dashboard.export',
        targetType: q.view,
        targetId: q.id,
        detail: {
          month: view.month,
          format: q.format,
          rows: table.rows.length,
          people: view.people?.length ?? 0,
        },
      });
      const name = `kinmu-${q.view}-${view.month}`;
      return q.format === 'csv'
        ? new FileReply('text/csv; charset=utf-8', `${name}.csv`, toCsv(table))
        : new FileReply(
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            `${name}.xlsx`,
            await toXlsx(table, view.month),
          );
    },
    dashboardViewer,
  );
}
