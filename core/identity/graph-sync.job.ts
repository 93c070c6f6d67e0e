import { z } from 'zod';
import type { JobDefinition } from '../jobs/jobs.ts';
import { type GraphSyncDeps, runGraphSync } from './graph-sync.service.ts';

export const GRAPH_SYNC_JOB = 'identity-graph-sync';

const payload = z.object({
  mode: z.enum(['dry_run', 'apply']).default('apply'),
  full: z.boolean().default(false),
});

/**
 * The daily org sync (cron in Asia/Tokyo, GRAPH_SYNC_CRON). Idempotent: a re-run reads Graph from
 * the stored delta link, and a run that changed nothing changes nothing again.
 */
export function graphSyncJob(deps: GraphSyncDeps, cron: string): JobDefinition<z.infer<typeof payload>> {
  return {
    name: GRAPH_SYNC_JOB,
    schema: payload,
    cron,
    retryLimit: 2,
    handler: async (data) => {
      await runGraphSync(deps, data.mode, { id: null, label: 'graph-sync job' }, { full: data.full });
    },
  };
}
