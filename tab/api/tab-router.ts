import type { Request, Response, Server } from 'restify';
import type { Viewer } from '../../core/access/viewer.ts';
import type { Logger } from '../../core/shared/logger.ts';
import { sendProblem } from '../../server/problem.ts';
import type { Authenticate } from './tab-auth.ts';

export type TabHandler = (viewer: Viewer, req: Request) => Promise<unknown>;
export type PublicHandler = (req: Request) => Promise<unknown>;

/** A reply that is not JSON (CSV, Excel): the handler returns it and the router writes it. */
export class FileReply {
  readonly contentType: string;
  readonly fileName: string;
  readonly body: Buffer | string;
  constructor(contentType: string, fileName: string, body: Buffer | string) {
    this.contentType = contentType;
    this.fileName = fileName;
    this.body = body;
  }
}

/**
 * Routes under /api/tab. Every non-public route authenticates first (Teams SSO or, in dev mode,
 * the persona header); the handler gets the viewer and decides what that viewer may see.
 */
export interface TabRouter {
  get(path: string, handler: TabHandler): void;
  post(path: string, handler: TabHandler): void;
  put(path: string, handler: TabHandler): void;
  del(path: string, handler: TabHandler): void;
  publicGet(path: string, handler: PublicHandler): void;
}

export function createTabRouter(server: Server, authenticate: Authenticate, logger: Logger): TabRouter {
  const reply = (res: Response, result: unknown, status = 200) => {
    if (result instanceof FileReply) {
      res.status(200);
      res.setHeader('content-type', result.contentType);
      res.setHeader(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(result.fileName)}`,
      );
      res.end(result.body);
      return;
    }
    res.status(status);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify(result ?? null));
  };
  const authed =
    (handler: TabHandler, status = 200) =>
    async (req: Request, res: Response) => {
      try {
        const viewer = await authenticate(req);
        reply(res, await handler(viewer, req), status);
      } catch (err) {
        sendProblem(res, err, logger);
      }
    };
  const base = (path: string) => `/api/tab${path}`;
  return {
    get: (path, handler) => void server.get(base(path), authed(handler)),
    post: (path, handler) => void server.post(base(path), authed(handler)),
    put: (path, handler) => void server.put(base(path), authed(handler)),
    del: (path, handler) => void server.del(base(path), authed(handler)),
    publicGet: (path, handler) =>
      void server.get(base(path), async (req: Request, res: Response) => {
        try {
          reply(res, await handler(req));
        } catch (err) {
          sendProblem(res, err, logger);
        }
      }),
  };
}
