import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { PURPOSE } from './announcement.table.ts';

/** Announcements whose Teams delivery finished lately (older ones are not mailed when the setting is switched on). */
export async function recentlySent(db: Db, now: Date, withinDays = 3): Promise<string[]> {
  const rows = await db.query<{ id: string }>(sql`
    select id from announcement
     where state = 'sent' and recalled_at is null and sent_at > ${now}::timestamptz - ${withinDays} * interval '1 day'`);
  return rows.map((r) => r.id);
}

/** People the bot could not reach (no conversation, blocked, removed) and not mailed yet. */
export async function unreachedNotMailed(
  db: Db,
  id: string,
  limit: number,
): Promise<{ employee_id: string; upn: string | null }[]> {
  return db.query(sql`
    select e.id as employee_id, e.upn
      from delivery d join employee e on e.id = d.recipient::uuid
     where d.purpose = ${PURPOSE} and d.subject = ${id} and d.version = 1 and d.op = 'send'
       and d.state in ('no_conversation', 'undeliverable') and e.active
       and not exists (select 1 from announcement_mail m where m.announcement_id = ${id}::uuid and m.employee_id = e.id)
     order by e.id limit ${limit}`);
}

/** Takes the person's mail for this process (once: a second process gets false). */
export async function claimMail(
  db: Db,
  id: string,
  employeeId: string,
  address: string | null,
): Promise<boolean> {
  const rows = await db.query(sql`
    insert into announcement_mail (announcement_id, employee_id, state, address)
    values (${id}::uuid, ${employeeId}::uuid, ${address ? 'sending' : 'no_address'}, ${address})
    on conflict do nothing returning employee_id`);
  return rows.length > 0 && address !== null;
}

export async function recordMail(
  db: Db,
  id: string,
  employeeId: string,
  result: { ok: true } | { ok: false; error: string },
): Promise<void> {
  await db.query(sql`
    update announcement_mail set state = ${result.ok ? 'sent' : 'failed'},
           sent_at = case when ${result.ok} then now() else null end,
           last_error = ${result.ok ? null : result.error.slice(0, 500)}
     where announcement_id = ${id}::uuid and employee_id = ${employeeId}::uuid`);
}

export async function mailCounts(db: Db, id: string): Promise<Record<string, number>> {
  const rows = await db.query<{ state: string; n: number }>(sql`
    select state, count(*)::int as n from announcement_mail where announcement_id = ${id}::uuid group by state`);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}
