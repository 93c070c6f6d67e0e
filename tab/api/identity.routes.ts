import {
  applyGraphSync,
  createCalendarEvent,
  getGraphSync,
  previewGraphSync,
  replaceDepartmentMappings as replaceMappings,
  type SyncMode,
} from '../../contracts/tab-api/identity.contract.ts';
import { hrOrAdmin } from '../../core/access/policies.ts';
import type { Viewer } from '../../core/access/viewer.ts';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import type { Db } from '../../core/db/db.ts';
import {
  latestRuns,
  listDepartmentMappings,
  replaceDepartmentMappings,
} from '../../core/identity/graph-sync.repository.ts';
import { type GraphSyncDeps, runGraphSync } from '../../core/identity/graph-sync.service.ts';
import type { OboGraph } from '../../core/identity/obo.ts';
import { AppError } from '../../core/shared/errors.ts';
import type { TabRouter } from './tab-router.ts';

export interface IdentityRouteDeps {
  db: Db;
  /** Undefined when the app has no Graph credentials (SSO_CLIENT_SECRET unset). */
  sync?: GraphSyncDeps;
  oboGraph?: OboGraph;
}

const notConfigured = () =>
  new AppError('unavailable', 'Microsoft Graph is not configured for this deployment (SSO_CLIENT_SECRET).');

/**
 * /api/tab/me/calendar-events: the signed-in person's own calendar, On-Behalf-Of their Teams SSO
 * token (never the app's permissions). /api/tab/admin/graph-sync*, department-mappings: hr/admin.
 */
export function registerIdentityRoutes(router: TabRouter, deps: IdentityRouteDeps): void {
  router.route(createCalendarEvent, async (_viewer, { body }, req) => {
    if (!deps.oboGraph) throw notConfigured();
    const token = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    // Dev personas have no Microsoft 365 identity to act for.
    if (!token) throw new AppError('unavailable', 'Writing to your calendar needs Teams sign-in.');
    return deps.oboGraph.createCalendarEvent(token, body);
  });

  const hr = { authorize: hrOrAdmin };

  router.route(
    getGraphSync,
    async () => ({
      configured: Boolean(deps.sync),
      runs: await latestRuns(deps.db),
      mappings: await listDepartmentMappings(deps.db),
    }),
    hr,
  );

  const run =
    (mode: SyncMode) =>
    async (viewer: Viewer, { body }: { body: { full: boolean } }) => {
      if (!deps.sync) throw notConfigured();
      return runGraphSync(
        deps.sync,
        mode,
        { id: viewer.employee.id, label: viewer.employee.employeeNo },
        { full: body.full },
      );
    };
  router.route(previewGraphSync, run('dry_run'), hr);
  router.route(applyGraphSync, run('apply'), hr);

  router.route(
    replaceMappings,
    async (viewer, { body: { mappings } }) =>
      deps.db.transaction(async (tx) => {
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
      }),
    hr,
  );
}
