import type { z } from 'zod';

// What tab/api and tab/web agree on, one file per capability (<capability>.contract.ts): each route's
// method, path (under /api/tab), the zod schemas of its params, query and body, and the type of its
// answer. The server validates with these schemas in one place (tab/api/tab-router.ts `route`), its
// handlers are type-checked against the answer type, and the web imports the same types, so neither
// side keeps a copy. This folder imports zod and nothing else of the app (biome.json).

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** Under /api/tab, restify's syntax (`/childcare/cases/:id`). */
  readonly path: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** A file (CSV, Excel) rather than JSON; the route also accepts a signed one-minute link. */
  readonly download?: true;
  /** JSON, or a file when the query asks for one (`?format=csv`); no signed link (not a download). */
  readonly fileOnRequest?: true;
}

/** A route's spec with the type of its answer (type only: `response` is never set at run time). */
export type RouteContract<S extends RouteSpec = RouteSpec, R = unknown> = S & { readonly response?: R };

/**
 * Declares a route: `route<Answer>()({ method: 'GET', path: '/me' })`. (Two calls because TypeScript
 * cannot take the answer type explicitly and infer the rest.)
 */
export const route =
  <R = never>() =>
  <const S extends RouteSpec>(spec: S): RouteContract<S, R> =>
    spec;

/** What a route answers, for the web: `ResponseOf<typeof getMe>`. */
export type ResponseOf<C> = C extends { readonly response?: infer R } ? Exclude<R, undefined> : never;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What the handler receives, already validated: params, query and body as the schemas output them. */
export interface InputOf<C extends RouteSpec> {
  params: Parsed<C['params']>;
  query: Parsed<C['query']>;
  body: Parsed<C['body']>;
}

/** What the web sends as a body (the schema's input side). */
export type BodyOf<C extends RouteSpec> = C['body'] extends z.ZodType ? z.input<C['body']> : never;
