import { exportAuditLog, getAuditLog } from '../../contracts/tab-api/audit.contract.ts';
import { adminOnly } from '../../core/access/policies.ts';
import { auditExport } from '../../core/access/scope.ts';
import { auditActions, queryAuditLog } from '../../core/audit/audit-log.repository.ts';
import type { Db } from '../../core/db/db.ts';
import { type CsvValue, toCsv } from '../../core/shared/csv-writer.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

/** 監査 (admin only): the append-only audit log, with filters, and its CSV export (itself audited). */
export function registerAuditRoutes(router: TabRouter, db: Db): void {
  router.route(
    getAuditLog,
    async (viewer, { query: f }) => {
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
      return { entries, nextBefore: more ? (entries[entries.length - 1]?.id ?? null) : null, actions };
    },
    { authorize: adminOnly },
  );

  router.route(
    exportAuditLog,
    async (viewer, { query: f }) => {
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
    },
    { authorize: adminOnly },
  );
}
