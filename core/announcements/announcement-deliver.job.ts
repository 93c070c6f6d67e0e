import { z } from 'zod';
import type { JobDefinition } from '../jobs/jobs.ts';

export const deliverPayload = z.object({ announcementId: z.uuid() });
export type DeliverPayload = z.infer<typeof deliverPayload>;

/** A sender works for this long, then hands over to a fresh job (pg-boss expires long-running jobs). */
export const LANE_SLICE_MS = 4 * 60_000;

/**
 * One sender of an announcement. Idempotent and safe to run many at once: each recipient row is
 * claimed by one sender (SKIP LOCKED) and its state decides what is left, not the job.
 */
export function deliverJob(
  run: (id: string) => Promise<'done' | 'more'>,
  again: (data: DeliverPayload) => Promise<unknown>,
): JobDefinition<DeliverPayload> {
  return {
    name: 'announcements-deliver',
    schema: deliverPayload,
    // Two senders per process; each runs the configured number of requests at once.
    concurrency: 2,
    retryLimit: 5,
    async handler(data) {
      if ((await run(data.announcementId)) === 'more') await again(data);
    },
  };
}
