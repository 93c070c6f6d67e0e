import { z } from 'zod';
import type { JobDefinition } from '../jobs/jobs.ts';
import type { OvertimeDeps } from './overtime-alerts.service.ts';
import { runFollowUps } from './overtime-follow-up.service.ts';

export const overtimeFollowUpPayload = z.object({});

/** Daily 9:05 JST: reminders and escalations for 100 h alerts nobody has acted on. Idempotent. */
export function overtimeFollowUpJob(
  deps: OvertimeDeps,
): JobDefinition<z.infer<typeof overtimeFollowUpPayload>> {
  return {
    name: 'overtime-follow-up',
    schema: overtimeFollowUpPayload,
    cron: '5 9 * * *',
    retryLimit: 5,
    async handler() {
      const result = await runFollowUps(deps);
      deps.logger.info(result, 'overtime follow-ups');
    },
  };
}
