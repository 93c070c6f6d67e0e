import { z } from 'zod';

// Field schemas more than one contract uses.

/** A calendar date that exists, 'YYYY-MM-DD' (Japan's local dates: plans, deadlines). */
export const isoDate = z.string().refine(
  (v) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!m) return false;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
  },
  { message: 'YYYY-MM-DD の実在する日付で入力してください', params: { key: 'invalid_date' } },
);

/** `:id` of a route that answers 400 (not 404) to something that cannot be an id. */
export const idParam = z.object({ id: z.uuid() });
