import { z } from 'zod';
import { parseInput } from '../../core/access/request-input.ts';
import { accessScope } from '../../core/access/scope.ts';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import type { Config } from '../../core/config/config.ts';
import type { Db } from '../../core/db/db.ts';
import type { OvertimeSettings } from '../../core/overtime/overtime.settings.ts';
import { alertList } from '../../core/overtime/overtime-figures.repository.ts';
import { overtimeSummary } from '../../core/overtime/overtime-summary.service.ts';
import { isYearMonth } from '../../core/overtime/year-month.ts';
import type { TabRouter } from './tab-router.ts';

const month = z.string().refine(isYearMonth, 'must be a month YYYY-MM');
const alertsQuery = z.object({ open: z.enum(['0', '1']).default('1'), month: month.optional() });

/**
 * 残業 for the tab: the viewer's own month, and the alerts with their follow-up.
 *
 * Group figures (bureau and section totals, year on year, month series) are the dashboard's
 * (/api/tab/dashboard…), which cuts them by the one disclosure decision; the figure routes that
 * used to be here duplicated them without it (issue 12) and are gone.
 *
 * Alerts name a person, so they follow SPEC §2/§3 exactly: the managers of the person's subtree
 * see them; the bureau's WLB officer sees the 100 h ones (they are sent the 100 h card); an
 * executive or hr/admin role alone shows none (they get aggregates).
 */
export function registerOvertimeRoutes(
  router: TabRouter,
  deps: { config: Config; db: Db; now: () => Date; settings: () => Promise<OvertimeSettings> },
): void {
  const { db } = deps;

  router.get('/overtime/me', async (viewer) => {
    const e = viewer.employee;
    return overtimeSummary(
      db,
      { id: e.id, heteronomous: e.section.heteronomous },
      deps.now(),
      await deps.settings(),
    );
  });

  router.get('/overtime/alerts', async (viewer, req) => {
    const scope = await accessScope(db, viewer);
    const q = parseInput(alertsQuery, req.query, 'query');
    const wlbBureauIds = viewer.bureauScopes.filter((s) => s.role === 'wlb_officer').map((s) => s.bureauId);
    if (scope.subtree.size === 0 && wlbBureauIds.length === 0) return { alerts: [] };
    const alerts = await alertList(
      db,
      { employeeIds: [...scope.subtree], wlbBureauIds },
      { openOnly: q.open === '1', month: q.month },
    );
    if (alerts.length > 0)
      await writeAudit(db, {
        actorId: viewer.employee.id,
        action: 'overtime.alerts.read',
        targetType: 'overtime_alert',
        detail: { count: alerts.length, open: q.open === '1', month: q.month ?? null },
      });
    return { alerts };
  });
}
