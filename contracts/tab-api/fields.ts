import { z } from 'zod';

// Field schemas more than one contract uses.

/** 'YYYY-MM-DD' of a date that exists (the same test as core/shared/calendar.ts `isValidIsoDate`). */
export function isIsoDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** A calendar date that exists, 'YYYY-MM-DD' (Japan's local dates: plans, deadlines). */
export const isoDate = z.string().refine(isIsoDate, {
  message: 'YYYY-MM-DD の実在する日付で入力してください',
  params: { key: 'invalid_date' },
});

/** `:id` of a route that answers 400 (not 404) to something that cannot be an id. */
export const idParam = z.object({ id: z.uuid() });

/** 'YYYY-MM' with a month 01–12 (the same test as core/shared/year-month.ts `isYearMonth`). */
export const isYearMonth = (value: string): boolean => {
  if (!/^\d{4}-\d{2}$/.test(value)) return false;
  const m = Number(value.slice(5, 7));
  return m >= 1 && m <= 12;
};

/** PostgreSQL text cannot hold NUL, and no name or subject needs a control character. */
export const hasControlCharacters = (value: string): boolean => /\p{Cc}/u.test(value);

/** A file sent as JSON (org CSV, attendance CSV): its bytes in base64, Shift_JIS byte for byte. */
export const uploadSchema = z.object({
  fileName: z.string().trim().min(1).max(200),
  /** The file's bytes, base64: Shift_JIS exports must reach the server byte for byte. */
  contentBase64: z.string().min(1, 'the file is empty'),
});

/** A problem of an uploaded file: `where` is `line N, column C`; `key`/`params` for the tab's text. */
export interface FileFieldError {
  where: string;
  message: string;
  key?: string;
  params?: Record<string, string | number>;
}
