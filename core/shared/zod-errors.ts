import type { z } from 'zod';
import type { FieldError, MessageParams } from './errors.ts';

type Issue = z.core.$ZodIssue;

/** `['links', 0, 'url']` → `links.0.url`: the field path the tab looks its label up by. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

const plain = (v: unknown): string | number =>
  typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'bigint' ? Number(v) : String(v);

/**
 * What a zod issue means for a person: a message key and its parameters. The keys are the tab's
 * problem texts (tab/web/src/i18n/problem.texts.ts); our own rules name theirs in `params.key`
 * (`ctx.addIssue({ code: 'custom', params: { key: 'overtime.levels_order' } })`).
 */
export function issueMessage(issue: Issue): { key: string; params: MessageParams } {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined|received null/.test(issue.message)
        ? { key: 'required', params: {} }
        : { key: 'invalid_type', params: { expected: String(issue.expected) } };
    case 'too_small': {
      const min = plain(issue.minimum);
      if (issue.origin === 'string')
        return min === 1 ? { key: 'required', params: {} } : { key: 'too_short', params: { min } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'too_few', params: { min } };
      return { key: issue.inclusive === false ? 'greater_than' : 'too_small', params: { min } };
    }
    case 'too_big': {
      const max = plain(issue.maximum);
      if (issue.origin === 'string') return { key: 'too_long', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'too_many', params: { max } };
      return { key: issue.inclusive === false ? 'less_than' : 'too_big', params: { max } };
    }
    case 'invalid_format':
      return { key: 'invalid_format', params: { format: issue.format } };
    case 'invalid_value':
      return { key: 'invalid_choice', params: { values: issue.values.map(plain).join(' / ') } };
    case 'not_multiple_of':
      return { key: 'not_multiple_of', params: { step: plain(issue.divisor) } };
    case 'unrecognized_keys':
      return { key: 'unknown_field', params: { names: issue.keys.join(', ') } };
    case 'custom': {
      const { key, ...params } = (issue.params ?? {}) as Record<string, unknown>;
      const values: MessageParams = {};
      for (const [k, v] of Object.entries(params)) values[k] = plain(v);
      // A rule without a key of its own: its text is the message (Japanese, or "日本語 / English").
      return typeof key === 'string'
        ? { key, params: values }
        : { key: 'custom', params: { text: issue.message } };
    }
    default:
      return { key: 'invalid', params: {} };
  }
}

/**
 * The one way a zod failure becomes field errors: every problem at once, each with its path, a
 * message key and parameters (and zod's English text as `message`, for logs).
 */
export function zodFieldErrors(
  issues: readonly Issue[],
  options: { prefix?: readonly PropertyKey[]; whole?: string } = {},
): FieldError[] {
  return issues.map((issue) => ({
    where: fieldPath([...(options.prefix ?? []), ...issue.path]) || options.whole || '(body)',
    message: issue.message,
    ...issueMessage(issue),
  }));
}

/** One of our own rules fails on a field: the developer's message, and the key of the problem text people see. */
export function ruleIssue(
  ctx: z.RefinementCtx,
  path: (string | number)[],
  message: string,
  key: string,
): void {
  ctx.addIssue({ code: 'custom', path, message, params: { key } });
}
