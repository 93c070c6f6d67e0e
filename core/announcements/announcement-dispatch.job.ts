import { z } from 'zod';
import type { JobDefinition } from '../jobs/jobs.ts';

/**
 * Every minute: scheduled announcements whose time has come start sending, and announcements with
 * work left whose senders went quiet (a crashed instance) get new ones. Idempotent: state changes
 * are conditional updates, and extra senders only share the same rows.
 */
export function dispatchJob(tick: () => Promise<void>): JobDefinition<Record<string, never>> {
  return {
    name: 'announcements-dispatch',
    schema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    cron: '* * * * *',
    retryLimit: 0,
    handler: () => tick(),
  };
}
