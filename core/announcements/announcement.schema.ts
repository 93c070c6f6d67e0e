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
  // Entra groups (expanded through Graph into entra_group_member when added, again at send).
  entraGroupIds: z.array(uuid).max(20).optional(),
});

/** The fields; draftSchema adds the rules between them. */
export const draftObject = z.object({
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
  // SharePoint / OneDrive files as buttons: https here, the tenant's domains checked by the service.
  files: z
    .array(z.object({ title: z.string().trim().min(1, 'is required').max(40), url: httpsUrl }))
    .max(5)
    .optional(),
  ackEnabled: z.boolean().default(false),
  language: z.enum(['ja', 'en']).default('ja'),
  audience: audienceSchema,
  /**
   * Reminders to those who have not acknowledged; on a card without the acknowledge button, to those
   * who have not read it (Teams read receipts in the 1:1 chat).
   */
  reminders: z
    .object({
      afterHours: z.number().int().min(1, 'at least 1 hour').max(336, 'at most 14 days'),
      max: z.number().int().min(1).max(5),
    })
    .nullish(),
});

/** The draft with its cross-field rules (the object above, for partial uses such as a preview). */
export const draftSchema = draftObject;
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
