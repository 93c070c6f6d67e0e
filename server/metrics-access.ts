import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';
import { isLoopbackHost } from '../core/config/config.ts';

const digest = (v: string) => createHash('sha256').update(v).digest();

/** /metrics answers the configured scraper token; without one, only a caller on the same host. */
export function metricsAllowed(req: Request, token: string | undefined): boolean {
  if (token) {
    const given = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1] ?? '';
    return timingSafeEqual(digest(given), digest(token));
  }
  const address = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return isLoopbackHost(address);
}
