import type { JobDefinition } from '../jobs/jobs.ts';
import { scheduledJob } from '../jobs/scheduled-job.ts';
import { type NudgeDeps, runMidYearNudge } from './mid-year-nudge.service.ts';

export const MID_YEAR_NUDGE_JOB = 'leave-mid-year-nudge';

/** 9:30 JST on weekdays; the service acts only from the last working day of June to mid-July, once per person. */
export function midYearNudgeJob(deps: NudgeDeps & { now: () => Date }): JobDefinition<Record<string, never>> {
  return scheduledJob(MID_YEAR_NUDGE_JOB, '30 9-17 * * 1-5', 2, async () => {
    const result = await runMidYearNudge(deps, deps.now());
    if (result.people > 0 || result.managers > 0) deps.logger.info(result, 'mid-year leave nudge sent');
  });
}
