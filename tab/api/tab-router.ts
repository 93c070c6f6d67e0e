import type { Request, Response, Server } from 'restify';
import type { Viewer } from '../../core/access/viewer.ts';
import type { Logger } from '../../core/shared/logger.ts';
import { LINK_PARAM } from '../../core/shared/signed-link.ts';
import { sendProblem } from '../../server/problem.ts';
import type { DownloadLinks } from './download-links.ts';
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
  /**
   * A GET that answers with a file (FileReply). Besides the usual sign-in it accepts a signed,
   * one-minute link issued by POST /api/tab/download-links, so Teams can open it in a browser.
   */
  download(path: string, handler: TabHandler): void;
}

export function createTabRouter(
  server: Server,
  authenticate: Authenticate,
  logger: Logger,
  links: DownloadLinks,
): TabRouter {
  const reply = (res: Response, result: unknown, status = 200) => {
    if (result instanceof FileReply) {
      res.status(200);
      res.setHeader('content-type', result.contentType);
      res.setHeader(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(result.fileName)}`,
      );
      // Personal data: no browser or proxy keeps a copy.
      res.setHeader('cache-control', 'no-store');
      res.setHeader('x-content-type-options', 'nosniff');
      res.end(result.body);
      return;
    }
    res.status(status);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify(result ?? null));
  };
  const authed =
    (handler: TabHandler, status = 200, acceptLink = false) =>
    async (req: Request, res: Response) => {
      try {
        const signed = acceptLink && new URL(req.url ?? '/', 'http://x').searchParams.has(LINK_PARAM);
        const viewer = signed ? await links.viewerOf(req) : await authenticate(req);
        reply(res, await handler(viewer, req), status);
      } catch (err) {
        sendProblem(res, err, logger);
      }
    };
  const base = (path: string) => `/api/tab${path}`;
  server.post(
    base('/download-links'),
    authed((viewer, req) => links.issue(viewer, req.body)),
  );
  return {
    download: (path, handler) => {
      links.allow(path);
      server.get(base(path), authed(handler, 200, true));
    },
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
