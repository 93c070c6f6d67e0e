import { createHash } from 'node:crypto';
import restify, { type Request, type Response, type Server } from 'restify';

/**
 * Rate limit per caller on the tab API with restify's own throttle plugin (a token bucket in an LRU
 * table, shipped and maintained with restify, so no further dependency). The caller is the bearer
 * token when there is one (hashed: the table never holds tokens; an SSO token lives about an hour,
 * so this is per user) and the socket address otherwise. Runs before routing, authentication and
 * body reading: a throttled request costs nothing.
 * Not limited here, on purpose: the bot endpoint (every activity of every user arrives from
 * Microsoft's shared service addresses with the same channel token, so a per-token or per-address
 * bucket would throttle the whole ministry; Bot Framework limits it upstream, and a refused request
 * costs one header check, no body) and the tab's static files (a building behind one NAT address
 * loads them at once).
 */
export function rateLimit(server: Server, options: { perSecond: number; burst: number }): void {
  if (options.perSecond <= 0) return;
  server.pre((req: Request, _res: Response, next: () => void) => {
    if (!(req.url ?? '').startsWith('/api/tab/')) return next();
    const token = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    (req as Request & { username?: string }).username = token
      ? `t:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`
      : `a:${req.socket.remoteAddress ?? 'unknown'}`;
    next();
  });
  server.pre(
    restify.plugins.throttle({
      username: true,
      rate: options.perSecond,
      burst: options.burst,
      maxKeys: 50_000,
    }),
  );
}
