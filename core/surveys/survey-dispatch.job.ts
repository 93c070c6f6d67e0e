import { z } from 'zod';
import type { JobDefinition } from '../jobs/jobs.ts';
import { runSurveyDispatch, type SurveyDispatchDeps } from './survey-dispatch.service.ts';

export const SURVEY_DISPATCH_JOB = 'surveys-dispatch';

/**
 * Every minute: opens, closes, invites and reminds (survey-dispatch.service.ts). Idempotent: state
 * changes are conditional updates and every card is keyed in the outbox, so a second run or a
 * second instance sends nothing twice.
 */
export function surveyDispatchJob(
  deps: SurveyDispatchDeps & { now: () => Date },
): JobDefinition<Record<string, never>> {
  return {
    name: SURVEY_DISPATCH_JOB,
    schema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    cron: '* * * * *',
    retryLimit: 0,
    handler: async () => {
      await runSurveyDispatch(deps, deps.now());
    },
  };
}
