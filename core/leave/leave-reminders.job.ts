import type { JobDefinition } from '../jobs/jobs.ts';
import { scheduledJob } from '../jobs/scheduled-job.ts';
import { type LeaveReminderDeps, runLeaveReminders } from './leave-reminders.service.ts';

export const LEAVE_REMINDERS_JOB = 'leave-plan-reminders';

/**
 * Every 10 minutes on weekdays, 8:00–19:59 JST: sends what is due (opening, N days before the
 * deadline, chief summaries, section tables). Running it twice, or on two instances at once,
 * sends nothing twice: each delivery is claimed by a unique key first.
 */
export function leaveRemindersJob(
  deps: LeaveReminderDeps & { now: () => Date },
): JobDefinition<Record<string, never>> {
  return scheduledJob(LEAVE_REMINDERS_JOB, '*/10 8-19 * * 1-5', 2, async () => {
    const result = await runLeaveReminders(deps, deps.now());
    if (result.sent > 0 || result.undeliverable > 0) deps.logger.info(result, 'leave reminders sent');
  });
}
