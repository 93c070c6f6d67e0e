import type { SyncMode, SyncReport } from '../../contracts/tab-api/identity.contract.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { metrics } from '../shared/metrics.ts';
import type { GraphApi } from './graph-client.ts';
import {
  applyPlan,
  loadDeltaLink,
  loadSectionResolver,
  loadSnapshot,
  recordRun,
  saveDeltaLink,
} from './graph-sync.repository.ts';
import { planSync, type SyncPlan } from './graph-sync.rules.ts';
import { fetchUserDelta } from './graph-users.source.ts';

export type { SyncMode, SyncReport };

export interface GraphSyncDeps {
  db: Db;
  graph: GraphApi;
  logger: Logger;
}

// Two instances (or a manual run during the nightly one) queue here instead of both applying.
const SYNC_LOCK = 4_242_006;

export function reportOf(
  plan: SyncPlan,
  mode: SyncMode,
  fetched: { fullSync: boolean; pages: number; changes: number },
): SyncReport {
  return {
    mode,
    fullSync: fetched.fullSync,
    pages: fetched.pages,
    changesSeen: fetched.changes,
    added: plan.added.map((a) => a.employeeNo),
    updated: plan.updated.map((u) => ({ employeeNo: u.employeeNo, fields: u.fields })),
    deactivated: plan.updated.filter((u) => u.set.active === false).map((u) => u.employeeNo),
    reactivated: plan.updated.filter((u) => u.set.active === true).map((u) => u.employeeNo),
    unmappedDepartments: plan.unmappedDepartments,
    notInRegister: plan.notInRegister,
    conflicts: plan.conflicts,
    sectionDiffers: plan.sectionDiffers,
  };
}

/**
 * One org sync from Graph. A dry run reads Graph and reports what would change; an applied run
 * writes every change, the new delta link, the run record and the audit entry in one transaction,
 * so a crash or an error leaves the register and the delta link exactly as they were.
 */
export async function runGraphSync(
  deps: GraphSyncDeps,
  mode: SyncMode,
  actor: { id: string | null; label: string },
  options: { full?: boolean } = {},
): Promise<SyncReport> {
  const startedAt = new Date();
  const { db, logger } = deps;
  try {
    const deltaLink = await loadDeltaLink(db);
    // A full run re-reads every user: it re-asserts what Graph owns after a CSV import changed it.
    const delta = await fetchUserDelta(deps.graph, options.full ? undefined : deltaLink);
    const fetched = { fullSync: delta.fullSync, pages: delta.pages, changes: delta.changes.length };

    const plan = async (conn: Db) => {
      const snapshot = await loadSnapshot(conn, delta.changes);
      return planSync({ changes: delta.changes, ...snapshot, sectionFor: await loadSectionResolver(conn) });
    };

    if (mode === 'dry_run') {
      const report = reportOf(await plan(db), mode, fetched);
      report.runId = await recordRun(db, { mode, status: 'done', report, startedAt });
      logger.info({ runId: report.runId, ...counts(report) }, 'graph sync dry run');
      return report;
    }

    const report = await db.transaction(async (tx) => {
      await tx.query(sql`select pg_advisory_xact_lock(${SYNC_LOCK})`);
      // Someone applied a run while we were reading Graph: our delta is stale, start again later.
      if ((await loadDeltaLink(tx)) !== deltaLink)
        throw new AppError('conflict', 'Another org sync finished meanwhile; run it again.');
      const planned = await plan(tx);
      await applyPlan(tx, planned);
      await saveDeltaLink(tx, delta.deltaLink);
      const r = reportOf(planned, mode, fetched);
      await writeAudit(tx, {
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'org.graph_sync',
        detail: counts(r),
      });
      r.runId = await recordRun(tx, { mode, status: 'done', report: r, startedAt });
      return r;
    });
    metrics.imports.inc({ kind: 'graph', outcome: 'done' });
    for (const [kind, n] of Object.entries(counts(report)))
      if (typeof n === 'number' && n > 0) metrics.graphSyncChanges.inc({ kind }, n);
    logger.info({ runId: report.runId, ...counts(report) }, 'graph sync applied');
    return report;
  } catch (err) {
    metrics.imports.inc({ kind: 'graph', outcome: 'failed' });
    const message = err instanceof Error ? err.message : String(err);
    await recordRun(db, { mode, status: 'failed', error: message.slice(0, 500), startedAt }).catch(
      () => undefined,
    );
    logger.warn(
      {
        mode,
        code: (err as { code?: string }).code,
        statusCode: (err as { statusCode?: number }).statusCode,
      },
      'graph sync failed',
    );
    throw err;
  }
}

function counts(r: SyncReport) {
  return {
    fullSync: r.fullSync,
    pages: r.pages,
    changesSeen: r.changesSeen,
    added: r.added.length,
    updated: r.updated.length,
    deactivated: r.deactivated.length,
    unmappedDepartments: r.unmappedDepartments.length,
    notInRegister: r.notInRegister,
    conflicts: r.conflicts.length,
  };
}
