import { z } from 'zod';
import { parseInput } from '../../core/access/request-input.ts';
import { requireRole } from '../../core/access/scope.ts';
import type { Viewer } from '../../core/access/viewer.ts';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import type { Db } from '../../core/db/db.ts';
import {
  latestRuns,
  listDepartmentMappings,
  replaceDepartmentMappings,
} from '../../core/identity/graph-sync.repository.ts';
import { normaliseDepartment } from '../../core/identity/graph-sync.rules.ts';
import { type GraphSyncDeps, runGraphSync } from '../../core/identity/graph-sync.service.ts';
import { calendarEventSchema, hasControlCharacters, type OboGraph } from '../../core/identity/obo.ts';
import { AppError } from '../../core/shared/errors.ts';
import type { TabRouter } from './tab-router.ts';

export interface IdentityRouteDeps {
  db: Db;
  /** Undefined when the app has no Graph credentials (SSO_CLIENT_SECRET unset). */
  sync?: GraphSyncDeps;
  oboGraph?: OboGraph;
}

const mappingsSchema = z
  .object({
    mappings: z
      .array(
        z
          .object({
            department: z
              .string()
              .trim()
              .min(1, 'is required')
              .max(200)
              .refine((v) => !hasControlCharacters(v), 'must not contain control characters'),
            sectionCode: z
              .string()
              .trim()
              .min(1, 'is required')
              .max(32)
              .refine((v) => !hasControlCharacters(v), 'must not contain control characters'),
          })
          .strict(),
      )
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
  .strict();

const runSchema = z.object({ full: z.boolean().default(false) }).strict();

const notConfigured = () =>
  new AppError('unavailable', 'Microsoft Graph is not configured for this deployment (SSO_CLIENT_SECRET).');

/**
 * /api/tab/me/calendar-events: the signed-in person's own calendar, On-Behalf-Of their Teams SSO
 * token (never the app's permissions). /api/tab/admin/graph-sync*, department-mappings: hr/admin.
 */
export function registerIdentityRoutes(router: TabRouter, deps: IdentityRouteDeps): void {
  router.post('/me/calendar-events', async (_viewer, req) => {
    const input = parseInput(calendarEventSchema, req.body, 'calendar event');
    if (!deps.oboGraph) throw notConfigured();
    const token = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    // Dev personas have no Microsoft 365 identity to act for.
    if (!token) throw new AppError('unavailable', 'Writing to your calendar needs Teams sign-in.');
    return deps.oboGraph.createCalendarEvent(token, input);
  });

  router.get('/admin/graph-sync', async (viewer) => {
    requireRole(viewer, 'hr', 'admin');
    return {
      configured: Boolean(deps.sync),
      runs: await latestRuns(deps.db),
      mappings: await listDepartmentMappings(deps.db),
    };
  });

  const run = (mode: 'dry_run' | 'apply') => async (viewer: Viewer, req: { body?: unknown }) => {
    requireRole(viewer, 'hr', 'admin');
    const { full } = parseInput(runSchema, req.body ?? {}, 'sync options');
    if (!deps.sync) throw notConfigured();
    return runGraphSync(
      deps.sync,
      mode,
      { id: viewer.employee.id, label: viewer.employee.employeeNo },
      { full },
    );
  };
  router.post('/admin/graph-sync/preview', run('dry_run'));
  router.post('/admin/graph-sync/apply', run('apply'));

  router.put('/admin/department-mappings', async (viewer, req) => {
    requireRole(viewer, 'hr', 'admin');
    const { mappings } = parseInput(mappingsSchema, req.body, 'department mappings');
    return deps.db.transaction(async (tx) => {
      const missing = await replaceDepartmentMappings(tx, mappings, viewer.employee.id);
      if (missing.length > 0)
        throw new AppError(
          'bad_request',
          'Unknown section code(s).',
          missing.map((code) => ({ where: 'mappings.sectionCode', message: `no section ${code}` })),
        );
      await writeAudit(tx, {
        actorId: viewer.employee.id,
        action: 'setting.department_mappings',
        detail: { rows: mappings.length },
      });
      return { mappings: await listDepartmentMappings(tx) };
    });
  });
}
