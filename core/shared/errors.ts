/**
 * The one error type. The code says what went wrong in a way callers can act on; server/ turns it
 * into problem JSON, bot/ into an error card, and both log it once.
 */
export type ErrorCode =
  | 'bad_request' // input failed validation; `fields` says where
  | 'unauthenticated' // no or invalid credentials
  | 'forbidden' // authenticated but not allowed (and nothing about the target is revealed)
  | 'not_found'
  | 'conflict' // state changed under the caller (stale card, already handled)
  | 'gone' // deadline passed, campaign closed
  | 'too_large'
  | 'unavailable';

/** Values a message key is rendered with (numbers, names, dates as written). */
export type MessageParams = Record<string, string | number>;

/**
 * A message for people: a stable key and its parameters, which the tab (and the bot) render in the
 * viewer's language; `message` is the English developer text kept for logs and old clients.
 */
export interface FieldError {
  /** Where: a field path (`overtime.monthLevels.month45`), or `line 12, column 3` for files. */
  where: string;
  message: string;
  /** What went wrong, as a key of the tab's problem texts (`required`, `too_small`, `overtime.levels_order`…). */
  key?: string;
  params?: MessageParams;
}

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  /** The message key for people; without one, clients fall back to `error.<code>`. */
  readonly key: string | undefined;
  readonly params: MessageParams | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    fields: FieldError[] = [],
    options: { key?: string; params?: MessageParams } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    this.key = options.key;
    this.params = options.params;
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;

const UUID = /^[0-9a-f-]{36}$/i;

/** The row `find` returns for the id, or not_found; an id that is no uuid is not looked up at all. */
export async function foundById<T>(
  id: string,
  find: (id: string) => Promise<T | undefined>,
  notFound: string,
): Promise<T> {
  const row = UUID.test(id) ? await find(id) : undefined;
  if (!row) throw new AppError('not_found', notFound);
  return row;
}
