import { z } from 'zod';
import { parseInput } from '../../core/access/request-input.ts';
import { type AccessScope, accessScope, auditExport } from '../../core/access/scope.ts';
import { latestMonth } from '../../core/dashboard/dashboard.repository.ts';
import type { Db } from '../../core/db/db.ts';
import { isValidIsoDate } from '../../core/shared/calendar.ts';
import { AppError } from '../../core/shared/errors.ts';
import { isYearMonth } from '../../core/shared/year-month.ts';
import { annualTargets } from '../../core/wellbeing/annual-targets.service.ts';
import { followUpCsv, followUpXlsx } from '../../core/wellbeing/follow-up-report.export.ts';
import { followUpReport } from '../../core/wellbeing/follow-up-report.service.ts';
import { gapList, personSignals, reviewGap, signalsView } from '../../core/wellbeing/wellbeing.service.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

const month = z.string().refine(isYearMonth, 'must be a month YYYY-MM').optional();
const monthQuery = z.object({ month });
const reportQuery = z.object({ month, format: z.enum(['json', 'csv', 'xlsx']).default('json') });
const idParam = z.object({ id: z.uuid('must be an id') });
const reviewBody = z.object({
  employeeId: z.uuid('must be an id'),
  date: z.string().refine(isValidIsoDate, 'must be a date YYYY-MM-DD'),
  outcome: z.enum(['overtime_confirmed', 'self_study', 'standby', 'other']),
  comment: z.string().max(500).nullish(),
});

const tokyoMonth = (now: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(now).slice(0, 7);

/** Who may see section counts: managers, executives, WLB officers, hr, admin (as the dashboard). */
function requireAggregateViewer(scope: AccessScope): void {
  if (!scope.orgWide && scope.bureauIds.size === 0 && scope.managedSectionIds.size === 0)
    throw new AppError('forbidden', 'You do not have access to this.');
}

/**
 * 勤務間インターバル and 在庁時間の乖離 (issue 19): counts per section for the dashboard (disclosure
 * model), one person's days (themself or their managers, audited), and the manager's gap list with
 * the recorded answer (audited). The proactive cards for both wait for the outbox (issue 16).
 */
export function registerWellbeingRoutes(router: TabRouter, db: Db, now: () => Date): void {
  const monthOf = async (query: unknown) =>
    parseInput(monthQuery, query, 'query').month ?? (await latestMonth(db)) ?? tokyoMonth(now());

  router.get('/wellbeing/signals', async (viewer, req) => {
    const scope = await accessScope(db, viewer);
    requireAggregateViewer(scope);
    return signalsView(db, scope, await monthOf(req.query));
  });

  /** Executives, WLB officers, hr, admin: the plan's annual figures (aggregates only). */
  router.get('/wellbeing/annual-targets', async (viewer, req) =>
    annualTargets(db, await accessScope(db, viewer), await monthOf(req.query)),
  );

  /** 取組計画フォローアップ: the rows of seeds 001/003 per ministry, kind and bureau (floor applied), audited. */
  router.get('/wellbeing/follow-up-report', async (viewer, req) => {
    const q = parseInput(reportQuery, req.query, 'query');
    const report = await followUpReport(db, await accessScope(db, viewer), q.month ?? (await monthOf({})));
    await auditExport(db, viewer, {
      action: 'wellbeing.follow_up.export',
      targetType: 'follow_up_report',
      detail: { month: report.throughMonth, format: q.format, rows: report.rows.length },
    });
    const name = `kinmu-follow-up-${report.fiscalYear}-${report.throughMonth}`;
    if (q.format === 'csv')
      return new FileReply('text/csv; charset=utf-8', `${name}.csv`, followUpCsv(report));
    if (q.format === 'xlsx')
      return new FileReply(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        `${name}.xlsx`,
        await followUpXlsx(report),
      );
    return report;
  });

  router.get('/wellbeing/people/:id', async (viewer, req) => {
    const { id } = parseInput(idParam, req.params, 'path');
    return personSignals(db, await accessScope(db, viewer), id, await monthOf(req.query));
  });

  router.get('/wellbeing/gaps', async (viewer, req) => {
    const scope = await accessScope(db, viewer);
    return { month: await monthOf(req.query), items: await gapList(db, scope, await monthOf(req.query)) };
  });

  router.post('/wellbeing/gaps/review', async (viewer, req) => {
    const input = parseInput(reviewBody, req.body, 'body');
    return reviewGap(db, await accessScope(db, viewer), input);
  });
}
