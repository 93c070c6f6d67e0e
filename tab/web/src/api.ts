/**
 * The tab's HTTP client. Every call goes to the same origin (/api/...), adds the sign-in headers,
 * and turns any failure into an ApiError carrying the server's problem JSON (RFC 9457), so a page
 * only ever handles one error shape.
 */

export interface ProblemFieldError {
  /** A field path, or `line 12, column 3` for files. */
  where: string;
  /** English developer text (logs); people get `key` rendered (problems/problem-text.ts). */
  message: string;
  key?: string;
  params?: Record<string, string | number>;
}

export interface Problem {
  type?: string;
  title: string;
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  detail?: string;
  /** Stable error code from the server ('bad_request', 'forbidden', …); 'network' when unreachable. */
  code?: string;
  /** Message key for people (`error.<code>` or a specific one) and its parameters. */
  key?: string;
  params?: Record<string, string | number>;
  errors?: ProblemFieldError[];
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string | undefined {
    return this.problem.code;
  }
}

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;

/** Headers that say who is calling (Bearer token in Teams, dev persona outside). */
export type AuthHeaders = () => Promise<Record<string, string>>;

const noAuth: AuthHeaders = async () => ({});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reads an error answer: problem JSON when the server sent it, a plain summary otherwise. */
export async function readProblem(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (isObject(body) && typeof body.title === 'string') {
    const errors = Array.isArray(body.errors)
      ? body.errors.filter(isObject).map((e) => ({
          where: String(e.where ?? ''),
          message: String(e.message ?? ''),
          ...(typeof e.key === 'string' ? { key: e.key } : {}),
          ...(isObject(e.params) ? { params: e.params as Record<string, string | number> } : {}),
        }))
      : undefined;
    return {
      type: typeof body.type === 'string' ? body.type : undefined,
      title: body.title,
      status: typeof body.status === 'number' ? body.status : res.status,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      code: typeof body.code === 'string' ? body.code : undefined,
      key: typeof body.key === 'string' ? body.key : undefined,
      params: isObject(body.params) ? (body.params as Record<string, string | number>) : undefined,
      errors,
    };
  }
  return { title: res.statusText || `HTTP ${res.status}`, status: res.status };
}

export interface ApiClient {
  get<T>(path: string, init?: { signal?: AbortSignal }): Promise<T>;
  send<T>(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    init?: { signal?: AbortSignal },
  ): Promise<T>;
}

export function createApiClient(
  authHeaders: AuthHeaders = noAuth,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): ApiClient {
  async function request<T>(
    method: string,
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      ...(await authHeaders()),
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetchImpl(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        credentials: 'same-origin',
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError({ title: 'Network error', status: 0, code: 'network', detail: String(err) });
    }
    if (!res.ok) throw new ApiError(await readProblem(res));
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  return {
    get: (path, init) => request('GET', path, undefined, init?.signal),
    send: (m, path, body, init) => request(m, path, body, init?.signal),
  };
}
