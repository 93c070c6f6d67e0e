import { z } from 'zod';
import type { JobDefinition } from './jobs.ts';

/** No payload: a scheduled run reads the clock and the database, nothing else. */
const noPayload = z.object({}).strict() as unknown as z.ZodType<Record<string, never>>;

/**
 * A job that runs on its cron (Asia/Tokyo) only. The run must be idempotent, as every job here is:
 * the cron may fire in two processes, and pg-boss retries a failed run `retryLimit` times.
 */
export function scheduledJob(
  name: string,
  cron: string,
  retryLimit: number,
  run: () => Promise<unknown>,
): JobDefinition<Record<string, never>> {
  return {
    name,
    schema: noPayload,
    cron,
    retryLimit,
    handler: async () => {
      await run();
    },
  };
}
