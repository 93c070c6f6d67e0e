import type { Response } from 'restify';
import { isAppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * The one place an error becomes an HTTP answer (RFC 9457 problem JSON). Every answer carries a
 * message key and its parameters (`error.<code>` unless the error names one), and so does every field
 * error, so the tab can say it in the viewer's language with the field's label; `title` and `message`
 * stay English developer text for logs.
 */
export function sendProblem(res: Response, err: unknown, logger: Logger): void {
  if (isAppError(err)) {
    res.status(err.status);
    res.setHeader('content-type', 'application/problem+json');
    res.end(
      JSON.stringify({
        type: `https://kinmu.example/problems/${err.code}`,
        title: err.message,
        status: err.status,
        code: err.code,
        key: err.key ?? `error.${err.code}`,
        ...(err.params ? { params: err.params } : {}),
        ...(err.fields.length > 0
          ? { errors: err.fields.map((f) => ({ ...f, key: f.key ?? 'invalid', params: f.params ?? {} })) }
          : {}),
      }),
    );
    return;
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    // restify's own client errors (malformed JSON, body too large, unsupported media type)
    res.status(status);
    res.setHeader('content-type', 'application/problem+json');
    res.end(
      JSON.stringify({
        type: 'about:blank',
        title: (err as Error).message,
        status,
        code: 'bad_request',
        key: status === 413 ? 'error.too_large' : 'error.bad_request',
      }),
    );
    return;
  }
  logger.error({ err }, 'request failed');
  res.status(500);
  res.setHeader('content-type', 'application/problem+json');
  res.end(
    JSON.stringify({
      type: 'about:blank',
      title: 'Internal error',
      status: 500,
      code: 'internal',
      key: 'error.internal',
    }),
  );
}
