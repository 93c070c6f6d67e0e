import type { Db } from '../db/db.ts';
import type { Logger } from '../shared/logger.ts';
import type { AppInstaller, BroadcastMessenger, DeliveryOutcome } from '../shared/messenger.ts';
import { findAnnouncement, heartbeat } from './announcement.repository.ts';
import type { AnnouncementSettings } from './announcement.settings.ts';
import type { AnnouncementRow, ClaimedRecipient } from './announcement.table.ts';
import { verdictFor } from './delivery.rules.ts';
import type { RateLimiter } from './rate-limiter.ts';
import {
  claimRecipients,
  claimSync,
  fenceClaim,
  finishIfDone,
  nextWorkInMs,
  prepareBatch,
  type RecipientResult,
  recordResult,
  recordSync,
} from './recipient.repository.ts';
import {
  type ClaimedPost,
  claimChannelPost,
  claimChannelSync,
  fenceChannelPost,
  nextChannelWorkInMs,
  recordChannelResult,
  recordChannelSync,
} from './team-channel.repository.ts';

/** What a sender needs; the module wires the real ones, tests may pass their own. */
export interface DeliveryDeps {
  db: Db;
  messenger: BroadcastMessenger;
  limiter: RateLimiter;
  settings: () => Promise<AnnouncementSettings>;
  /** The card for a recipient at the announcement's current revision. */
  card: (a: AnnouncementRow, ackedAt: Date | null) => object;
  recalledCard: (a: AnnouncementRow) => object;
  installer?: AppInstaller;
  logger: Logger;
  random?: () => number;
}

type SyncRow = ClaimedRecipient & { revision: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * One sender ("lane") of an announcement for up to sliceMs: writes the recipient rows if not done
 * yet, then `concurrency` workers each claim one row, wait for the shared limiter, send, and record
 * the answer; then edits of sent cards after "update"/"recall". Returns 'more' when work is left
 * (the job enqueues its successor). Any number of lanes, in any number of processes, can run at
 * once: rows are claimed with SKIP LOCKED, so each message has one sender.
 */
export async function runLane(deps: DeliveryDeps, id: string, sliceMs: number): Promise<'done' | 'more'> {
  const deadline = Date.now() + sliceMs;
  const random = deps.random ?? Math.random;
  while (Date.now() < deadline) {
    const a = await findAnnouncement(deps.db, id);
    if (!a) return 'done';
    const s = await deps.settings();
    await heartbeat(deps.db, id);

    if (a.state === 'sending' && !a.prepared) {
      await prepareBatch(deps.db, id, s.prepareBatchSize);
      continue;
    }
    if (a.state === 'sending') {
      await pool(s.concurrency, deadline, async () => {
        const [row] = await claimRecipients(deps.db, id, 1, s.leaseSeconds);
        if (row) {
          await deliverOne(deps, a, row, s, random);
          return true;
        }
        // Channel posts go through the same workers, limiter and claims as the 1:1 messages.
        const post = await claimChannelPost(deps.db, id, s.leaseSeconds);
        if (!post) return false;
        await deliverPost(deps, a, post, s, random);
        return true;
      });
      if (await finishIfDone(deps.db, id)) {
        deps.logger.info({ announcementId: id }, 'announcement sent to every recipient');
        continue;
      }
    }
    // Edits after "update" or "recall": every sent card, through the same limiter.
    let latest = a;
    await pool(s.concurrency, deadline, async () => {
      const [row] = await claimSync(deps.db, id, 1, s.leaseSeconds);
      const post = row ? undefined : await claimChannelSync(deps.db, id, s.leaseSeconds);
      if (!row && !post) return false;
      const revision = row?.revision ?? post?.revision;
      if (revision !== latest.revision) latest = (await findAnnouncement(deps.db, id)) ?? latest;
      if (row) await syncOne(deps, latest, row, s.maxAttempts, random);
      else if (post) await syncPost(deps, latest, post, s.maxAttempts, random);
      return true;
    });

    const sendWait = a.state === 'sending' ? await nextWorkInMs(deps.db, id, false) : null;
    const syncWait = await nextWorkInMs(deps.db, id, true);
    const postWait = a.state === 'sending' ? await nextChannelWorkInMs(deps.db, id, false) : null;
    const postSyncWait = await nextChannelWorkInMs(deps.db, id, true);
    const waits = [sendWait, syncWait, postWait, postSyncWait].filter((w): w is number => w !== null);
    const current = await findAnnouncement(deps.db, id);
    if (waits.length === 0 && current?.state !== 'sending') return 'done';
    // Rows wait for a Retry-After, a backoff or a dead sender's lease: sleep a little, look again.
    await sleep(Math.min(Math.max(20, Math.min(1_000, ...waits)), deadline - Date.now()));
  }
  return 'more';
}

/** `size` workers run `step` until it reports no work (false) or the slice ends. */
async function pool(size: number, deadline: number, step: () => Promise<boolean>): Promise<void> {
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (Date.now() < deadline && (await step())) {
        // keep going
      }
    }),
  );
}

