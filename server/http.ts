import type { BotFrameworkAuthentication } from 'botframework-connector';
import restify, { type Request, type Response, type Server } from 'restify';
import type { KinmuAdapter } from '../bot/adapter.ts';
import type { KinmuBot } from '../bot/kinmu.bot.ts';
import { messagesHandler } from '../bot/messages-endpoint.ts';
import type { Db } from '../core/db/db.ts';
import { sql } from '../core/db/sql.ts';
import type { Logger } from '../core/shared/logger.ts';
import { renderPrometheus } from '../core/shared/metrics.ts';
import { serveLegalPages } from './legal.ts';
import { observeRequests } from './request-log.ts';
import { serveTab } from './static.ts';

export interface HttpDeps {
  db: Db;
  adapter: KinmuAdapter;
  botAuth: BotFrameworkAuthentication;
  bot: KinmuBot;
  logger: Logger;
  tabDistDir: string;
  jobsHealthy: () => boolean;
}

/** One restify server: the bot endpoint, health, the tab's files. Tab API routes are added by the caller. */
export function createHttpServer(deps: HttpDeps): Server {
  const server = restify.createServer({ name: 'kinmu-companion', handleUncaughtExceptions: false });
  observeRequests(server, deps.logger);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 20 * 1024 * 1024 }));

  server.post('/api/messages', messagesHandler(deps.botAuth, deps.adapter, deps.bot, deps.logger));

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    const checks = { database: false, jobs: deps.jobsHealthy() };
    try {
      await deps.db.query(sql`select 1`);
      checks.database = true;
    } catch (err) {
      deps.logger.warn({ err }, 'readiness: database unreachable');
    }
    const ready = checks.database && checks.jobs;
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
  });

  // Counts only (sends, alerts, imports, requests by status class): no personal data.
  server.get('/metrics', async (_req: Request, res: Response) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    res.end(renderPrometheus());
  });

  serveLegalPages(server);
  serveTab(server, deps.tabDistDir);
  return server;
}
