import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';
import { type DeliveryRow, type FinalState, type NewDelivery, PRIORITY } from './delivery.table.ts';

/**
 * Every statement of the outbox (pg-boss's plans.js habit: the SQL of one subsystem in one file).
 * The claim is the only way a row becomes in_flight, and a recorded result counts only for the
 * claim that produced it (fenced by its attempt number).
 */

/**
 * Puts one message in the outbox. Idempotent on its key: an existing row is kept as it is, except
 * a failed one, which a new request starts again (a later job run is a new chain of attempts).
 * Returns the row's id and state.
 */
export async function enqueue(db: Db, d: NewDelivery): Promise<{ id: string; state: string }> {
  const [row] = await db.query<{ id: string; state: string }>(sql`
    insert into delivery as x (purpose, subject, recipient, version, op, priority, ready_at, aad_object_id, conversation_id,
                               service_url, activity_id, card, summary)
    values (${d.purpose}, ${d.subject}, ${d.recipient}, ${d.version ?? 1}, ${d.op ?? 'send'}, ${PRIORITY[d.priority ?? 'personal']},
            coalesce(${d.notBefore?.toISOString() ?? null}::timestamptz, now()), ${d.aadObjectId ?? null}, ${d.conversationId ?? null},
            ${d.serviceUrl ?? null}, ${d.activityId ?? null}, ${d.card ? JSON.stringify(d.card) : null}::jsonb, ${d.summary ?? null})
    on conflict (purpose, subject, recipient, version) do update
      set state = 'due', attempts = 0, ready_at = now(), card = coalesce(excluded.card, x.card)
      where x.state = 'failed'
    returning id::text, state`);
  if (row) return row;
  const existing = await maybeOne<{ id: string; state: string }>(
    db,
    sql`select id::text, state from delivery where purpose = ${d.purpose} and subject = ${d.subject}
           and recipient = ${d.recipient} and version = ${d.version ?? 1}`,
  );
  if (!existing) throw new Error('delivery row vanished while enqueuing');
  return existing;
}

/**
 * Puts messages that render their card at send time (a Purpose's `render`) in the outbox, in one
 * statement. Keys already there are left as they are: enqueuing again never sends twice.
 */
export async function enqueueAll(
  db: Db,
  rows: readonly Pick<
    NewDelivery,
    'purpose' | 'subject' | 'recipient' | 'priority' | 'aadObjectId' | 'notBefore'
  >[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(sql`
    insert into delivery (purpose, subject, recipient, priority, ready_at, aad_object_id)
    select p, s, r, pr, coalesce(nb, now()), aad
      from unnest(${rows.map((r) => r.purpose)}::text[], ${rows.map((r) => r.subject)}::text[],
                  ${rows.map((r) => r.recipient)}::text[], ${rows.map((r) => PRIORITY[r.priority ?? 'personal'])}::smallint[],
                  ${rows.map((r) => r.notBefore?.toISOString() ?? null)}::timestamptz[],
                  ${rows.map((r) => r.aadObjectId ?? null)}::text[]) as t(p, s, r, pr, nb, aad)
    on conflict (purpose, subject, recipient, version) do nothing`);
}

/**
 * Claims up to n messages that are due (or whose lease ran out: a crashed worker's), most urgent
 * first. One range scan of the partial index delivery_due_idx (priority, ready_at) — its size is
 * what is waiting or in flight, whatever the table holds; it passes over the few urgent or
 * personal rows not due yet (a retry's wait) before the bulk ones — and SKIP LOCKED, so any number
 * of workers take different rows.
 */
export async function claim(db: Db, n: number, leaseMs: number, worker: string): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>(sql`
    with picked as (
      select id from delivery
       where state in ('due', 'in_flight') and ready_at <= now()
       order by priority, ready_at
       limit ${n}
       for update skip locked)
    update delivery d
       set state = 'in_flight', attempts = d.attempts + 1, ready_at = now() + ${leaseMs} * interval '1 millisecond',
           claimed_by = ${worker}
      from picked
     where d.id = picked.id
    returning d.id::text, d.purpose, d.subject, d.recipient, d.version, d.op, d.priority, d.state, d.attempts, d.throttled,
              d.aad_object_id, d.conversation_id, d.service_url, d.activity_id, d.card, d.summary, d.last_status, d.last_error, d.sent_at`);
}

/**
 * The worker's heartbeat: its claims stay its own while it lives. A worker killed with -9 stops
 * beating and its rows are claimed again when the lease (seconds) ends.
 */
