import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.ts';
import type { ProactiveMessenger, SendOptions, SendOutcome } from '../shared/messenger.ts';
import type { DeliveryRow, NewDelivery } from './delivery.table.ts';
import type { DeliveryWorker } from './delivery.worker.ts';
import { enqueue, findDelivery } from './outbox.repository.ts';

/** How long a caller waits for the outcome before it is told to come back later. */
const WAIT_MS = 60_000;
/** Another process's worker may record the outcome: look at the row this often. */
const POLL_MS = 1_000;

/** Thrown when a message is queued but its outcome is not known yet (it will still go out). */
export class StillQueuedError extends Error {
  readonly deliveryId: string;
  constructor(deliveryId: string) {
    super(`message ${deliveryId} is queued; its outcome is not known yet`);
    this.deliveryId = deliveryId;
  }
}

/**
 * ProactiveMessenger over the outbox: every card any capability sends becomes a delivery row,
 * claimed, paced, retried and tracked like all the others. The call resolves with the outcome.
 */
export function createOutboxMessenger(
  db: Db,
  worker: Pick<DeliveryWorker, 'nudge' | 'onSettled'>,
  options: { waitMs?: number } = {},
): ProactiveMessenger {
  async function deliver(message: NewDelivery): Promise<SendOutcome> {
    const queued = await enqueue(db, message);
    const done = outcomeOf(queued.state, await findDelivery(db, queued.id));
    if (done) return done;
    worker.nudge();
    return waitFor(queued.id);
  }

  function waitFor(id: string): Promise<SendOutcome> {
    return new Promise<SendOutcome>((resolve, reject) => {
      let finished = false;
      const finish = (outcome: SendOutcome | Error) => {
        if (finished) return;
        finished = true;
        off();
        clearInterval(poll);
        clearTimeout(timer);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const look = () =>
        findDelivery(db, id)
          .then((fresh) => {
            const outcome = fresh && outcomeOf(fresh.state, fresh);
            if (outcome) finish(outcome);
          })
          .catch((err: Error) => finish(err));
      const off = worker.onSettled((row) => {
        if (row.id === id) void look();
      });
      const poll = setInterval(() => void look(), POLL_MS);
      const timer = setTimeout(() => finish(new StillQueuedError(id)), options.waitMs ?? WAIT_MS);
    });
  }

  const keyed = (o: SendOptions | undefined, fallback: string) => ({
    purpose: o?.purpose ?? 'direct',
    subject: o?.key ?? fallback,
    priority: o?.priority ?? 'personal',
    notBefore: o?.notBefore,
    summary: o?.summary ?? null,
  });

  return {
    sendCard: (to, card, o) =>
      deliver({
        ...keyed(o, randomUUID()),
        recipient: to.aadObjectId,
        aadObjectId: to.aadObjectId,
        card,
      }),
    updateCard: (conversationId, activityId, card, o) =>
      deliver({
        ...keyed(o, `${activityId}:${randomUUID()}`),
        recipient: conversationId,
        op: 'update',
        conversationId,
        activityId,
        card,
      }),
    deleteMessage: (conversationId, activityId, o) =>
      deliver({
        ...keyed(o, `${activityId}:${randomUUID()}`),
        recipient: conversationId,
        op: 'delete',
        conversationId,
        activityId,
      }),
  };
}

/** The caller's view of a recorded row; undefined while it is still due or in flight. */
function outcomeOf(state: string, row: DeliveryRow | undefined): SendOutcome | undefined {
  if (!row) return undefined;
  switch (state) {
    case 'sent':
      return { ok: true, conversationId: row.conversation_id ?? '', activityId: row.activity_id ?? '' };
    case 'no_conversation':
      return { ok: false, reason: 'no_conversation', status: row.last_status ?? undefined };
    case 'undeliverable':
      return {
        ok: false,
        reason: row.last_status === 404 ? 'not_found' : 'blocked',
        status: row.last_status ?? undefined,
      };
    case 'failed':
      if (row.last_status === 413) return { ok: false, reason: 'too_large', status: 413 };
      throw new Error(
        `message ${row.id} failed after ${row.attempts} attempts: ${row.last_error ?? row.last_status}`,
      );
    case 'cancelled':
      return { ok: false, reason: 'not_found' };
    default:
      return undefined;
  }
}
