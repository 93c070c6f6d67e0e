import type { JobDefinition } from '../jobs/jobs.ts';
import { scheduledJob } from '../jobs/scheduled-job.ts';
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
  return scheduledJob(SURVEY_DISPATCH_JOB, '* * * * *', 0, () => runSurveyDispatch(deps, deps.now()));
}
