import { z } from 'zod';
import type { JobDefinition } from '../jobs/jobs.ts';
import { addDays, monthOf, tokyoDateOf } from '../shared/calendar.ts';
import { isYearMonth } from '../shared/year-month.ts';
import { type OvertimeDeps, raiseAlerts } from './overtime-alerts.service.ts';

export const overtimeAlertsPayload = z.object({
  /** Months whose totals changed (from an import); empty: this month and last (the daily run). */
  months: z.array(z.string().refine(isYearMonth, 'must be YYYY-MM')).max(36).default([]),
});
export type OvertimeAlertsPayload = z.infer<typeof overtimeAlertsPayload>;

/**
 * Runs after each import and daily at 9:00 JST. Idempotent: alerts already recorded are not raised
 * again (unique employee + month + level), and their messages are keyed in the outbox, which
 * sends them (those held by quiet hours when the hours end: their ready_at).
 */
export function overtimeAlertsJob(deps: OvertimeDeps): JobDefinition<OvertimeAlertsPayload> {
  return {
    name: 'overtime-alerts',
    schema: overtimeAlertsPayload,
    cron: '0 9 * * *',
    retryLimit: 5,
    async handler(data) {
      const today = tokyoDateOf(deps.now());
      const months =
        data.months.length > 0 ? data.months : [monthOf(addDays(`${monthOf(today)}-01`, -1)), monthOf(today)];
      const raised = await raiseAlerts(deps, months);
      deps.logger.info({ months, raised }, 'overtime alerts evaluated');
    },
  };
}
