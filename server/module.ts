import type { BotFeature } from '../bot/handlers/bot-feature.ts';
import type { Config } from '../core/config/config.ts';
import type { Db } from '../core/db/db.ts';
import type { JobDefinition, JobRunner } from '../core/jobs/jobs.ts';
import type { Logger } from '../core/shared/logger.ts';
import type { ProactiveMessenger } from '../core/shared/messenger.ts';
import type { TabRouter } from '../tab/api/tab-router.ts';

/** What every capability gets to build itself. */
export interface ModuleContext {
  config: Config;
  db: Db;
  logger: Logger;
  messenger: ProactiveMessenger;
  /** Enqueue a job (available once the app has started). */
  jobs: Pick<JobRunner, 'send'>;
  /** The clock; tests replace it. */
  now: () => Date;
}

/** A capability's parts, plugged in by server/modules.ts: jobs, bot commands/actions, tab API routes. */
export interface AppModule {
  name: string;
  jobs?: JobDefinition<never>[];
  bot?: BotFeature;
  tabRoutes?: (router: TabRouter) => void;
  /**
   * Demo data for this capability, run once right after the demo ministry was seeded into an
   * empty database (npm start). Must be fast (a few seconds at most) and deterministic.
   */
  seedDemo?: () => Promise<void>;
  /** Runs once the job runner has started (jobs can be enqueued), before HTTP opens. */
  onStarted?: () => Promise<void>;
}
