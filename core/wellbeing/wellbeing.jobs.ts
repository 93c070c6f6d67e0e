import type { JobDefinition } from '../jobs/jobs.ts';
import { scheduledJob } from '../jobs/scheduled-job.ts';
import { sendLeaveOnTimeNudges, sendStillWorkingLists } from './leave-on-time.service.ts';
import { sendJanuaryLeaveReports } from './leave-report.service.ts';
import { sendGapConfirmations } from './office-gap-cards.service.ts';
import { sendMorningRestCards, sendWeeklyRestCounts, type WellbeingDeps } from './rest-morning.service.ts';

type Deps = WellbeingDeps & { now: () => Date };

/**
 * The wellbeing jobs (one definition each, pg-boss cron in Japan time). Each run is idempotent: the
 * services key every card in the outbox per person and day/week, so a second run, a retry or the
 * same cron firing in two processes sends nothing twice. The crons fire more often than the
 * messages are due so that a process that was down, or a person in quiet hours, is caught up later
 * the same day; the services decide whether it is time.
 */
const job = (
  name: string,
  cron: string,
  deps: Deps,
  run: (deps: WellbeingDeps, now: Date) => Promise<number>,
): JobDefinition<Record<string, never>> =>
  scheduledJob(name, cron, 3, async () => {
    const sent = await run(deps, deps.now());
    if (sent > 0) deps.logger.info({ job: name, sent }, 'wellbeing cards queued');
  });

export const wellbeingJobs = (deps: Deps) => ({
  /** Working mornings, 8:00–10:30: the card after a short rest (quiet hours end at 8:00 by default). */
  morningRest: job('wellbeing-morning-rest', '*/30 8-10 * * 1-5', deps, sendMorningRestCards),
  /** Mondays 9:00–11:00: the manager's weekly count of short rests. */
  weeklyRest: job('wellbeing-weekly-rest', '0 9-11 * * 1', deps, sendWeeklyRestCounts),
  /** Working days, hourly 9:00–17:00: confirmation cards for unanswered in-office gaps. */
  gapConfirmations: job('wellbeing-gap-confirmations', '0 9-17 * * 1-5', deps, sendGapConfirmations),
  /** Every 5 minutes in the afternoon and evening: the 定時退庁日 nudge and the managers' list. */
  leaveOnTime: job('wellbeing-leave-on-time', '*/5 12-21 * * 1-5', deps, async (d, now) => {
    return (await sendLeaveOnTimeNudges(d, now)) + (await sendStillWorkingLists(d, now));
  }),
  /** January, hourly 9:20–17:20: last calendar year's leave report to each executive (once). */
  leaveReport: job('wellbeing-leave-report', '20 9-17 * 1 *', deps, sendJanuaryLeaveReports),
});
