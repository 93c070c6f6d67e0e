import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';
import { audienceWhere } from './announcement.repository.ts';
import type { DraftInput } from './announcement.schema.ts';
import type { AnnouncementRow, ClaimedRecipient, RecipientState } from './announcement.table.ts';
import { prepareChannelPosts } from './team-channel.repository.ts';

/**
 * The delivery state machine of recipient rows: written in keyset batches, claimed with leases
 * (SKIP LOCKED), fenced, recorded, and re-synced after "update" or "recall".
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
    const batch = await tx.query<{ employee_id: string }>(sql`
      insert into announcement_recipient (announcement_id, employee_id, aad_object_id, bureau_id, state)
      select ${id}, e.id, e.entra_oid::text, s.bureau_id, case when e.entra_oid is null then 'no_conversation' else 'pending' end
        from employee e join section s on s.id = e.section_id
       where e.id > ${cursor}::uuid and ${audienceWhere(a.audience)}
       order by e.id limit ${batchSize}
      on conflict do nothing
      returning employee_id`);
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

/**
 * Claims recipients for sending. SKIP LOCKED lets several senders (lanes, instances) take
 * different rows; a row stays in_flight under a lease, so a sender killed mid-request leaves rows
 * that another claims again once the lease is over — the only way a message can go out twice.
 */
export async function claimRecipients(
  db: Db,
  id: string,
  n: number,
  leaseSeconds: number,
): Promise<ClaimedRecipient[]> {
  return db.query<ClaimedRecipient>(sql`
    with picked as (
      select employee_id from announcement_recipient
       where announcement_id = ${id}
         and exists (select 1 from announcement where id = ${id} and state = 'sending')
         and ((state = 'pending' and next_attempt_at <= now()) or (state = 'in_flight' and claimed_until < now()))
       order by next_attempt_at
       limit ${n}
       for update skip locked)
    update announcement_recipient r
       set state = 'in_flight', attempts = r.attempts + 1, claimed_until = now() + ${leaseSeconds} * interval '1 second'
      from picked
     where r.announcement_id = ${id} and r.employee_id = picked.employee_id
    returning r.employee_id, r.aad_object_id, r.attempts,
              coalesce(r.conversation_id, (select c.conversation_id from conversation_ref c where c.aad_object_id = r.aad_object_id)) as conversation_id,
              r.activity_id,
              (select e.locale from employee e where e.id = r.employee_id) as locale`);
}

/**
 * Right before the request goes out: is the row still this sender's claim (same attempt, lease not
 * taken over)? Then the lease restarts from now. A sender that waited too long (slow limiter,
 * paused process) finds it gone and sends nothing, so a reclaimed row is never sent twice by
 * live senders; only a request already on the wire at a crash can be.
 */
export async function fenceClaim(
  db: Db,
  id: string,
  employeeId: string,
  attempts: number,
  leaseSeconds: number,
): Promise<boolean> {
  const rows = await db.query(sql`
    update announcement_recipient set claimed_until = now() + ${leaseSeconds} * interval '1 second'
     where announcement_id = ${id} and employee_id = ${employeeId} and state = 'in_flight' and attempts = ${attempts}
       and claimed_until > now()
    returning 1`);
  return rows.length > 0;
}

export type RecipientResult =
  | { state: 'sent'; conversationId: string; activityId: string; revision: number; status?: number }
  | { state: 'retry'; delayMs: number; status?: number; error?: string }
  | { state: Exclude<RecipientState, 'pending' | 'in_flight' | 'sent'>; status?: number; error?: string };

/** Records what happened to a claimed row (only while it is still this claim's: state in_flight). */
export async function recordResult(
  db: Db,
  id: string,
  employeeId: string,
  result: RecipientResult,
  attempts?: number,
): Promise<void> {
  // With the claim's attempt number, a result only counts for the claim that produced it.
  const mine = attempts === undefined ? fragment`true` : fragment`attempts = ${attempts}`;
  if (result.state === 'sent') {
    await db.query(sql`
      update announcement_recipient set state = 'sent', conversation_id = ${result.conversationId}, activity_id = ${result.activityId},
             sent_at = now(), claimed_until = null, last_status = ${result.status ?? 201}, last_error = null, synced_revision = ${result.revision}
       where announcement_id = ${id} and employee_id = ${employeeId} and state = 'in_flight' and ${mine}`);
  } else if (result.state === 'retry') {
    await db.query(sql`
      update announcement_recipient set state = 'pending', claimed_until = null, last_status = ${result.status ?? null}, last_error = ${result.error ?? null},
             next_attempt_at = now() + ${result.delayMs} * interval '1 millisecond'
       where announcement_id = ${id} and employee_id = ${employeeId} and state = 'in_flight' and ${mine}`);
  } else {
    await db.query(sql`
      update announcement_recipient set state = ${result.state}, claimed_until = null, last_status = ${result.status ?? null}, last_error = ${result.error ?? null}
       where announcement_id = ${id} and employee_id = ${employeeId} and state = 'in_flight' and ${mine}`);
  }
}

