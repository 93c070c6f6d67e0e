import type { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import { zodFieldErrors } from '../shared/zod-errors.ts';

/**
 * Parses a route's query or body with its zod schema; a failure is a 400 problem naming each field,
 * so a bad parameter never reaches a query (and never turns into a 500 or a silent default).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new AppError('bad_request', `Invalid ${what}.`, zodFieldErrors(parsed.error.issues, { whole: what }));
}
