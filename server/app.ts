import { fileURLToPath } from 'node:url';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Clock } from 'pg-boss';
import type { Server } from 'restify';
import { createAdapter, createBotAuthentication } from '../bot/adapter.ts';
import { KinmuBot } from '../bot/kinmu.bot.ts';
import { createConnectorMessenger } from '../bot/proactive/messenger.ts';
import { createSettingsReader } from '../core/announcements/announcement.settings.ts';
import { applyProcessTimeZone, type Config } from '../core/config/config.ts';
import type { Db } from '../core/db/db.ts';
import { migrate } from '../core/db/migrate.ts';
import { openDatabase } from '../core/db/open.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../core/delivery/delivery.worker.ts';
import { createRateLimiter } from '../core/delivery/limiter.ts';
import { createOutboxMessenger } from '../core/delivery/outbox.messenger.ts';
import { seedDemoIfEmpty } from '../core/demo/demo.seed.ts';
import { configuredDeliveryAppInstaller } from '../core/identity/app-installer.ts';
import { type JobRunner, startJobRunner } from '../core/jobs/jobs.ts';
import { createLogger, type Logger } from '../core/shared/logger.ts';
import type { ProactiveMessenger } from '../core/shared/messenger.ts';
import { createLinkSigner } from '../core/shared/signed-link.ts';
import { createDownloadLinks } from '../tab/api/download-links.ts';
import { createTabAuthenticator } from '../tab/api/tab-auth.ts';
import { createTabRouter } from '../tab/api/tab-router.ts';
import { createHttpServer } from './http.ts';
import type { AppModule, ModuleContext } from './module.ts';
import { appModules } from './modules.ts';

export interface AppOverrides {
  logger?: Logger;
  db?: Db;
  /** Outbound bot credentials (tests: a static token for the local connector emulator). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  now?: () => Date;
  jobClock?: Clock;
  /** Process jobs in this instance (default true). */
  workJobs?: boolean;
  tabDistDir?: string;
}

export interface App {
  config: Config;
  db: Db;
  logger: Logger;
  server: Server;
  jobs: JobRunner;
  messenger: ProactiveMessenger;
  /** The outbox's sender in this process. */
  delivery: DeliveryWorker;
  modules: AppModule[];
  /** Where the server listens, e.g. http://127.0.0.1:3978 */
  url: string;
  stop(): Promise<void>;
}

const TAB_DIST = fileURLToPath(new URL('../tab/web/dist/', import.meta.url));

/** Ordered start: database and migrations, demo data, jobs, bot, HTTP. stop() undoes it in reverse. */
export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  applyProcessTimeZone(config);
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const db = overrides.db ?? (await openDatabase(config.database));
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  const demoSeeded = config.database.seedDemo && (await seedDemoIfEmpty(db));

  const auth = createBotAuthentication(config.bot, overrides.credentialsFactory);
  const adapter = createAdapter(auth, logger);
  // One outbox for every proactive message: limits and attempts are the 一斉周知 settings' (設定).
  const deliverySettings = createSettingsReader(db, config.delivery.ratePerSecond);
  const limiter = createRateLimiter(db, deliverySettings.current);
  const worker = createDeliveryWorker({
    db,
    connector: createConnectorMessenger(adapter, config.bot.appId ?? ''),
    limiter,
    logger,
    installer: configuredDeliveryAppInstaller(config, logger),
    settings: async () => {
      const s = await deliverySettings.read();
      return { concurrency: s.concurrency, maxAttempts: s.maxAttempts, leaseMs: s.leaseSeconds * 1000 };
    },
  });
  const messenger = createOutboxMessenger(db, worker);

  let runner: JobRunner | undefined;
  const ctx: ModuleContext = {
    config,
    db,
    logger,
    messenger,
    delivery: { worker, limiter },
    now: overrides.now ?? (() => new Date()),
    jobs: {
      send: (job, data, options) => {
        if (!runner) throw new Error('jobs are not started yet');
        return runner.send(job, data, options);
      },
    },
  };
  const modules = appModules(ctx);
  if (demoSeeded) {
    for (const m of modules) await m.seedDemo?.();
    logger.info('demo ministry seeded');
  }
  runner = await startJobRunner(
    db,
    config.database,
    modules.flatMap((m) => m.jobs ?? []),
    logger,
    {
      clock: overrides.jobClock,
      work: overrides.workJobs,
    },
  );

  for (const m of modules) await m.onStarted?.();
  // Sends from now on, also where jobs are not worked here (not a pg-boss job: the hot path does
  // not wait on its poll, and callers of the messenger wait for their outcome).
  worker.start();

  const bot = new KinmuBot(
    db,
    logger,
    modules.flatMap((m) => (m.bot ? [m.bot] : [])),
  );
  const jobs = runner;
  const server = createHttpServer({
    config,
    db,
    adapter,
    botAuth: auth,
    bot,
    logger,
    tabDistDir: overrides.tabDistDir ?? TAB_DIST,
    jobsHealthy: () => jobs.healthy(),
  });
  const links = createDownloadLinks(db, createLinkSigner(config.downloadLinkSecret), ctx.now);
  const router = createTabRouter(server, createTabAuthenticator(config, db), logger, links, db);
  for (const m of modules) m.tabRoutes?.(router);

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${address.port}`;
  logger.info({ url }, 'listening');

  let stopped = false;
  return {
    config,
    db,
    logger,
    server,
    jobs,
    messenger,
    delivery: worker,
    modules,
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Drain HTTP first (no new turns), then jobs (finish what is in hand), then the database.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        setTimeout(() => server.server.closeAllConnections(), 5000).unref();
        server.server.closeIdleConnections();
      });
      await worker.stop();
      await jobs.stop();
      if (!overrides.db) await db.close();
      logger.info('stopped');
    },
  };
}