/** When nothing is pending or in flight any more, the announcement is sent. */
export async function finishIfDone(db: Db, id: string): Promise<boolean> {
  const rows = await db.query(sql`
    update announcement set state = 'sent', sent_at = now(), updated_at = now()
     where id = ${id} and state = 'sending' and prepared
       and not exists (select 1 from announcement_recipient where announcement_id = ${id} and state in ('pending', 'in_flight'))
       and not exists (select 1 from announcement_channel_post where announcement_id = ${id} and state in ('pending', 'in_flight'))
    returning id`);
  return rows.length > 0;
}

/** Milliseconds until the next row can be claimed (a retry's time or an expired lease); null if none. */
export async function nextWorkInMs(db: Db, id: string, sync: boolean): Promise<number | null> {
  const [row] = await db.query<{ ms: number | null }>(
    sync
      ? sql`select (extract(epoch from min(greatest(case when r.sync_state = 'in_flight' then r.sync_claimed_until else r.sync_next_at end, now())) - now()) * 1000)::float8 as ms
              from announcement_recipient r join announcement a on a.id = r.announcement_id
             where r.announcement_id = ${id} and r.state = 'sent' and r.synced_revision < a.revision and r.sync_state <> 'failed'`
      : sql`select (extract(epoch from min(greatest(case when state = 'in_flight' then claimed_until else next_attempt_at end, now())) - now()) * 1000)::float8 as ms
              from announcement_recipient where announcement_id = ${id} and state in ('pending', 'in_flight')`,
  );
  return row?.ms === null || row?.ms === undefined ? null : Number(row.ms);
}

/** Sent cards whose recipients still see an older revision (after "update" or "recall"). */
export async function claimSync(
  db: Db,
  id: string,
  n: number,
  leaseSeconds: number,
): Promise<(ClaimedRecipient & { revision: number })[]> {
  return db.query(sql`
    with a as (select revision from announcement where id = ${id}),
    picked as (
      select employee_id from announcement_recipient, a
       where announcement_id = ${id} and state = 'sent' and synced_revision < a.revision
         and ((sync_state = 'idle' and sync_next_at <= now()) or (sync_state = 'in_flight' and sync_claimed_until < now()))
       limit ${n}
       for update of announcement_recipient skip locked)
    update announcement_recipient r
       set sync_state = 'in_flight', sync_attempts = r.sync_attempts + 1, sync_claimed_until = now() + ${leaseSeconds} * interval '1 second'
      from picked, a
     where r.announcement_id = ${id} and r.employee_id = picked.employee_id
    returning r.employee_id, r.aad_object_id, r.sync_attempts as attempts, r.conversation_id, r.activity_id, a.revision, r.acked_at,
              (select e.locale from employee e where e.id = r.employee_id) as locale`);
}

export async function recordSync(
  db: Db,
  id: string,
  employeeId: string,
  result:
    | { state: 'done'; revision: number }
    | { state: 'retry'; delayMs: number }
    | { state: 'failed'; error?: string },
): Promise<void> {
  if (result.state === 'done')
    await db.query(sql`update announcement_recipient set synced_revision = greatest(synced_revision, ${result.revision}), sync_state = 'idle', sync_attempts = 0, sync_claimed_until = null
                        where announcement_id = ${id} and employee_id = ${employeeId}`);
  else if (result.state === 'retry')
    await db.query(sql`update announcement_recipient set sync_state = 'idle', sync_claimed_until = null, sync_next_at = now() + ${result.delayMs} * interval '1 millisecond'
                        where announcement_id = ${id} and employee_id = ${employeeId}`);
  else
    await db.query(sql`update announcement_recipient set sync_state = 'failed', sync_claimed_until = null, last_error = ${result.error ?? null}
                        where announcement_id = ${id} and employee_id = ${employeeId}`);
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
           ack_enabled = coalesce(${c?.ackEnabled ?? null}, ack_enabled),
           recalled_at = case when ${change.recallMode !== undefined} then now() else recalled_at end,
           recall_mode = coalesce(${change.recallMode ?? null}, recall_mode)
     where id = ${id} and state in ('sending', 'sent') and recalled_at is null
    returning *`,
  );
}
