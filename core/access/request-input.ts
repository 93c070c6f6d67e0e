import type { z } from 'zod';
import { AppError } from '../shared/errors.ts';

/**
 * Parses a route's query or body with its zod schema; a failure is a 400 problem naming each field,
 * so a bad parameter never reaches a query (and never turns into a 500 or a silent default).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new AppError(
    'bad_request',
    `Invalid ${what}.`,
    parsed.error.issues.map((i) => ({ where: i.path.join('.') || what, message: i.message })),
  );
}
