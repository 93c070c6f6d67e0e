import type { Request, Response, Server } from 'restify';
import type { InputOf, ResponseOf, RouteContract } from '../../contracts/tab-api/route-contract.ts';
import { parseInput } from '../../core/access/request-input.ts';
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
  /**
   * Checked after authentication and before the body is read (e.g. only importers may upload): a
   * rule of core/access, never written inline. A refusal (AppError 'forbidden') is audited here.
   */
  authorize?: (viewer: Viewer) => void | Promise<void>;
}

/**
 * What a handler may return for the answer R: R itself, except that a Date may stand where R has a
 * string (JSON sends a Date as its ISO string) and lists may be readonly.
 */
export type Sendable<R> = R extends string
  ? string extends R
    ? R | Date
    : R
  : R extends readonly (infer E)[]
    ? readonly Sendable<E>[]
    : R extends object
      ? { [K in keyof R]: Sendable<R[K]> }
      : R;

/** A declared route's handler: the viewer and its input, validated by the contract's schemas. */
export type ContractHandler<C extends RouteContract> = (
  viewer: Viewer,
  input: InputOf<C>,
  req: Request,
) => Promise<
  C extends { download: true }
    ? FileReply
    : C extends { fileOnRequest: true }
      ? FileReply | Sendable<ResponseOf<C>>
      : Sendable<ResponseOf<C>>
>;

/**
 * Routes under /api/tab. Every non-public route authenticates first (Teams SSO or, in dev mode,
 * the persona header), then runs the route's authorize check, then reads the body within the
 * route's limit; the handler gets the viewer and decides what that viewer may see. Every refusal
 * (403) of an authenticated viewer is written to the audit log here, in one place.
 */
export interface TabRouter {
  /**
   * The one declaration form (contracts/tab-api/): the contract's method and path; its params, query
   * and body checked against its schemas before the handler runs (a 400 problem naming each field,
   * nothing stored); the handler's answer type-checked against the contract's.
   */
  route<C extends RouteContract>(contract: C, handler: ContractHandler<C>, options?: RouteOptions): void;
  get(path: string, handler: TabHandler, options?: RouteOptions): void;
  post(path: string, handler: TabHandler, options?: RouteOptions): void;
  put(path: string, handler: TabHandler, options?: RouteOptions): void;
  del(path: string, handler: TabHandler, options?: RouteOptions): void;
  /** A declared GET that anyone may call (the session's sign-in mode, the dev personas). */
  publicRoute<C extends RouteContract & { method: 'GET' }>(
    contract: C,
    handler: (input: InputOf<C>, req: Request) => Promise<Sendable<ResponseOf<C>>>,
  ): void;
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
        await options.authorize?.(viewer);
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
  /** The one validation of every declared route's input (the same problem JSON as `parseInput`). */
  const inputOf = <C extends RouteContract>(contract: C, req: Request) =>
    ({
      params: contract.params ? parseInput(contract.params, req.params, 'path') : undefined,
      query: contract.query ? parseInput(contract.query, req.query, 'query') : undefined,
      body: contract.body ? parseInput(contract.body, req.body, 'body') : undefined,
    }) as InputOf<C>;
  const validated =
    <C extends RouteContract>(contract: C, handler: ContractHandler<C>): TabHandler =>
    (viewer, req) =>
      handler(viewer, inputOf(contract, req), req);
  const publicGet = (path: string, handler: PublicHandler) =>
    void server.get(base(path), async (req: Request, res: Response) => {
      try {
        reply(res, await handler(req));
      } catch (err) {
        sendProblem(res, err, logger);
      }
    });
  const register = (method: RouteContract['method'], path: string, handler: TabHandler, o?: RouteOptions) => {
    const at = base(path);
    if (method === 'GET') server.get(at, authed(path, handler, o));
    else if (method === 'POST') server.post(at, authed(path, handler, o));
    else if (method === 'PUT') server.put(at, authed(path, handler, o));
    else server.del(at, authed(path, handler, o));
  };
  return {
    route: (contract, handler, o) => {
      if (contract.download) {
        links.allow(contract.path);
        server.get(
          base(contract.path),
          authed(contract.path, validated(contract, handler), { ...o, acceptLink: true }),
        );
      } else register(contract.method, contract.path, validated(contract, handler), o);
    },
    download: (path, handler) => {
      links.allow(path);
      server.get(base(path), authed(path, handler, { acceptLink: true }));
    },
    get: (path, handler, o) => void server.get(base(path), authed(path, handler, o)),
    post: (path, handler, o) => void server.post(base(path), authed(path, handler, o)),
    put: (path, handler, o) => void server.put(base(path), authed(path, handler, o)),
    del: (path, handler, o) => void server.del(base(path), authed(path, handler, o)),
    publicRoute: (contract, handler) =>
      publicGet(contract.path, (req) => handler(inputOf(contract, req), req)),
    publicGet,
  };
}
