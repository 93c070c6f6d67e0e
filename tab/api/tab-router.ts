import type { Request, Response, Server } from 'restify';
import type { Viewer } from '../../core/access/viewer.ts';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import type { Db } from '../../core/db/db.ts';
import { BODY_LIMITS, readJsonBody } from '../../core/http/body.ts';
import { sendProblem } from '../../core/http/problem.ts';
import { isAppError } from '../../core/shared/errors.ts';
import type { Logger } from '../../core/shared/logger.ts';
import { LINK_PARAM } from '../../core/shared/signed-link.ts';
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

export interface RouteOptions {
  /** Largest body this route reads (default BODY_LIMITS.api). */
  maxBodyBytes?: number;
  /** Checked after authentication and before the body is read (e.g. only importers may upload). */
  authorize?: (viewer: Viewer) => void;
}

/**
 * Routes under /api/tab. Every non-public route authenticates first (Teams SSO or, in dev mode,
 * the persona header), then runs the route's authorize check, then reads the body within the
 * route's limit; the handler gets the viewer and decides what that viewer may see. Every refusal
 * (403) of an authenticated viewer is written to the audit log here, in one place.
 */
export interface TabRouter {
  get(path: string, handler: TabHandler, options?: RouteOptions): void;
  post(path: string, handler: TabHandler, options?: RouteOptions): void;
  put(path: string, handler: TabHandler, options?: RouteOptions): void;
  del(path: string, handler: TabHandler, options?: RouteOptions): void;
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
  db?: Db,
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
  const auditDenial = async (viewer: Viewer, req: Request, path: string, reason: string) => {
    if (!db) return;
    const params = Object.fromEntries(
      Object.entries((req.params ?? {}) as Record<string, unknown>).map(([k, v]) => [
        k,
        String(v).slice(0, 80),
      ]),
    );
    await writeAudit(db, {
      actorId: viewer.employee.id,
      action: 'access.denied',
      targetType: 'route',
      targetId: `${req.method} ${path}`,
      detail: { params, reason: reason.slice(0, 200) },
    }).catch((err: unknown) => logger.error({ err }, 'could not audit an access denial'));
  };
  const authed =
    (path: string, handler: TabHandler, options: RouteOptions & { acceptLink?: boolean } = {}) =>
    async (req: Request, res: Response) => {
      let viewer: Viewer | undefined;
      try {
        const signed = options.acceptLink && new URL(req.url ?? '/', 'http://x').searchParams.has(LINK_PARAM);
        viewer = signed ? await links.viewerOf(req) : await authenticate(req);
        options.authorize?.(viewer);
        if (req.method !== 'GET' && req.method !== 'HEAD')
          await readJsonBody(req, options.maxBodyBytes ?? BODY_LIMITS.api);
        reply(res, await handler(viewer, req));
      } catch (err) {
        if (viewer && isAppError(err) && err.code === 'forbidden')
          await auditDenial(viewer, req, base(path), err.message);
        if (!req.complete) req.resume();
        sendProblem(res, err, logger);
      }
    };
  const base = (path: string) => `/api/tab${path}`;
  server.post(
    base('/download-links'),
    authed('/download-links', (viewer, req) => links.issue(viewer, req.body)),
  );
  return {
    download: (path, handler) => {
      links.allow(path);
      server.get(base(path), authed(path, handler, { acceptLink: true }));
    },
    get: (path, handler, o) => void server.get(base(path), authed(path, handler, o)),
    post: (path, handler, o) => void server.post(base(path), authed(path, handler, o)),
    put: (path, handler, o) => void server.put(base(path), authed(path, handler, o)),
    del: (path, handler, o) => void server.del(base(path), authed(path, handler, o)),
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
