import {
  exportFollowUpReport,
  getAnnualTargets,
  getFollowUpReport,
  getPersonSignals,
  getSignals,
  listGaps,
  reviewGap,
} from '../../contracts/tab-api/wellbeing.contract.ts';
import { byScope, requireAggregateViewer } from '../../core/access/policies.ts';
import { accessScope, auditExport } from '../../core/access/scope.ts';
import type { Viewer } from '../../core/access/viewer.ts';
import { latestMonth } from '../../core/dashboard/dashboard.repository.ts';
import type { Db } from '../../core/db/db.ts';
import { annualTargets } from '../../core/wellbeing/annual-targets.service.ts';
import { followUpCsv, followUpXlsx } from '../../core/wellbeing/follow-up-report.export.ts';
import { type FollowUpReport, followUpReport } from '../../core/wellbeing/follow-up-report.service.ts';
import {
  gapList,
  personSignals,
  reviewGap as reviewGapOf,
  signalsView,
} from '../../core/wellbeing/wellbeing.service.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

const tokyoMonth = (now: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(now).slice(0, 7);

/**
 * 勤務間インターバル and 在庁時間の乖離 (issue 19): counts per section for the dashboard (disclosure
 * model), one person's days (themself or their managers, audited), and the manager's gap list with
 * the recorded answer (audited). The proactive cards are core/wellbeing/*.service.ts (docs/wellbeing-messages.md).
 */
export function registerWellbeingRoutes(router: TabRouter, db: Db, now: () => Date): void {
  const monthOf = async (month?: string) => month ?? (await latestMonth(db)) ?? tokyoMonth(now());

  router.route(
    getSignals,
    async (viewer, { query }) => signalsView(db, await accessScope(db, viewer), await monthOf(query.month)),
    { authorize: byScope(db, requireAggregateViewer) },
  );

  router.route(getAnnualTargets, async (viewer, { query }) =>
    annualTargets(db, await accessScope(db, viewer), await monthOf(query.month)),
  );

  /** 取組計画フォローアップ: the rows of seeds 001/003 per ministry, kind and bureau (floor applied), audited. */
  const followUp = async (viewer: Viewer, month: string | undefined, format: 'json' | 'csv' | 'xlsx') => {
    const report = await followUpReport(db, await accessScope(db, viewer), await monthOf(month));
    await auditExport(db, viewer, {
      action: 'wellbeing.follow_up.export',
      targetType: 'follow_up_report',
      detail: { month: report.throughMonth, format, rows: report.rows.length },
    });
    return report;
  };
  const followUpFile = async (report: FollowUpReport, format: 'csv' | 'xlsx') => {
    const name = `kinmu-follow-up-${report.fiscalYear}-${report.throughMonth}`;
    return format === 'csv'
      ? new FileReply('text/csv; charset=utf-8', `${name}.csv`, followUpCsv(report))
      : new FileReply(
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          `${name}.xlsx`,
          await followUpXlsx(report),
        );
  };
  router.route(getFollowUpReport, async (viewer, { query: q }) => {
    const report = await followUp(viewer, q.month, q.format);
    return q.format === 'json' ? report : followUpFile(report, q.format);
  });
  // The tab's buttons: a file only, so Teams can open it in a browser with a signed link.
  router.route(exportFollowUpReport, async (viewer, { query: q }) =>
    followUpFile(await followUp(viewer, q.month, q.format), q.format),
  );

  router.route(getPersonSignals, async (viewer, { params, query }) =>
    personSignals(db, await accessScope(db, viewer), params.id, await monthOf(query.month)),
  );

  router.route(listGaps, async (viewer, { query }) => {
    const scope = await accessScope(db, viewer);
    const month = await monthOf(query.month);
    return { month, items: await gapList(db, scope, month) };
  });

  router.route(reviewGap, async (viewer, { body }) => reviewGapOf(db, await accessScope(db, viewer), body));
}
