import type { AuditRow } from '../../contracts/tab-api/audit.contract.ts';
import type { Db } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';

/** The 監査 screen's filter; empty fields are ignored. */
export interface AuditLogFilter {
  /** A prefix of the action (`leave.` finds every leave action). */
  action?: string;
  /** The actor's employee number. */
  actor?: string;
  targetType?: string;
  targetId?: string;
  /** Days in Japan time, inclusive (YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** Keyset pagination: entries older than this id. */
  before?: number;
}

/** One entry as the 監査 screen shows it (declared once, in the tab's contract). */
export type AuditLogEntry = AuditRow;

interface AuditLogRecord {
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
}

const toEntry = (r: AuditLogRecord): AuditLogEntry => ({
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
});

/** Filtered, newest first, keyset-paginated by id (`before`). */
export async function queryAuditLog(db: Db, f: AuditLogFilter, limit: number): Promise<AuditLogEntry[]> {
  const rows = await db.query<AuditLogRecord>(sql`
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
  return rows.map(toEntry);
}

/** Every action that was ever logged, for the filter's choices. */
export async function auditActions(db: Db): Promise<string[]> {
  const rows = await db.query<{ action: string }>(sql`select distinct action from audit_log order by action`);
  return rows.map((r) => r.action);
}
