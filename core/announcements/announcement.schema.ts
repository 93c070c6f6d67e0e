import { z } from 'zod';
import { parseInput } from '../access/request-input.ts';
import type { FieldError } from '../shared/errors.ts';
import { zodFieldErrors } from '../shared/zod-errors.ts';
import { disallowedLinks } from './markdown-links.rules.ts';

/** Only https: a broken or http/javascript/data scheme is refused before anything is stored. */
const httpsUrl = z
  .string()
  .trim()
  .max(2_000)
  .refine((v) => {
    try {
      return new URL(v).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an https:// URL');

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be an id');

export const audienceSchema = z.object({
  everyone: z.boolean().default(false),
  bureauIds: z.array(uuid).max(500).default([]),
  sectionIds: z.array(uuid).max(5_000).default([]),
  roles: z
    .array(z.enum(['hr', 'wlb_officer', 'executive', 'admin', 'manager']))
    .max(5)
    .default([]),
  employeeIds: z.array(uuid).max(200_000).default([]),
  // Channel posts (checked against the installed teams by the service).
  allTeams: z.boolean().optional(),
  teamIds: z.array(z.string().trim().min(1, 'is required').max(200)).max(500).optional(),
});

export const draftSchema = z.object({
  title: z.string().trim().min(1, 'is required').max(200),
  body: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(30_000)
    .superRefine((body, ctx) => {
      const bad = disallowedLinks(body);
      if (bad.length > 0)
        ctx.addIssue({
          code: 'custom',
          message: `links must be https:// or mailto: (refused: ${bad
            .slice(0, 3)
            .map((b) => b.slice(0, 60))
            .join(', ')})`,
        });
    }),
  imageUrl: z.preprocess((v) => (v === '' ? null : v), httpsUrl.nullable().default(null)),
  links: z
    .array(z.object({ title: z.string().trim().min(1, 'is required').max(40), url: httpsUrl }))
    .max(5)
    .default([]),
  ackEnabled: z.boolean().default(false),
  language: z.enum(['ja', 'en']).default('ja'),
  audience: audienceSchema,
});
export type DraftInput = z.infer<typeof draftSchema>;

export const scheduleSchema = z.object({
  scheduledAt: z.iso.datetime({ offset: true }).nullable().default(null),
});

export function fieldErrors(error: z.ZodError): FieldError[] {
  return zodFieldErrors(error.issues);
}

export function parseOrThrow<T>(
  schema: z.ZodType<T>,
  data: unknown,
  message = 'The announcement has problems.',
): T {
  return parseInput(schema, data, '(body)', message);
}
