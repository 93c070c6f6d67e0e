import type { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import { zodFieldErrors } from '../shared/zod-errors.ts';

/**
 * The one way input is checked: a route's query or body, a card action's payload, against its zod
 * schema. A failure is a 400 problem naming each field (message keys, core/shared/zod-errors.ts),
 * so a bad parameter never reaches a query (and never turns into a 500 or a silent default).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = 'request',
  message = `Invalid ${what}.`,
): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new AppError('bad_request', message, zodFieldErrors(parsed.error.issues, { whole: what }));
}