function resultOf(
  outcome: DeliveryOutcome,
  attempt: number,
  maxAttempts: number,
  random: number,
  revision: number,
): RecipientResult {
  if (outcome.ok)
    return {
      state: 'sent',
      conversationId: outcome.conversationId,
      activityId: outcome.activityId,
      revision,
    };
  if (outcome.reason === 'no_conversation') return { state: 'no_conversation', status: outcome.status };
  if (outcome.reason === 'too_large')
    return { state: 'failed', status: outcome.status ?? 413, error: 'message too large' };
  const verdict = verdictFor(
    {
      ok: false,
      status: outcome.status,
      retryAfterMs: outcome.reason === 'retryable' ? outcome.retryAfterMs : undefined,
      undeliverable: outcome.reason === 'blocked' || outcome.reason === 'not_found',
    },
    attempt,
    maxAttempts,
    random,
  );
  const error = outcome.reason === 'retryable' ? outcome.message : outcome.reason;
  if (verdict.kind === 'retry')
    return { state: 'retry', delayMs: verdict.delayMs, status: outcome.status, error };
  if (verdict.kind === 'undeliverable') return { state: 'undeliverable', status: outcome.status, error };
  return { state: 'failed', status: outcome.status, error };
}

async function deliverOne(
  deps: DeliveryDeps,
  a: AnnouncementRow,
  row: ClaimedRecipient,
  s: AnnouncementSettings,
  random: () => number,
): Promise<void> {
  const maxAttempts = s.maxAttempts;
  const record = (result: RecipientResult) =>
    recordResult(deps.db, a.id, row.employee_id, result, row.attempts);
  let result: RecipientResult;
  try {
    let conversationId = row.conversation_id;
    if (!conversationId) {
      if (!row.aad_object_id) {
        await record({ state: 'no_conversation' });
        return;
      }
      // Creating the 1:1 conversation is a request to the connector too: it takes a slot.
      await deps.limiter.acquire();
      if (!(await fenceClaim(deps.db, a.id, row.employee_id, row.attempts, s.leaseSeconds))) return;
      const opened = await deps.messenger.openConversation(row.aad_object_id);
      if (!opened.ok) {
        // Installing the app makes Teams send the bot a conversationUpdate, which stores the
        // person's conversation; the retry then finds it. Bounded like any retry: a person whose
        // chat never appears ends as no_conversation rather than being retried forever.
        if (opened.reason === 'no_conversation' && deps.installer && row.attempts < maxAttempts) {
          const installed = await deps.installer.install(row.aad_object_id);
          if (installed === 'installed' || installed === 'already_installed' || installed === 'retry') {
            await record({ state: 'retry', delayMs: 5_000, error: `app install: ${installed}` });
            return;
          }
        }
        await record(resultOf(opened, row.attempts, maxAttempts, random(), a.revision));
        return;
      }
      conversationId = opened.conversationId;
    }
    await deps.limiter.acquire(conversationId);
    if (!(await fenceClaim(deps.db, a.id, row.employee_id, row.attempts, s.leaseSeconds))) return;
    const card = a.recalled_at ? deps.recalledCard(a) : deps.card(a, null);
    const outcome = await deps.messenger.postCard(conversationId, card, { summary: a.title });
    result = resultOf(outcome, row.attempts, maxAttempts, random(), a.revision);
  } catch (err) {
    // Our own failure (database, bug): retry later like a network error, never lose the row.
    deps.logger.warn({ err, announcementId: a.id }, 'announcement send failed unexpectedly');
    result = resultOf(
      { ok: false, reason: 'retryable', message: (err as Error).message },
      row.attempts,
      maxAttempts,
      random(),
      a.revision,
    );
  }
  await record(result);
}

