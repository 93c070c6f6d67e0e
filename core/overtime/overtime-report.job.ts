import { z } from 'zod';
import type { JobDefinition } from '../jobs/jobs.ts';
import { type ReportDeps, sendMonthlyReports } from './overtime-report.service.ts';

export const overtimeReportPayload = z.object({});

/**
 * 9:10 JST on the 1st–7th of each month; the handler acts only on the first working day (holidays
 * and the 1/1–1/3 closure move it), and once per executive per month.
 */
export function overtimeReportJob(deps: ReportDeps): JobDefinition<z.infer<typeof overtimeReportPayload>> {
  return {
    name: 'overtime-monthly-report',
    schema: overtimeReportPayload,
    cron: '10 9 1-7 * *',
    retryLimit: 5,
    async handler() {
      const sent = await sendMonthlyReports(deps);
      if (sent > 0) deps.logger.info({ sent }, 'monthly overtime reports sent');
    },
  };
}
