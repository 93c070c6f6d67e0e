import { z } from 'zod';
import { parseInput } from '../../core/access/request-input.ts';
import { auditExport, requireRole } from '../../core/access/scope.ts';
import type { Db } from '../../core/db/db.ts';
import { fragment, sql } from '../../core/db/sql.ts';
import { type CsvValue, toCsv } from '../../core/shared/csv-writer.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

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
type AuditFilter = z.output<typeof filterSchema>;

export interface AuditRow {
  id: number;
  at: string;
  actorId: string | null;
  actorNo: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** Whose data or what, as people know it: the employee's name, the section's or bureau's name. */
  targetName: string | null;
  detail: Record<string, unknown> | null;
}

/** Filtered, newest first, keyset-paginated by id (`before`). Empty filters are ignored. */
async function queryAudit(db: Db, f: AuditFilter, limit: number): Promise<AuditRow[]> {
  const rows = await db.query<{
    id: string | number;
    at: string;
    actor_id: string | null;
    actor_no: string | null;
    actor_name: string | null;
    action: string;
    target_type: string | null;
    target_id: string | null;
    target_name: string | null;
    detail: Record<string, unknown> | null;
  }>(sql`
    select a.id, to_char(a.at at time zone 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS"+09:00"') as at, a.actor_id,
           e.employee_no as actor_no, coalesce(e.family_name || ' ' || e.given_name, a.actor_label) as actor_name,
           a.action, a.target_type, a.target_id, a.detail,
           coalesce(te.family_name || ' ' || te.given_name || '（' || te.employee_no || '）', ts.name, tb.name) as target_name
      from audit_log a left join employee e on e.id = a.actor_id
      left join employee te on a.target_type = 'employee' and te.id::text = a.target_id
      left join section ts on a.target_type = 'section' and ts.id::text = a.target_id
      left join bureau tb on a.target_type = 'bureau' and tb.id::text = a.target_id
     where ${f.action ? fragment`a.action like ${`${f.action}%`}` : fragment`true`}
       and ${f.actor ? fragment`e.employee_no = ${f.actor}` : fragment`true`}
       and ${f.targetType ? fragment`a.target_type = ${f.targetType}` : fragment`true`}
       and ${f.targetId ? fragment`a.target_id = ${f.targetId}` : fragment`true`}
       and ${f.from ? fragment`a.at >= (${f.from}::date::timestamp at time zone 'Asia/Tokyo')` : fragment`true`}
       and ${f.to ? fragment`a.at < ((${f.to}::date + 1)::timestamp at time zone 'Asia/Tokyo')` : fragment`true`}
       and ${f.before ? fragment`a.id < ${f.before}` : fragment`true`}
     order by a.id desc
     limit ${limit}`);
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    actorId: r.actor_id,
    actorNo: r.actor_no,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    targetName: r.target_name,
    detail: r.detail,
  }));
}

/** 監査 (admin only): the append-only audit log, with filters, and its CSV export (itself audited). */
export function registerAuditRoutes(router: TabRouter, db: Db): void {
  router.get('/audit', async (viewer, req) => {
    requireRole(viewer, 'admin');
    const f = parseInput(filterSchema, req.query, 'query');
    const rows = await queryAudit(db, f, f.limit + 1);
    const more = rows.length > f.limit;
    const entries = more ? rows.slice(0, f.limit) : rows;
    const actions = await db.query<{ action: string }>(
      sql`select distinct action from audit_log order by action`,
    );
    // Reading the log is itself on the record (who looked, with which filter, how much they saw).
    await auditExport(db, viewer, {
      action: 'audit.read',
      targetType: 'audit_log',
      detail: { rows: entries.length, filter: f },
    });
    return {
      entries,
      nextBefore: more ? entries[entries.length - 1]?.id : null,
      actions: actions.map((a) => a.action),
    };
  });

  router.download('/audit/export', async (viewer, req) => {
    requireRole(viewer, 'admin');
    const f = parseInput(filterSchema.omit({ limit: true }), req.query, 'query');
    const rows = await queryAudit(db, { ...f, limit: 50_000 }, 50_000);
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
