import {
  Client,
  type Context,
  GraphError,
  HTTPMessageHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { Logger } from '../shared/logger.ts';
import { parseRetryAfter } from '../shared/retry-after.ts';
import type { TokenSource } from './token-source.ts';

/**
 * A Microsoft Graph client on @microsoft/microsoft-graph-client with our own middleware chain:
 * bearer token from a TokenSource (app-only or On-Behalf-Of), throttling that honours Retry-After,
 * then the library's HTTP handler. The base URL is a setting (tests point it at msw on 127.0.0.1;
 * sovereign clouds have their own Graph host).
 */
export interface GraphApi {
  readonly client: Client;
  /** GET a path (`/users/delta?...`) or an @odata.nextLink / @odata.deltaLink on the same host. */
  get<T>(pathOrLink: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export interface GraphClientOptions {
  baseUrl: string;
  tokens: TokenSource;
  /** How to wait before a retry; tests pass one that returns at once and records the delay. */
  sleep?: (ms: number) => Promise<void>;
  /** Retries on 429/503/504 before giving up (default 5). */
  maxRetries?: number;
  logger?: Logger;
}

const VERSION = 'v1.0';
const RETRY_STATUSES = new Set([429, 503, 504]);
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createGraphClient(options: GraphClientOptions): GraphApi {
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const client = Client.initWithMiddleware({
    baseUrl,
    defaultVersion: VERSION,
    middleware: [
      new BearerMiddleware(options.tokens),
      new ThrottleMiddleware(options.sleep ?? realSleep, options.maxRetries ?? 5, options.logger),
      new HTTPMessageHandler(),
    ],
  });
  return {
    client,
    get: (pathOrLink) => client.api(relativeToBase(baseUrl, pathOrLink)).get(),
    post: (path, body) => client.api(path).post(body),
  };
}

/**
 * Graph's paging links are absolute. The token must never go to another host, and the library
 * parses only https:// absolute URLs, so a link is turned back into a path under our base URL.
 */
export function relativeToBase(baseUrl: string, pathOrLink: string): string {
  if (!/^https?:\/\//i.test(pathOrLink)) return pathOrLink;
  const prefix = `${baseUrl}/${VERSION}/`;
  if (!pathOrLink.startsWith(prefix))
    throw new Error('Graph returned a link to another host; refusing to follow it');
  return `/${pathOrLink.slice(prefix.length)}`;
}

function setHeader(context: Context, name: string, value: string): void {
  context.options ??= {};
  const headers = context.options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else context.options.headers = { ...(headers as Record<string, string> | undefined), [name]: value };
}

class BearerMiddleware implements Middleware {
  private next?: Middleware;
  private readonly tokens: TokenSource;
  constructor(tokens: TokenSource) {
    this.tokens = tokens;
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    setHeader(context, 'Authorization', `Bearer ${await this.tokens.getToken()}`);
    await this.next!.execute(context);
  }
}

/** Seconds (or an HTTP date) from Retry-After; without one, exponential backoff from 1 s. */
export function retryDelayMs(retryAfter: string | null, attempt: number, now = Date.now()): number {
  return parseRetryAfter(retryAfter, now) ?? Math.min(60_000, 1000 * 2 ** attempt);
}

class ThrottleMiddleware implements Middleware {
  private next?: Middleware;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly logger?: Logger;
  constructor(sleep: (ms: number) => Promise<void>, maxRetries: number, logger?: Logger) {
    this.sleep = sleep;
    this.maxRetries = maxRetries;
    this.logger = logger;
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await this.next!.execute(context);
      const response = context.response;
      if (!response || !RETRY_STATUSES.has(response.status) || attempt >= this.maxRetries) return;
      const delay = retryDelayMs(response.headers.get('retry-after'), attempt);
      // Only the status and the wait: the URL can carry a user id.
      this.logger?.warn(
        { status: response.status, delayMs: delay, attempt: attempt + 1 },
        'graph throttled; waiting',
      );
      await response.arrayBuffer().catch(() => undefined); // free the connection before retrying
      await this.sleep(delay);
    }
  }
}

export const isGraphError = (err: unknown): err is GraphError => err instanceof GraphError;
