import type { JobDefinition } from '../jobs/jobs.ts';
import { scheduledJob } from '../jobs/scheduled-job.ts';

/**
 * Every minute: scheduled announcements whose time has come start sending, and announcements with
 * work left whose senders went quiet (a crashed instance) get new ones. Idempotent: state changes
 * are conditional updates, and extra senders only share the same rows.
 */
export function dispatchJob(tick: () => Promise<void>): JobDefinition<Record<string, never>> {
  return scheduledJob('announcements-dispatch', '* * * * *', 0, tick);
}
