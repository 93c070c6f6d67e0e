import { z } from 'zod';
import { parseInput } from '../../core/access/request-input.ts';
import { auditExport, requireRole } from '../../core/access/scope.ts';
import { auditActions, queryAuditLog } from '../../core/audit/audit-log.repository.ts';
import type { Db } from '../../core/db/db.ts';
import { type CsvValue, toCsv } from '../../core/shared/csv-writer.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

/** One row of the 監査 screen (the web app's type until the contract holds it). */
export type { AuditLogEntry as AuditRow } from '../../core/audit/audit-log.repository.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const filterSchema = z.object({
  action: z.string().trim().max(80).optional(),
  actor: z.string().trim().max(40).optional(),
  targetType: z.string().trim().max(40).optional(),
  targetId: z.string().trim().max(80).optional(),
  from: day.optional(),
  to: day.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** 監査 (admin only): the append-only audit log, with filters, and its CSV export (itself audited). */
export function registerAuditRoutes(router: TabRouter, db: Db): void {
  router.get('/audit', async (viewer, req) => {
    requireRole(viewer, 'admin');
    const f = parseInput(filterSchema, req.query, 'query');
    const rows = await queryAuditLog(db, f, f.limit + 1);
    const more = rows.length > f.limit;
    const entries = more ? rows.slice(0, f.limit) : rows;
    const actions = await auditActions(db);
    // Reading the log is itself on the record (who looked, with which filter, how much they saw).
    await auditExport(db, viewer, {
      action: 'audit.read',
      targetType: 'audit_log',
      detail: { rows: entries.length, filter: f },
    });
    return {
      entries,
      nextBefore: more ? entries[entries.length - 1]?.id : null,
      actions,
    };
  });

  router.download('/audit/export', async (viewer, req) => {
    requireRole(viewer, 'admin');
    const f = parseInput(filterSchema.omit({ limit: true }), req.query, 'query');
    const rows = await queryAuditLog(db, f, 50_000);
    await auditExport(db, viewer, {
      action: 'audit.export',
      targetType: 'audit_log',
      detail: { rows: rows.length, filter: f },
    });
    const header = ['id', 'at', 'actor_no', 'actor_name', 'action', 'target_type', 'target_id', 'detail'];
    const lines = rows.map((r) => [
      r.id,
      r.at,
      r.actorNo,
      r.actorName,
      r.action,
      r.targetType,
      r.targetId,
      r.detail,
    ]);
    // The one CSV writer of every export (formula triggers neutralised).
    return new FileReply(
      'text/csv; charset=utf-8',
      'audit-log.csv',
      toCsv([header, ...lines] as CsvValue[][]),
    );
  });
}