export async function extendLeases(
  db: Db,
  claims: readonly { id: string; attempts: number }[],
  leaseMs: number,
): Promise<void> {
  if (claims.length === 0) return;
  await db.query(sql`
    update delivery d set ready_at = now() + ${leaseMs} * interval '1 millisecond'
      from unnest(${claims.map((c) => c.id)}::bigint[], ${claims.map((c) => c.attempts)}::int[]) as c(id, attempts)
     where d.id = c.id and d.attempts = c.attempts and d.state = 'in_flight'`);
}

/**
 * Right before the request goes out: is the row still this claim's (lease not taken over)? A
 * worker that waited too long (paused process) finds it gone and sends nothing, so a reclaimed
 * row is never sent by two live workers; only a request already on the wire at a crash can be.
 */
export async function stillMine(db: Db, id: string, attempts: number, leaseMs: number): Promise<boolean> {
  const rows = await db.query(sql`
    update delivery set ready_at = now() + ${leaseMs} * interval '1 millisecond'
     where id = ${id} and state = 'in_flight' and attempts = ${attempts} and ready_at > now()
    returning 1`);
  return rows.length > 0;
}

export type DeliveryResult =
  | { state: 'sent'; conversationId: string; activityId: string; serviceUrl?: string; status?: number }
  | { state: 'retry'; delayMs: number; status?: number; error?: string; throttled?: boolean }
  | { state: Exclude<FinalState, 'sent'>; status?: number; error?: string };

/** Records what happened to a claimed row; false when the claim was no longer this worker's. */
export async function record(
  db: Db,
  claimed: { id: string; attempts: number },
  result: DeliveryResult,
): Promise<boolean> {
  const mine = fragment`where id = ${claimed.id} and state = 'in_flight' and attempts = ${claimed.attempts} returning 1`;
  let rows: unknown[];
  if (result.state === 'sent')
    rows = await db.query(sql`
      update delivery set state = 'sent', conversation_id = ${result.conversationId}, activity_id = ${result.activityId},
             service_url = coalesce(${result.serviceUrl ?? null}, service_url), sent_at = now(),
             last_status = ${result.status ?? 201}, last_error = null
       ${mine}`);
  else if (result.state === 'retry')
    rows = await db.query(sql`
      update delivery set state = 'due', ready_at = now() + ${Math.max(0, Math.round(result.delayMs))} * interval '1 millisecond',
             last_status = ${result.status ?? null}, last_error = ${result.error ?? null},
             throttled = throttled + ${result.throttled ? 1 : 0}
       ${mine}`);
  else
    rows = await db.query(sql`
      update delivery set state = ${result.state}, last_status = ${result.status ?? null}, last_error = ${result.error ?? null}
       ${mine}`);
  return rows.length > 0;
}

/** Milliseconds until the earliest waiting row of any priority is due; null when nothing waits. */
export async function nextDueInMs(db: Db): Promise<number | null> {
  const [row] = await db.query<{ ms: number | null }>(sql`
    select (extract(epoch from min(ready_at) - now()) * 1000)::float8 as ms
      from (select min(ready_at) as ready_at from delivery where state in ('due', 'in_flight') group by priority) p`);
  return row?.ms === null || row?.ms === undefined ? null : Number(row.ms);
}

/** A row as the caller who enqueued it sees it (the outbox messenger waits on this). */
export async function findDelivery(db: Db, id: string): Promise<DeliveryRow | undefined> {
  return maybeOne<DeliveryRow>(
    db,
    sql`select id::text, purpose, subject, recipient, version, op, priority, state, attempts, throttled, aad_object_id,
               conversation_id, service_url, activity_id, null as card, summary, last_status, last_error, sent_at
          from delivery where id = ${id}`,
  );
}

/**
 * Which of these subjects already have a message of this purpose in the outbox (`subject|recipient`),
 * in any state but failed: a job that runs often asks once instead of re-enqueueing (and re-auditing)
 * what it already sent. Enqueueing again would still be harmless (the key joins the existing row).
 */
export async function queuedKeys(db: Db, purpose: string, subjects: readonly string[]): Promise<Set<string>> {
  if (subjects.length === 0) return new Set();
  const rows = await db.query<{ subject: string; recipient: string }>(sql`
    select subject, recipient from delivery
     where purpose = ${purpose} and subject = any(${[...new Set(subjects)]}::text[]) and state <> 'failed'`);
  return new Set(rows.map((r) => `${r.subject}|${r.recipient}`));
}
