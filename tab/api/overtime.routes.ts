import {
  getMyOvertime,
  getSpecialDutyReport,
  listAlerts,
} from '../../contracts/tab-api/overtime.contract.ts';
import { hrOrAdmin } from '../../core/access/policies.ts';
import { accessScope, auditExport } from '../../core/access/scope.ts';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import type { Config } from '../../core/config/config.ts';
import { toCsv } from '../../core/dashboard/dashboard.export.ts';
import type { Db } from '../../core/db/db.ts';
import type { OvertimeSettings } from '../../core/overtime/overtime.settings.ts';
import { alertList } from '../../core/overtime/overtime-figures.repository.ts';
import { overtimeSummary } from '../../core/overtime/overtime-summary.service.ts';
import { specialDutyReport, specialDutyTable } from '../../core/overtime/special-duty.service.ts';
import { monthOf, tokyoDateOf } from '../../core/shared/calendar.ts';
import type { YearMonth } from '../../core/shared/year-month.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

/** The overtime year (April–March) a month belongs to. */
const overtimeYearOf = (m: YearMonth) => Number(m.slice(0, 4)) - (Number(m.slice(5, 7)) < 4 ? 1 : 0);

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
  const currentMonth = () => monthOf(tokyoDateOf(deps.now()));

  router.route(getMyOvertime, async (viewer) => {
    const e = viewer.employee;
    return overtimeSummary(
      db,
      { id: e.id, heteronomous: e.section.heteronomous },
      deps.now(),
      await deps.settings(),
    );
  });

  /**
   * HR's year-end 要因の整理・分析・検証 of cap excesses by bureau and 特例業務 reason (人事院規則15-14
   * 第16条の2の2 第3項); `?format=csv` through the dashboard's CSV helper. HR and admins only, audited.
   */
  router.route(
    getSpecialDutyReport,
    async (viewer, { query: q }) => {
      const fiscalYear = q.fiscalYear ?? overtimeYearOf(currentMonth());
      const locale = viewer.employee.locale === 'en' ? 'en' : 'ja';
      const report = await specialDutyReport(deps, fiscalYear, locale);
      await auditExport(db, viewer, {
        action: 'overtime.special_duty_report',
        targetType: 'fiscal_year',
        targetId: String(fiscalYear),
        detail: { format: q.format, rows: report.rows.length },
      });
      if (q.format === 'csv')
        return new FileReply(
          'text/csv; charset=utf-8',
          `special-duty-${fiscalYear}.csv`,
          toCsv(specialDutyTable(report, locale)),
        );
      return report;
    },
    { authorize: hrOrAdmin },
  );

  router.route(listAlerts, async (viewer, { query: q }) => {
    const scope = await accessScope(db, viewer);
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
