import { z } from 'zod';
import { disclosureFloor } from '../../core/access/disclosure.service.ts';
import { parseInput } from '../../core/access/request-input.ts';
import { type AccessScope, accessScope, auditExport } from '../../core/access/scope.ts';
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
import { isYearMonth } from '../../core/shared/year-month.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

const month = z
  .string()
  .refine(isYearMonth, { message: 'must be a month YYYY-MM', params: { key: 'invalid_month' } })
  .optional();
// `opening=complete`: the tab's first view, on the last complete month (defaultMonth).
const viewQuery = z.object({ month, opening: z.enum(['latest', 'complete']).default('latest') });
const exportQuery = z.object({
  month,
  view: z.enum(['overview', 'bureau', 'section']).default('overview'),
  id: z.uuid().optional(),
  format: z.enum(['csv', 'xlsx']).default('csv'),
  locale: z.enum(['ja', 'en']).default('ja'),
});
const idParam = z.object({ id: z.uuid('must be an id') });

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

/** Who may open the dashboard at all: managers, executives, WLB officers, hr, admin. */
function requireDashboardViewer(scope: AccessScope): void {
  if (!scope.orgWide && scope.bureauIds.size === 0 && scope.managedSectionIds.size === 0)
    throw new AppError('forbidden', 'You do not have access to this.');
}

/**
 * ダッシュボード API: overview → bureau → section (→ people of the viewer's own subtree), each cut to
 * the viewer's scope and the group-size floor, and an export of exactly the view on screen.
 */
export function registerDashboardRoutes(router: TabRouter, _config: Config, db: Db, now: () => Date): void {
  async function context(viewer: Viewer, query: unknown): Promise<DashboardContext> {
    const scope = await accessScope(db, viewer);
    requireDashboardViewer(scope);
    const q = parseInput(viewQuery, query, 'query');
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
  router.get('/dashboard/risk', async (viewer) => {
    const scope = await accessScope(db, viewer);
    requireDashboardViewer(scope);
    return riskView(db, viewer, scope, tokyoToday(now()));
  });

  router.get('/dashboard', async (viewer, req) =>
    withMonths(await overview(await context(viewer, req.query))),
  );

  router.get('/dashboard/bureaus/:id', async (viewer, req) => {
    const ctx = await context(viewer, req.query);
    const { id } = parseInput(idParam, req.params, 'path');
    return withMonths(await bureauView(ctx, id));
  });

  router.get('/dashboard/sections/:id', async (viewer, req) => {
    const ctx = await context(viewer, req.query);
    const { id } = parseInput(idParam, req.params, 'path');
    return withMonths(await sectionView(ctx, id));
  });

  router.download('/dashboard/export', async (viewer, req) => {
    const q = parseInput(exportQuery, req.query, 'query');
    const ctx = await context(viewer, { month: q.month });
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
  });
}
