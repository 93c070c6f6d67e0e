import { type Clock, fromPglite, type PGliteLike, PgBoss, type SendOptions } from 'pg-boss';
import type { z } from 'zod';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/db.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * One job = one file: a name, a payload schema and an idempotent handler (running it twice does no
 * harm: unique keys and state checks live in the handler's SQL). Optional cron in Japan time.
 */
export interface JobDefinition<T = unknown> {
  name: string;
  schema: z.ZodType<T>;
  handler: (data: T, context: { jobId: string }) => Promise<void>;
  /** Cron in Asia/Tokyo, e.g. '0 9 * * *' for 9:00 JST daily. */
  cron?: string;
  /** Workers in this process for the queue (default 1). */
  concurrency?: number;
  retryLimit?: number;
}

export interface JobRunner {
  boss: PgBoss;
  send<T>(job: JobDefinition<T>, data: T, options?: SendOptions): Promise<string | null>;
  healthy(): boolean;
  stop(): Promise<void>;
}

/** How long after the job system's last error /readyz still reports it unhealthy. */
const JOB_ERROR_GRACE_MS = 60_000;

export function bossSchemaFor(config: Config['database']): string {
  return config.schema ? `${config.schema}_boss` : 'pgboss';
}

export async function startJobRunner(
  db: Db,
  config: Config['database'],
  jobs: JobDefinition<never>[],
  logger: Logger,
  options: { clock?: Clock; work?: boolean } = {},
): Promise<JobRunner> {
  const schema = bossSchemaFor(config);
  const boss =
    db.driver === 'pglite'
      ? new PgBoss({
          db: fromPglite(db.native as PGliteLike),
          backend: 'pglite',
          schema,
          clock: options.clock,
        })
      : new PgBoss({
          connectionString: config.url,
          schema,
          max: 4,
          clock: options.clock,
          application_name: 'kinmu-jobs',
        });
  // Unhealthy while pg-boss keeps failing; healthy again once errors stop (a database outage ends,
  // pg-boss reconnects by itself), so /readyz does not stay 503 after a recovered blip.
  let lastErrorAt = 0;
  boss.on('error', (err) => {
    lastErrorAt = Date.now();
    logger.error({ err }, 'job system error');
  });
  await boss.start();

  for (const job of jobs) {
    await boss.createQueue(job.name, { retryLimit: job.retryLimit ?? 3, retryBackoff: true });
    if (job.cron) await boss.schedule(job.name, job.cron, null, { tz: 'Asia/Tokyo' });
    if (options.work === false) continue;
    await boss.work(job.name, { localConcurrency: job.concurrency ?? 1 }, async ([raw]) => {
      if (!raw) return;
      const data = job.schema.parse(raw.data ?? {});
      await job.handler(data as never, { jobId: raw.id });
    });
  }

  return {
    boss,
    send: (job, data, sendOptions) =>
      boss.send(job.name, job.schema.parse(data) as object, sendOptions ?? {}),
    healthy: () => Date.now() - lastErrorAt > JOB_ERROR_GRACE_MS,
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
