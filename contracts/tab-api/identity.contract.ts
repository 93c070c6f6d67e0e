import { z } from 'zod';
import { hasControlCharacters } from './fields.ts';
import { route } from './route-contract.ts';

/**
 * Identity (tab/api/identity.routes.ts): the signed-in person's own calendar On-Behalf-Of their Teams
 * SSO token; the org sync from Microsoft Graph and its department → section mappings (hr/admin).
 */

export type SyncMode = 'dry_run' | 'apply';

/** What HR sees before and after a sync: employee numbers and counts, never names. */
export interface SyncReport {
  mode: SyncMode;
  fullSync: boolean;
  pages: number;
  changesSeen: number;
  added: string[];
  updated: { employeeNo: string; fields: string[] }[];
  deactivated: string[];
  reactivated: string[];
  unmappedDepartments: { department: string; users: number }[];
  notInRegister: number;
  conflicts: { employeeNo: string; reason: string }[];
  sectionDiffers: string[];
  runId?: number;
}

export interface DepartmentMapping {
  department: string;
  sectionCode: string;
  sectionName: string;
}

export interface GraphSyncRun {
  id: number;
  started_at: string;
  finished_at: string | null;
  mode: string;
  status: string;
  report: unknown;
  error: string | null;
}

/** Graph's department as the mappings key it: NFKC, trimmed, one space between words. */
export const normaliseDepartment = (department: string): string =>
  department.normalize('NFKC').trim().replace(/\s+/g, ' ');

const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max)
    .refine((v) => !hasControlCharacters(v), 'must not contain control characters');

const dateOnly = z.iso.date();
export const calendarEventSchema = z
  .object({
    subject: plainText(255),
    start: dateOnly,
    end: dateOnly,
    /** Shown as free/busy "out of office" by default: a leave day. */
    showAs: z.enum(['oof', 'free', 'busy', 'tentative']).default('oof'),
  })
  .strict()
  .refine((e) => e.end >= e.start, { path: ['end'], message: 'must not be before start' });

/** Puts one event (a planned leave) in the person's own Outlook calendar. */
export const createCalendarEvent = route<{ id: string; webLink: string | null }>()({
  method: 'POST',
  path: '/me/calendar-events',
  body: calendarEventSchema,
});

export const getGraphSync = route<{
  configured: boolean;
  runs: GraphSyncRun[];
  mappings: DepartmentMapping[];
}>()({ method: 'GET', path: '/admin/graph-sync' });

const runOptions = z.object({ full: z.boolean().default(false) }).strict();
export const previewGraphSync = route<SyncReport>()({
  method: 'POST',
  path: '/admin/graph-sync/preview',
  body: runOptions,
});
export const applyGraphSync = route<SyncReport>()({
  method: 'POST',
  path: '/admin/graph-sync/apply',
  body: runOptions,
});

export const replaceDepartmentMappings = route<{ mappings: DepartmentMapping[] }>()({
  method: 'PUT',
  path: '/admin/department-mappings',
  body: z
    .object({
      mappings: z
        .array(z.object({ department: plainText(200), sectionCode: plainText(32) }).strict())
        .max(5000)
        .superRefine((rows, ctx) => {
          const seen = new Set<string>();
          rows.forEach((r, i) => {
            const key = normaliseDepartment(r.department);
            if (seen.has(key))
              ctx.addIssue({ code: 'custom', path: [i, 'department'], message: `"${key}" appears twice` });
            seen.add(key);
          });
        }),
    })
    .strict(),
});
