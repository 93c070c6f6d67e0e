import { z } from 'zod';
import type { JobDefinition } from '../jobs/jobs.ts';
import { type NudgeDeps, runMidYearNudge } from './mid-year-nudge.service.ts';

export const MID_YEAR_NUDGE_JOB = 'leave-mid-year-nudge';

/** 9:30 JST on weekdays; the service acts only from the last working day of June to mid-July, once per person. */
export function midYearNudgeJob(deps: NudgeDeps & { now: () => Date }): JobDefinition<Record<string, never>> {
  return {
    name: MID_YEAR_NUDGE_JOB,
    schema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    cron: '30 9-17 * * 1-5',
    retryLimit: 2,
    handler: async () => {
      const result = await runMidYearNudge(deps, deps.now());
      if (result.people > 0 || result.managers > 0) deps.logger.info(result, 'mid-year leave nudge sent');
    },
  };
}
