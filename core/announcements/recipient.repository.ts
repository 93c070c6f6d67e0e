import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { fragment, type SqlFragment, sql } from '../db/sql.ts';
import { PRIORITY } from '../delivery/delivery.table.ts';
import { audienceWhere } from './announcement.repository.ts';
import type { DraftInput } from './announcement.schema.ts';
import { type AnnouncementRow, CHANNEL_PURPOSE, PURPOSE } from './announcement.table.ts';
import { prepareChannelPosts } from './team-channel.repository.ts';

/**
 * An announcement's messages in the outbox (core/delivery): one `send` row per recipient written in
 * keyset batches, and after "update"/"recall" one `update`/`delete` row per card already sent.
 * Claiming, pacing, retries and leases are the outbox's, shared with every other message.
 */

/**
 * Writes the next batch of recipient rows in employee-id order (keyset pagination): memory stays
 * flat whatever the audience size, and a restarted job continues from the stored cursor. The row
 * lock on the announcement serialises senders that prepare at the same time.
 */
export async function prepareBatch(
  db: Db,
  id: string,
  batchSize: number,
): Promise<{ added: number; done: boolean }> {
  return db.transaction(async (tx) => {
    const a = await maybeOne<AnnouncementRow>(
      tx,
      sql`select * from announcement where id = ${id} for update`,
    );
    if (!a || a.prepared) return { added: 0, done: true };
    const cursor = a.prepare_cursor ?? '00000000-0000-0000-0000-000000000000';
    // A broadcast is bulk: alerts and personal reminders are claimed before any of its rows.
    const batch = await tx.query<{ employee_id: string }>(sql`
      insert into delivery (purpose, subject, recipient, version, op, priority, state, aad_object_id)
      select ${PURPOSE}, ${id}, e.id::text, 1, 'send', ${PRIORITY.bulk}, case when e.entra_oid is null then 'no_conversation' else 'due' end,
             e.entra_oid::text
        from employee e join section s on s.id = e.section_id
       where e.id > ${cursor}::uuid and ${audienceWhere(a.audience)}
       order by e.id limit ${batchSize}
      on conflict do nothing
      returning recipient as employee_id`);
    const last = batch
      .map((r) => r.employee_id)
      .sort()
      .at(-1);
    const done = batch.length < batchSize;
    // Channel posts are written with the last batch, in this transaction: once and only once.
    if (done)
      await prepareChannelPosts(tx, id, {
        allTeams: a.audience.allTeams ?? false,
        teamIds: a.audience.teamIds ?? [],
      });
    await tx.query(sql`
      update announcement set prepare_cursor = coalesce(${last ?? null}::uuid, prepare_cursor), prepared = ${done},
             recipient_count = coalesce(recipient_count, 0) + ${batch.length}
       where id = ${id}`);
    return { added: batch.length, done };
  });
}

/** Every message of the announcement has an outcome: it is "sent" (as a whole). */
export async function finishIfDone(db: Db, id: string): Promise<boolean> {
  const rows = await db.query(sql`
    update announcement set state = 'sent', sent_at = now(), updated_at = now()
     where id = ${id} and state = 'sending' and prepared
       and not exists (select 1 from delivery where purpose = ${PURPOSE} and subject = ${id} and state in ('due', 'in_flight'))
       and not exists (select 1 from delivery where purpose = ${CHANNEL_PURPOSE} and subject = ${id} and state in ('due', 'in_flight'))
    returning id`);
  return rows.length > 0;
}

/** Sending announcements whose recipient rows are not all written yet (a restart continues them). */
export async function unprepared(db: Db): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    sql`select id from announcement where state = 'sending' and not prepared`,
  );
  return rows.map((r) => r.id);
}

/** Sending announcements with nothing left due: the dispatcher closes them (nothing else may). */
export async function sendingIds(db: Db): Promise<string[]> {
  const rows = await db.query<{ id: string }>(sql`select id from announcement where state = 'sending'`);
  return rows.map((r) => r.id);
}

/** Sent cards (the rows `which` picks) again as an edit or delete at `revision`; idempotent on the key. */
async function enqueueEditsWhere(
  db: Db,
  which: SqlFragment,
  revision: number,
  op: 'update' | 'delete',
): Promise<void> {
  await db.query(sql`
    insert into delivery (purpose, subject, recipient, version, op, priority, aad_object_id, conversation_id, service_url, activity_id)
    select purpose, subject, recipient, ${revision}, ${op}, ${PRIORITY.bulk}, aad_object_id, conversation_id, service_url, activity_id
      from delivery
     where ${which} and state = 'sent' and activity_id is not null
    on conflict do nothing`);
}

/**
 * An edit (or delete) of every card of this announcement already sent, at revision `revision`;
 * older edits still waiting are superseded (their render cancels them). Idempotent on the key.
 */
export function enqueueEdits(db: Db, id: string, revision: number, op: 'update' | 'delete'): Promise<void> {
  return enqueueEditsWhere(
    db,
    fragment`purpose in (${PURPOSE}, ${CHANNEL_PURPOSE}) and subject = ${id} and op = 'send'`,
    revision,
    op,
  );
}

/** The same for one card that went out after the edit was decided (it carries the older revision). */
export function enqueueEditOf(
  db: Db,
  row: { purpose: string; subject: string; recipient: string },
  revision: number,
  op: 'update' | 'delete',
): Promise<void> {
  return enqueueEditsWhere(
    db,
    fragment`purpose = ${row.purpose} and subject = ${row.subject} and recipient = ${row.recipient} and version = 1`,
    revision,
    op,
  );
}

/** When this person acknowledged (their edited card keeps showing it). */
export async function ackedAt(db: Db, id: string, employeeId: string): Promise<Date | null> {
  const [row] = await db.query<{ acked_at: Date }>(
    sql`select acked_at from announcement_ack where announcement_id = ${id} and employee_id = ${employeeId}::uuid`,
  );
  return row?.acked_at ?? null;
}

/** "update" and "recall" bump the revision; every sent card is then edited by the senders. */
export async function bumpRevision(
  db: Db,
  id: string,
  change: { content?: DraftInput; recallMode?: 'delete' | 'notice' },
): Promise<AnnouncementRow | undefined> {
  const c = change.content;
  return maybeOne<AnnouncementRow>(
    db,
    sql`
    update announcement set revision = revision + 1, updated_at = now(),
           title = coalesce(${c?.title ?? null}, title), body = coalesce(${c?.body ?? null}, body),
           image_url = case when ${c !== undefined} then ${c?.imageUrl ?? null} else image_url end,
           links = coalesce(${c ? JSON.stringify(c.links) : null}::jsonb, links),
           files = coalesce(${c ? JSON.stringify(c.files ?? []) : null}::jsonb, files),
           ack_enabled = coalesce(${c?.ackEnabled ?? null}, ack_enabled),
           recalled_at = case when ${change.recallMode !== undefined} then now() else recalled_at end,
           recall_mode = coalesce(${change.recallMode ?? null}, recall_mode)
     where id = ${id} and state in ('sending', 'sent') and recalled_at is null
    returning *`,
  );
}
