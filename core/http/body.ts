import type { Request } from 'restify';
import { AppError } from '../shared/errors.ts';

/** Body limits by kind of route: a bot activity is small (Teams caps a message at 40 KB). */
export const BODY_LIMITS = {
  botActivity: 256 * 1024,
  api: 1024 * 1024,
  /** Org and attendance files (base64 in JSON); read only after the caller was authorised. */
  fileImport: 20 * 1024 * 1024,
} as const;

/**
 * Reads and parses a JSON body of at most maxBytes, called by the route after authentication and
 * authorisation, so an unauthenticated caller can never make the server buffer a large body.
 * A declared length over the limit is refused before a byte is read; a stream that grows past it
 * is cut off. The parsed value is kept on the request (a second call returns it).
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const cached = (req as Request & { kinmuBody?: { value: unknown } }).kinmuBody;
  if (cached) return cached.value;
  const tooLarge = () =>
    new AppError('too_large', `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve());
    req.once('error', reject);
    req.once('aborted', () => reject(new AppError('bad_request', 'The request was aborted.')));
  });
  let value: unknown;
  if (size === 0) value = undefined;
  else {
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/(.+\+)?json\b/i.test(type))
      throw new AppError('bad_request', 'The body must be JSON (content-type: application/json).');
    try {
      value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new AppError('bad_request', 'The body is not valid JSON.');
    }
  }
  (req as Request & { kinmuBody?: { value: unknown } }).kinmuBody = { value };
  (req as Request & { body?: unknown }).body = value;
  return value;
}
