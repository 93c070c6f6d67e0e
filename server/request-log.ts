import { randomUUID } from 'node:crypto';
import type { Request, Response, Route, Server } from 'restify';
import type { Logger } from '../core/shared/logger.ts';
import { metrics } from '../core/shared/metrics.ts';

const REQUEST_ID = /^[\w.:-]{1,64}$/;

type Observed = Request & { kinmuRequestId?: string; kinmuStart?: number };

/**
 * Every request gets an id (the caller's x-request-id when it is sane, else a new one), echoed in
 * the response and on the request's log line: one line per request with the route pattern, status
 * and duration — never the URL, query or body, which can carry names. The id is a field of that
 * line rather than a child logger per request: building one (bindings through the redaction) was
 * a visible part of every bot turn's profile.
 */
export function observeRequests(server: Server, logger: Logger): void {
  server.pre((req: Request, res: Response, next: () => void) => {
    const given = req.header('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    (req as Observed).kinmuRequestId = id;
    (req as Observed).kinmuStart = performance.now();
    res.setHeader('x-request-id', id);
    next();
  });
  server.on('after', (req: Request, res: Response, route: Route | undefined) => {
    const path = route?.spec?.path ? String(route.spec.path) : 'unmatched';
    const group = path.startsWith('/api/tab')
      ? 'tab'
      : path === '/api/messages'
        ? 'bot'
        : path.startsWith('/tab')
          ? 'static'
          : path.replace(/^\//, '') || 'root';
    metrics.httpRequests.inc({ group, status: `${Math.floor(res.statusCode / 100)}xx` });
    const started = (req as Observed).kinmuStart ?? performance.now();
    logger.info(
      {
        requestId: (req as Observed).kinmuRequestId,
        method: req.method,
        route: path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
}
