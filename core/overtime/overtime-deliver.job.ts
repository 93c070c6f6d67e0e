import { z } from 'zod';
import type { JobDefinition } from '../jobs/jobs.ts';
import { deliverDue, type OvertimeDeps } from './overtime-alerts.service.ts';

export const overtimeDeliverPayload = z.object({});

/** Sends overtime messages whose time has come (held back by quiet hours, or retried). */
export function overtimeDeliverJob(
  deps: OvertimeDeps,
): JobDefinition<z.infer<typeof overtimeDeliverPayload>> {
  return {
    name: 'overtime-deliver',
    schema: overtimeDeliverPayload,
    retryLimit: 5,
    async handler() {
      await deliverDue(deps);
    },
  };
}