async function syncOne(
  deps: DeliveryDeps,
  a: AnnouncementRow,
  row: SyncRow,
  maxAttempts: number,
  random: () => number,
): Promise<void> {
  if (!row.conversation_id || !row.activity_id) {
    await recordSync(deps.db, a.id, row.employee_id, { state: 'done', revision: row.revision });
    return;
  }
  let outcome: DeliveryOutcome;
  try {
    await deps.limiter.acquire(row.conversation_id);
    if (a.recalled_at && a.recall_mode === 'delete')
      outcome = await deps.messenger.removeMessage(row.conversation_id, row.activity_id);
    else if (a.recalled_at)
      outcome = await deps.messenger.editCard(row.conversation_id, row.activity_id, deps.recalledCard(a));
    else
      outcome = await deps.messenger.editCard(
        row.conversation_id,
        row.activity_id,
        deps.card(a, row.acked_at ?? null),
      );
  } catch (err) {
    outcome = { ok: false, reason: 'retryable', message: (err as Error).message };
  }
  const result = resultOf(outcome, row.attempts, maxAttempts, random(), row.revision);
  // A message the person deleted or a chat they blocked cannot be edited: nothing more to do.
  if (result.state === 'sent' || result.state === 'undeliverable' || result.state === 'no_conversation')
    await recordSync(deps.db, a.id, row.employee_id, { state: 'done', revision: row.revision });
  else if (result.state === 'retry')
    await recordSync(deps.db, a.id, row.employee_id, { state: 'retry', delayMs: result.delayMs });
  else
    await recordSync(deps.db, a.id, row.employee_id, {
      state: 'failed',
      error: 'error' in result ? result.error : undefined,
    });
}

/** One channel post: the card into the team's General channel (the same card, the same limiter). */
async function deliverPost(
  deps: DeliveryDeps,
  a: AnnouncementRow,
  post: ClaimedPost,
  s: AnnouncementSettings,
  random: () => number,
): Promise<void> {
  let result: RecipientResult;
  try {
    await deps.limiter.acquire(post.conversation_id);
    if (!(await fenceChannelPost(deps.db, a.id, post.team_id, post.attempts, s.leaseSeconds))) return;
    const card = a.recalled_at ? deps.recalledCard(a) : deps.card(a, null);
    const outcome = await deps.messenger.postCard(post.conversation_id, card, { summary: a.title });
    result = resultOf(outcome, post.attempts, s.maxAttempts, random(), a.revision);
  } catch (err) {
    deps.logger.warn({ err, announcementId: a.id }, 'channel post failed unexpectedly');
    result = resultOf(
      { ok: false, reason: 'retryable', message: (err as Error).message },
      post.attempts,
      s.maxAttempts,
      random(),
      a.revision,
    );
  }
  await recordChannelResult(deps.db, a.id, post.team_id, result, post.attempts);
}

/** "update" / "recall" of a channel post: edit or delete it in place. */
async function syncPost(
  deps: DeliveryDeps,
  a: AnnouncementRow,
  post: ClaimedPost & { revision: number },
  maxAttempts: number,
  random: () => number,
): Promise<void> {
  if (!post.activity_id) {
    await recordChannelSync(deps.db, a.id, post.team_id, { state: 'done', revision: post.revision });
    return;
  }
  let outcome: DeliveryOutcome;
  try {
    await deps.limiter.acquire(post.conversation_id);
    if (a.recalled_at && a.recall_mode === 'delete')
      outcome = await deps.messenger.removeMessage(post.conversation_id, post.activity_id);
    else
      outcome = await deps.messenger.editCard(
        post.conversation_id,
        post.activity_id,
        a.recalled_at ? deps.recalledCard(a) : deps.card(a, null),
      );
  } catch (err) {
    outcome = { ok: false, reason: 'retryable', message: (err as Error).message };
  }
  const result = resultOf(outcome, post.attempts, maxAttempts, random(), post.revision);
  if (result.state === 'sent' || result.state === 'undeliverable' || result.state === 'no_conversation')
    await recordChannelSync(deps.db, a.id, post.team_id, { state: 'done', revision: post.revision });
  else if (result.state === 'retry')
    await recordChannelSync(deps.db, a.id, post.team_id, { state: 'retry', delayMs: result.delayMs });
  else
    await recordChannelSync(deps.db, a.id, post.team_id, {
      state: 'failed',
      error: 'error' in result ? result.error : undefined,
    });
}
