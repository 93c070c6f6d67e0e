import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { RecipientState } from './announcement.table.ts';

/** What HR reads about a sent announcement: acknowledgements, progress, counts per bureau, export pages. */

/** Idempotent: the first acknowledgement's time is kept. */
/** Whether the person is in the announcement's audience (was sent it, or is being sent it). */
export async function isRecipient(db: Db, id: string, employeeId: string): Promise<boolean> {
  const rows = await db.query(
    sql`select 1 from announcement_recipient where announcement_id = ${id} and employee_id = ${employeeId} limit 1`,
  );
  return rows.length > 0;
}

export async function recordAck(db: Db, id: string, employeeId: string, at: Date): Promise<Date | undefined> {
  const [row] = await db.query<{ acked_at: Date }>(sql`
    update announcement_recipient set acked_at = coalesce(acked_at, ${at})
     where announcement_id = ${id} and employee_id = ${employeeId} returning acked_at`);
  return row?.acked_at;
}

export interface Progress {
  total: number;
  pending: number;
  inFlight: number;
  sent: number;
  failed: number;
  undeliverable: number;
  noConversation: number;
  acked: number;
  synced: number;
  /** Messages sent in the last 10 seconds, per second. */
  ratePerSecond: number;
}

export async function progress(db: Db, id: string): Promise<Progress> {
  const [r] = await db.query<Record<string, number>>(sql`
    select count(*)::int as total,
           count(*) filter (where r.state = 'pending')::int as pending,
           count(*) filter (where r.state = 'in_flight')::int as in_flight,
           count(*) filter (where r.state = 'sent')::int as sent,
           count(*) filter (where r.state = 'failed')::int as failed,
           count(*) filter (where r.state = 'undeliverable')::int as undeliverable,
           count(*) filter (where r.state = 'no_conversation')::int as no_conversation,
           count(*) filter (where r.acked_at is not null)::int as acked,
           count(*) filter (where r.state = 'sent' and r.synced_revision >= a.revision)::int as synced,
           count(*) filter (where r.sent_at > now() - interval '10 seconds')::int as recent
      from announcement a left join announcement_recipient r on r.announcement_id = a.id
     where a.id = ${id}`);
  const n = (k: string) => Number(r?.[k] ?? 0);
  return {
    total: n('total'),
    pending: n('pending'),
    inFlight: n('in_flight'),
    sent: n('sent'),
    failed: n('failed'),
    undeliverable: n('undeliverable'),
    noConversation: n('no_conversation'),
    acked: n('acked'),
    synced: n('synced'),
    ratePerSecond: n('recent') / 10,
  };
}

export async function countsByBureau(
  db: Db,
  id: string,
): Promise<{ bureauId: string; bureauName: string; recipients: number; sent: number; acked: number }[]> {
  const rows = await db.query<{
    bureau_id: string;
    bureau_name: string;
    recipients: number;
    sent: number;
    acked: number;
  }>(sql`
    select b.id as bureau_id, b.name as bureau_name, count(*)::int as recipients,
           count(*) filter (where r.state = 'sent')::int as sent, count(r.acked_at)::int as acked
      from announcement_recipient r join bureau b on b.id = r.bureau_id
     where r.announcement_id = ${id}
     group by b.id, b.name, b.sort_order order by b.sort_order, b.name`);
  return rows.map((r) => ({
    bureauId: r.bureau_id,
    bureauName: r.bureau_name,
    recipients: r.recipients,
    sent: r.sent,
    acked: r.acked,
  }));
}

export interface ExportRow {
  employee_id: string;
  employee_no: string;
  name: string;
  bureau: string;
  section: string;
  state: RecipientState;
  attempts: number;
  last_status: number | null;
  sent_at: Date | null;
  acked_at: Date | null;
}

/** One page of the delivery/ack export, in employee-id order (keyset). */
export async function exportPage(
  db: Db,
  id: string,
  after: string | null,
  limit: number,
): Promise<ExportRow[]> {
  return db.query<ExportRow>(sql`
    select r.employee_id, e.employee_no, e.family_name || ' ' || e.given_name as name, b.name as bureau, s.name as section,
           r.state, r.attempts, r.last_status, r.sent_at, r.acked_at
      from announcement_recipient r join employee e on e.id = r.employee_id join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
     where r.announcement_id = ${id} and r.employee_id > coalesce(${after}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
     order by r.employee_id limit ${limit}`);
}
