import { z } from 'zod';
import type { Db } from '../db/db.ts';
import type { JobDefinition } from '../jobs/jobs.ts';
import { readSetting } from '../settings/settings.repository.ts';
import type { Logger } from '../shared/logger.ts';
import { purgeExpired } from './retention-purge.service.ts';

const payload = z.object({});

/** Daily at 03:30 JST, outside working hours. Idempotent (see purgeExpired). */
export function retentionPurgeJob(deps: {
  db: Db;
  logger: Logger;
  now: () => Date;
}): JobDefinition<z.output<typeof payload>> {
  return {
    name: 'retention-purge',
    schema: payload,
    cron: '30 3 * * *',
    retryLimit: 3,
    async handler() {
      const counts = await purgeExpired(deps.db, await readSetting(deps.db, 'retention'), deps.now());
      deps.logger.info(counts, 'retention purge done');
    },
  };
}
