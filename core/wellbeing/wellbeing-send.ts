import type { Db } from '../db/db.ts';
import { StillQueuedError } from '../delivery/outbox.messenger.ts';
import { queuedKeys } from '../delivery/outbox.repository.ts';
import { quietHoursOf } from '../org/preference.repository.ts';
import type { Logger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import { isQuietTime } from '../shared/quiet-hours.ts';

export interface Outgoing {
  oid: string;
  card: object;
  purpose: string;
  key: string;
  /** Runs once the message is in the outbox (e.g. the audit of a personal read by the recipient). */
  onQueued?: () => Promise<void>;
}

/**
 * Who may get a card of this purpose now: nobody whose card under that key is already in the outbox
 * (an earlier run, another process), nobody in their quiet hours.
 */
export async function mayReceive(
  db: Db,
  purpose: string,
  keys: readonly string[],
  employeeIds: readonly string[],
  now: Date,
): Promise<(employeeId: string, oid: string, key: string) => boolean> {
  const done = await queuedKeys(db, purpose, keys);
  const quiet = await quietHoursOf(db, employeeIds);
  return (employeeId, oid, key) => {
    if (done.has(`${key}|${oid}`)) return false;
    const q = quiet.get(employeeId);
    return !(q && isQuietTime(now, q));
  };
}

/** How many cards one run waits on at once (the outbox worker paces the requests themselves). */
const CONCURRENCY = 8;

/**
 * Puts the cards into the one outbox, keyed (purpose, key, recipient): a second run — another
 * process, a retry — joins the same rows, so each goes out once. A card still queued when the wait
 * ends is not an error (it will go out). Any other failure fails the run after all were tried, so
 * pg-boss retries it; the retry re-sends nothing that was already queued.
 */
export async function sendAll(
  messenger: ProactiveMessenger,
  logger: Logger,
  items: readonly Outgoing[],
): Promise<{ queued: number; failed: number }> {
  let next = 0;
  let failed = 0;
  const one = async (item: Outgoing) => {
    // Both are observed from the start: the send may settle while the audit is still being written.
    const [sent, audited] = await Promise.allSettled([
      messenger.sendCard({ aadObjectId: item.oid }, item.card, {
        purpose: item.purpose,
        key: item.key,
        priority: 'personal',
      }),
      item.onQueued?.(),
    ]);
    const err =
      sent.status === 'rejected' && !(sent.reason instanceof StillQueuedError)
        ? sent.reason
        : audited.status === 'rejected'
          ? audited.reason
          : undefined;
    if (err === undefined) return;
    failed++;
    logger.warn({ err, purpose: item.purpose }, 'wellbeing card not sent; the job will retry');
  };
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await one(items[next++] as Outgoing);
    }),
  );
  if (failed > 0) throw new Error(`${failed} of ${items.length} wellbeing cards failed`);
  return { queued: items.length, failed };
}
