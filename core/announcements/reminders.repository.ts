import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { PRIORITY } from '../delivery/delivery.table.ts';
import { readByRecipient } from '../delivery/read-receipts.repository.ts';
import { type AnnouncementRow, PURPOSE, REMINDER_PURPOSE } from './announcement.table.ts';

/** Announcements with reminders whose first round may be due (the caller works out which round). */
export async function remindable(db: Db, now: Date): Promise<AnnouncementRow[]> {
  return db.query<AnnouncementRow>(sql`
    select * from announcement
     where state in ('sending', 'sent') and recalled_at is null and reminder_max > 0
       and reminder_after_minutes is not null and send_started_at is not null
       and send_started_at + reminder_after_minutes * interval '1 minute' <= ${now}`);
}

/**
 * People who got the card, have not acknowledged it (or, on a card without the button, have not
 * read it: Teams read receipts) and have no reminder of this round yet — in employee-id order from
 * `after` (keyset), so a large audience is read in pages.
 */
export async function notYetReminded(
  db: Db,
  a: { id: string; ackEnabled: boolean },
  subject: string,
  after: string,
  limit: number,
): Promise<{ employee_id: string; aad_object_id: string }[]> {
  const id = a.id;
  return db.query(sql`
    select d.recipient as employee_id, d.aad_object_id
      from delivery d
     where d.purpose = ${PURPOSE} and d.subject = ${id} and d.version = 1 and d.op = 'send' and d.state = 'sent'
       and d.aad_object_id is not null and d.recipient > ${after}
       and not exists (select 1 from announcement_ack k where k.announcement_id = ${id}::uuid and k.employee_id = d.recipient::uuid)
       and (${a.ackEnabled}::boolean or not ${readByRecipient})
       and not exists (select 1 from delivery r where r.purpose = ${REMINDER_PURPOSE} and r.subject = ${subject}
                                                  and r.recipient = d.recipient and r.version = 1)
     order by d.recipient limit ${limit}`);
}

/**
 * The reminders of one round into the outbox, each not before the person's quiet hours end. The
 * key (purpose, subject, recipient, version) makes them once-only: two processes writing the same
 * round write each row once. The card is rendered at send time (an acknowledgement in between
 * cancels it).
 */
export async function enqueueReminders(
  db: Db,
  subject: string,
  rows: { employeeId: string; aadObjectId: string; notBefore: Date }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const added = await db.query(sql`
    insert into delivery (purpose, subject, recipient, version, op, priority, aad_object_id, ready_at)
    select ${REMINDER_PURPOSE}, ${subject}, t.recipient, 1, 'send', ${PRIORITY.bulk}, t.aad, t.ready_at
      from unnest(${rows.map((r) => r.employeeId)}::text[], ${rows.map((r) => r.aadObjectId)}::text[],
                  ${rows.map((r) => r.notBefore.toISOString())}::timestamptz[]) as t(recipient, aad, ready_at)
    on conflict do nothing
    returning id`);
  return added.length;
}

export interface ReminderRound {
  round: number;
  reminded: number;
  sent: number;
  /** Cancelled because the person acknowledged before it went out (or the announcement was recalled). */
  cancelled: number;
  waiting: number;
}

export async function reminderRounds(db: Db, id: string): Promise<ReminderRound[]> {
  const rows = await db.query<{
    subject: string;
    reminded: number;
    sent: number;
    cancelled: number;
    waiting: number;
  }>(sql`
    select subject, count(*)::int as reminded, count(*) filter (where state = 'sent')::int as sent,
           count(*) filter (where state = 'cancelled')::int as cancelled,
           count(*) filter (where state in ('due', 'in_flight'))::int as waiting
      from delivery where purpose = ${REMINDER_PURPOSE} and subject like ${`${id}:%`}
     group by subject`);
  return rows
    .map((r) => ({ ...r, round: Number(r.subject.split(':')[1]) }))
    .map(({ subject: _, ...r }) => r)
    .sort((a, b) => a.round - b.round);
}

export interface RemindedPerson {
  employee_no: string;
  name: string;
  bureau: string;
  section: string;
  round: number;
  state: string;
  sent_at: Date | null;
  acked_at: Date | null;
}

/** Who was reminded (HR's tracking view): one line per person and round. */
export async function remindedPeople(db: Db, id: string, limit = 5_000): Promise<RemindedPerson[]> {
  const rows = await db.query<RemindedPerson & { subject: string }>(sql`
    select e.employee_no, e.family_name || ' ' || e.given_name as name, b.name as bureau, s.name as section,
           d.subject, d.state, d.sent_at, k.acked_at
      from delivery d join employee e on e.id = d.recipient::uuid join section s on s.id = e.section_id
      join bureau b on b.id = s.bureau_id
      left join announcement_ack k on k.announcement_id = ${id}::uuid and k.employee_id = e.id
     where d.purpose = ${REMINDER_PURPOSE} and d.subject like ${`${id}:%`}
     order by e.employee_no, d.subject limit ${limit}`);
  return rows.map(({ subject, ...r }) => ({ ...r, round: Number(subject.split(':')[1]) }));
}

/**
 * After "update" or "recall": an edit (or delete) of every reminder card already sent, at the
 * announcement's new revision, as the announcement's own cards get. Idempotent on the key.
 */
export async function enqueueReminderEdits(
  db: Db,
  id: string,
  revision: number,
  op: 'update' | 'delete',
): Promise<number> {
  const rows = await db.query(sql`
    insert into delivery (purpose, subject, recipient, version, op, priority, aad_object_id, conversation_id, service_url, activity_id)
    select purpose, subject, recipient, ${revision}, ${op}, ${PRIORITY.bulk}, aad_object_id, conversation_id, service_url, activity_id
      from delivery
     where purpose = ${REMINDER_PURPOSE} and subject like ${`${id}:%`} and op = 'send' and state = 'sent'
       and activity_id is not null
    on conflict do nothing returning id`);
  return rows.length;
}

/** Whether the person has read their copy of the announcement (a read receipt covers it). */
export async function announcementRead(db: Db, id: string, recipient: string): Promise<boolean> {
  const rows = await db.query(sql`
    select 1 from delivery d
     where d.purpose = ${PURPOSE} and d.subject = ${id} and d.recipient = ${recipient} and d.version = 1
       and d.op = 'send' and d.state = 'sent' and ${readByRecipient}`);
  return rows.length > 0;
}
