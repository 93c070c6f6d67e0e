import type { BotFrameworkAuthentication } from 'botframework-connector';
import restify, { type Request, type Response, type Server } from 'restify';
import type { KinmuAdapter } from '../bot/adapter.ts';
import type { KinmuBot } from '../bot/kinmu.bot.ts';
import { messagesHandler } from '../bot/messages-endpoint.ts';
import type { Config } from '../core/config/config.ts';
import type { Db } from '../core/db/db.ts';
import { sql } from '../core/db/sql.ts';
import type { Logger } from '../core/shared/logger.ts';
import { renderPrometheus } from '../core/shared/metrics.ts';
import { serveLegalPages } from './legal.ts';
import { metricsAllowed } from './metrics-access.ts';
import { rateLimit } from './rate-limit.ts';
import { observeRequests } from './request-log.ts';
import { securityHeaders } from './security-headers.ts';
import { serveTab } from './static.ts';

export interface HttpDeps {
  config: Pick<Config, 'bot' | 'http'>;
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
  // Slow clients cannot hold sockets open: headers within 10 s, the whole request within 60 s.
  server.server.headersTimeout = 10_000;
  server.server.requestTimeout = 60_000;
  server.server.keepAliveTimeout = 5_000;
  observeRequests(server, deps.logger);
  securityHeaders(server);
  rateLimit(server, {
    perSecond: deps.config.http.rateLimitPerSecond,
    burst: deps.config.http.rateLimitBurst,
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // No global body parser: each route reads its body after authentication, with its own limit
  // (core/http/body.ts), so nothing is buffered for a caller who is not allowed in.

  server.post(
    '/api/messages',
    messagesHandler(deps.config.bot, deps.botAuth, deps.adapter, deps.bot, deps.logger),
  );

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
  // Not public: the scraper's bearer token (METRICS_TOKEN), or loopback when none is configured.
  server.get('/metrics', async (req: Request, res: Response) => {
    if (!metricsAllowed(req, deps.config.http.metricsToken)) {
      res.send(401, { code: 'unauthenticated', title: 'The request is not authorized.' });
      return;
    }
    res.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    res.end(renderPrometheus());
  });

  serveLegalPages(server);
  serveTab(server, deps.tabDistDir);
  return server;
}
