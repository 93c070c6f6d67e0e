import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { DeliveryState } from '../delivery/delivery.table.ts';
import { PURPOSE } from './announcement.table.ts';

/** What HR reads about a sent announcement: acknowledgements, progress, counts per bureau, export pages. */

/** Idempotent: the first acknowledgement's time is kept. */
/** Whether the person is in the announcement's audience (was sent it, or is being sent it). */
export async function isRecipient(db: Db, id: string, employeeId: string): Promise<boolean> {
  const rows = await db.query(
    sql`select 1 from delivery where purpose = ${PURPOSE} and subject = ${id} and recipient = ${employeeId} limit 1`,
  );
  return rows.length > 0;
}

export async function recordAck(db: Db, id: string, employeeId: string, at: Date): Promise<Date | undefined> {
  const [row] = await db.query<{ acked_at: Date }>(sql`
    insert into announcement_ack (announcement_id, employee_id, acked_at)
    select ${id}, ${employeeId}, ${at}
     where exists (select 1 from delivery where purpose = ${PURPOSE} and subject = ${id} and recipient = ${employeeId} and version = 1)
    on conflict (announcement_id, employee_id) do update set acked_at = announcement_ack.acked_at
    returning acked_at`);
  return row?.acked_at;
}

export interface Progress {
  total: number;
  /** Waiting for their first attempt. */
  pending: number;
  inFlight: number;
  /** Waiting again after a 5xx, a network failure or a timeout (backoff with jitter). */
  retrying: number;
  /** Waiting again after a 429, until its Retry-After. */
  throttled: number;
  sent: number;
  failed: number;
  undeliverable: number;
  noConversation: number;
  /** Not sent because the announcement was cancelled or recalled first. */
  cancelled: number;
  acked: number;
  synced: number;
  /** Messages sent per second over the last minute (or since the first one, when sooner). */
  ratePerSecond: number;
}

export async function progress(db: Db, id: string): Promise<Progress> {
  const [r] = await db.query<Record<string, number>>(sql`
    select count(*)::int as total,
           count(*) filter (where d.state = 'due' and d.attempts = 0)::int as pending,
           count(*) filter (where d.state = 'in_flight')::int as in_flight,
           count(*) filter (where d.state = 'due' and d.attempts > 0 and d.last_status is distinct from 429)::int as retrying,
           count(*) filter (where d.state = 'due' and d.attempts > 0 and d.last_status = 429)::int as throttled,
           count(*) filter (where d.state = 'sent')::int as sent,
           count(*) filter (where d.state = 'failed')::int as failed,
           count(*) filter (where d.state = 'undeliverable')::int as undeliverable,
           count(*) filter (where d.state = 'no_conversation')::int as no_conversation,
           count(*) filter (where d.state = 'cancelled')::int as cancelled,
           count(*) filter (where d.sent_at > now() - interval '60 seconds')::int as recent,
           extract(epoch from now() - greatest(min(d.sent_at), now() - interval '60 seconds'))::float8 as window_s
      from delivery d
     where d.purpose = ${PURPOSE} and d.subject = ${id} and d.version = 1`);
  const [extra] = await db.query<{ acked: number; synced: number }>(sql`
    select (select count(*)::int from announcement_ack where announcement_id = ${id}) as acked,
           (select case when a.revision = 1
                        then (select count(*)::int from delivery where purpose = ${PURPOSE} and subject = ${id} and version = 1 and state = 'sent')
                        else (select count(*)::int from delivery where purpose = ${PURPOSE} and subject = ${id} and version = a.revision
                                 and state not in ('due', 'in_flight')) end
              from announcement a where a.id = ${id}) as synced`);
  const n = (k: string) => Number(r?.[k] ?? 0);
  // The rate is what the last minute delivered (a steady figure for the ETA); at the start the
  // window is the time since the first message, not a full minute.
  const windowSeconds = Math.max(1, n('window_s'));
  return {
    total: n('total'),
    pending: n('pending'),
    inFlight: n('in_flight'),
    retrying: n('retrying'),
    throttled: n('throttled'),
    sent: n('sent'),
    failed: n('failed'),
    undeliverable: n('undeliverable'),
    noConversation: n('no_conversation'),
    cancelled: n('cancelled'),
    acked: Number(extra?.acked ?? 0),
    synced: Number(extra?.synced ?? 0),
    ratePerSecond: n('recent') / windowSeconds,
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
           count(*) filter (where d.state = 'sent')::int as sent, count(k.acked_at)::int as acked
      from delivery d join employee e on e.id = d.recipient::uuid join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
      left join announcement_ack k on k.announcement_id = ${id} and k.employee_id = e.id
     where d.purpose = ${PURPOSE} and d.subject = ${id} and d.version = 1
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
  state: DeliveryState;
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
    select e.id as employee_id, e.employee_no, e.family_name || ' ' || e.given_name as name, b.name as bureau, s.name as section,
           d.state, d.attempts, d.last_status, d.sent_at, k.acked_at
      from delivery d join employee e on e.id = d.recipient::uuid join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
      left join announcement_ack k on k.announcement_id = ${id} and k.employee_id = e.id
     where d.purpose = ${PURPOSE} and d.subject = ${id} and d.version = 1
       and d.recipient > coalesce(${after}::text, '')
     order by d.recipient limit ${limit}`);
}
