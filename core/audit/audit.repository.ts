import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';

export interface AuditEntry {
  actorId: string | null;
  /** Shown when the actor is not an employee (a job, the CLI). */
  actorLabel?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  /** Never personal details: ids and counts only. */
  detail?: Record<string, unknown>;
}

export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.query(sql`
    insert into audit_log (actor_id, actor_label, action, target_type, target_id, detail)
    values (${entry.actorId}, ${entry.actorLabel ?? null}, ${entry.action}, ${entry.targetType ?? null},
            ${entry.targetId ?? null}, ${entry.detail ? JSON.stringify(entry.detail) : null})`);
}

/** Many entries in one statement (an import that changed thousands of people). */
export async function writeAuditMany(db: Db, entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 5_000) {
    const chunk = entries.slice(i, i + 5_000);
    await db.query(sql`
      insert into audit_log (actor_id, actor_label, action, target_type, target_id, detail)
      select t.actor::uuid, t.label, t.action, t.ttype, t.tid, t.detail::jsonb
        from unnest(${chunk.map((e) => e.actorId)}::text[], ${chunk.map((e) => e.actorLabel ?? null)}::text[],
                    ${chunk.map((e) => e.action)}::text[], ${chunk.map((e) => e.targetType ?? null)}::text[],
                    ${chunk.map((e) => e.targetId ?? null)}::text[],
                    ${chunk.map((e) => (e.detail ? JSON.stringify(e.detail) : null))}::text[])
             with ordinality as t(actor, label, action, ttype, tid, detail, ord)
       order by t.ord`);
  }
}

export interface AuditRecord {
  id: number;
  at: string;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: Record<string, unknown> | null;
}

export async function listAudit(
  db: Db,
  opts: { action?: string; limit?: number } = {},
): Promise<AuditRecord[]> {
  const limit = opts.limit ?? 100;
  return opts.action
    ? db.query<AuditRecord>(
        sql`select * from audit_log where action = ${opts.action} order by id desc limit ${limit}`,
      )
    : db.query<AuditRecord>(sql`select * from audit_log order by id desc limit ${limit}`);
}
