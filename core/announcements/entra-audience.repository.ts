import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';

export type GroupKind = 'microsoft365' | 'security' | 'mail_security' | 'distribution';

export interface EntraGroupRow {
  group_id: string;
  display_name: string;
  kind: GroupKind;
  member_count: number;
  not_in_register: number;
  expanded_at: Date;
}

/**
 * Replaces the group's stored members with a complete expansion, in one transaction: a failed or
 * partial expansion never leaves half a membership behind. Returns how many are in the register.
 */
export async function replaceGroupMembers(
  db: Db,
  group: { id: string; displayName: string; kind: GroupKind },
  memberOids: string[],
  at: Date,
): Promise<{ inRegister: number }> {
  return db.transaction(async (tx) => {
    const employees = await tx.query<{ id: string }>(sql`
      select id from employee where active and entra_oid::text = any(${memberOids}::text[])`);
    await tx.query(sql`
      insert into entra_group (group_id, display_name, kind, member_count, not_in_register, expanded_at)
      values (${group.id}::uuid, ${group.displayName}, ${group.kind}, ${memberOids.length},
              ${memberOids.length - employees.length}, ${at})
      on conflict (group_id) do update set display_name = excluded.display_name, kind = excluded.kind,
             member_count = excluded.member_count, not_in_register = excluded.not_in_register,
             expanded_at = excluded.expanded_at`);
    await tx.query(sql`delete from entra_group_member where group_id = ${group.id}::uuid`);
    await tx.query(sql`
      insert into entra_group_member (group_id, employee_id)
      select ${group.id}::uuid, id from unnest(${employees.map((e) => e.id)}::uuid[]) as t(id)`);
    return { inRegister: employees.length };
  });
}

export const groupsByIds = (db: Db, ids: string[]) =>
  db.query<EntraGroupRow>(
    sql`select * from entra_group where group_id = any(${ids}::uuid[]) order by display_name`,
  );
