import { createHash } from 'node:crypto';
import restify, { type Request, type Response, type Server } from 'restify';

/**
 * Rate limit per caller with restify's own throttle plugin (a token bucket in an LRU table,
 * shipped and maintained with restify, so no further dependency). The caller is the bearer token
 * when there is one (hashed: the table never holds tokens) and the socket address otherwise, so a
 * flood of unauthenticated requests is limited per address and one user's token per user.
 * Runs before routing, authentication and body reading: a throttled request costs nothing.
 */
export function rateLimit(server: Server, options: { perSecond: number; burst: number }): void {
  if (options.perSecond <= 0) return;
  server.pre((req: Request, _res: Response, next: () => void) => {
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
