import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { fragment, type SqlFragment, sql } from '../db/sql.ts';
import type { DraftInput } from './announcement.schema.ts';
import type {
  AnnouncementRow,
  AnnouncementState,
  AudienceSpec,
  ClaimedRecipient,
  RecipientState,
} from './announcement.table.ts';
import { prepareChannelPosts } from './team-channel.repository.ts';

/** Active employees the audience names (alias e = employee, s = section). */
function audienceWhere(a: AudienceSpec): SqlFragment {
  const wantsManager = a.roles.includes('manager');
  const roles = a.roles.filter((r) => r !== 'manager');
  return fragment`e.active and (
    ${a.everyone}::boolean
    or s.bureau_id = any(${a.bureauIds}::uuid[])
    or e.section_id = any(${a.sectionIds}::uuid[])
    or e.id = any(${a.employeeIds}::uuid[])
    or exists (select 1 from role_assignment ra where ra.employee_id = e.id and ra.role = any(${roles}::text[]))
    or (${wantsManager}::boolean and exists (select 1 from employee r where r.manager_id = e.id and r.active)))`;
}

export async function countAudience(db: Db, audience: AudienceSpec): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql`
    select count(*)::int as n from employee e join section s on s.id = e.section_id where ${audienceWhere(audience)}`);
  return row?.n ?? 0;
}

/** Resolves uploaded UPNs / employee numbers; unknown entries come back with their line. */
export async function resolvePeople(
  db: Db,
  entries: { line: number; value: string }[],
): Promise<{ employeeIds: string[]; unknown: { line: number; value: string }[] }> {
  const values = entries.map((e) => e.value.toLowerCase());
  const rows = await db.query<{ id: string; upn: string | null; employee_no: string }>(sql`
    select id, lower(upn) as upn, lower(employee_no) as employee_no from employee
     where active and (lower(upn) = any(${values}::text[]) or lower(employee_no) = any(${values}::text[]))`);
  const byKey = new Map<string, string>();
  for (const r of rows) {
    if (r.upn) byKey.set(r.upn, r.id);
    byKey.set(r.employee_no, r.id);
  }
  const ids = new Set<string>();
  const unknown: { line: number; value: string }[] = [];
  for (const e of entries) {
    const id = byKey.get(e.value.toLowerCase());
    if (id) ids.add(id);
    else unknown.push(e);
  }
  return { employeeIds: [...ids], unknown };
}

export async function insertDraft(db: Db, createdBy: string, d: DraftInput): Promise<AnnouncementRow> {
  const [row] = await db.query<AnnouncementRow>(sql`
    insert into announcement (title, body, image_url, links, ack_enabled, language, audience, created_by)
    values (${d.title}, ${d.body}, ${d.imageUrl}, ${JSON.stringify(d.links)}, ${d.ackEnabled}, ${d.language}, ${JSON.stringify(d.audience)}, ${createdBy})
    returning *`);
  return row as AnnouncementRow;
}

/** Edits a draft only: a submitted announcement is changed with "update" after sending. */
export async function updateDraft(db: Db, id: string, d: DraftInput): Promise<AnnouncementRow | undefined> {
  return maybeOne<AnnouncementRow>(
    db,
    sql`
    update announcement set title = ${d.title}, body = ${d.body}, image_url = ${d.imageUrl}, links = ${JSON.stringify(d.links)},
           ack_enabled = ${d.ackEnabled}, language = ${d.language}, audience = ${JSON.stringify(d.audience)}, updated_at = now()
     where id = ${id} and state = 'draft' returning *`,
  );
}

export const findAnnouncement = (db: Db, id: string) =>
  maybeOne<AnnouncementRow>(db, sql`select * from announcement where id = ${id}`);

export async function listAnnouncements(db: Db, limit = 50): Promise<AnnouncementRow[]> {
  return db.query<AnnouncementRow>(sql`select * from announcement order by created_at desc limit ${limit}`);
}

/** A state change that only happens from the given states (two clicks or two instances: one wins). */
export async function transition(
  db: Db,
  id: string,
  from: AnnouncementState[],
  to: AnnouncementState,
  extra: { approvedBy?: string; scheduledAt?: Date | null } = {},
): Promise<AnnouncementRow | undefined> {
  return maybeOne<AnnouncementRow>(
    db,
    sql`
    update announcement set state = ${to}, updated_at = now(),
           approved_by = coalesce(${extra.approvedBy ?? null}::uuid, approved_by),
           scheduled_at = case when ${extra.scheduledAt !== undefined} then ${extra.scheduledAt ?? null}::timestamptz else scheduled_at end,
           send_started_at = case when ${to} = 'sending' then coalesce(send_started_at, now()) else send_started_at end
     where id = ${id} and state = any(${from}::text[]) returning *`,
  );
}

/** Scheduled announcements whose time has come (the caller's clock, so tests can move it). */
export async function dueScheduled(db: Db, now: Date): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    sql`select id from announcement where state = 'scheduled' and scheduled_at <= ${now}`,
  );
  return rows.map((r) => r.id);
}

/** Announcements with work left whose senders have not been heard from for a while. */
export async function stalledWork(db: Db, staleSeconds: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(sql`
    select a.id from announcement a
     where (a.lane_heartbeat_at is null or a.lane_heartbeat_at < now() - ${staleSeconds} * interval '1 second')
       and (a.state = 'sending'
            or exists (select 1 from announcement_recipient r where r.announcement_id = a.id and r.state = 'sent'
                          and r.synced_revision < a.revision and r.sync_state <> 'failed')
            or exists (select 1 from announcement_channel_post p where p.announcement_id = a.id and p.state = 'sent'
                          and p.synced_revision < a.revision and p.sync_state <> 'failed'))`);
  return rows.map((r) => r.id);
}

export async function heartbeat(db: Db, id: string): Promise<void> {
  await db.query(sql`update announcement set lane_heartbeat_at = now() where id = ${id}`);
}

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

/** Idempotent: the first acknowledgement's time is kept. */
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

/** Settings of this capability (one row in `setting`), merged over the defaults by the caller. */
export async function readAnnouncementSettings(db: Db): Promise<Record<string, unknown>> {
  const row = await maybeOne<{ value: Record<string, unknown> }>(
    db,
    sql`select value from setting where key = 'announcements'`,
  );
  return row?.value ?? {};
}
