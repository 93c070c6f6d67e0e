import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import {
  type DeliveryLimits,
  earliestConversationSlot,
  pruneSends,
  violatesWindows,
  type WindowLimit,
} from './delivery.rules.ts';

/**
 * The one limiter for the whole app across processes. Written by hand because its state must be
 * shared by every instance through PostgreSQL (in-process limiters such as bottleneck or p-limit
 * only see their own process, and two instances would then send at twice Teams' rate).
 *
 * It is a reservation clock: each request takes the next free slot (one every 1/rate s) with one
 * statement, checks it against the conversation's windows, and then waits for it locally; nothing sleeps while holding a lock, and a 429
 * delays only the recipient it answered (the engine reschedules that row), never the others.
 * The clock is the database's, so instances on different hosts agree.
 */
export interface RateLimiter {
  /** Waits until one request may go out (to this conversation, when known). */
  acquire(conversationId?: string): Promise<void>;
  /** What the connector answered: 429s slow every process down, quiet periods speed it back up. */
  feedback(throttled: boolean): void;
}

/**
 * Pacing: the target is just under Teams' limit (the margin absorbs timing jitter between the slot
 * and the request's arrival, which at exactly 50/s became 429s), and a 429 cuts the shared
 * factor by `cut` (at most once per `cutEveryMs` per process, down to `floor`); each quiet
 * `recoverMs` gives `step` back, up to 1. Cuts are small and recovery quick because a 429 from
 * jitter costs one slot, while a deep cut costs many. Teams does not document whether rejected requests count towards the
 * 50/s; we assume they do, so a burst of 429s is expensive and backing off at once is cheaper.
 */
export const PACING = {
  margin: 0.975,
  cut: 0.985,
  cutEveryMs: 2_000,
  floor: 0.9,
  step: 0.01,
  recoverMs: 1_000,
} as const;

const GLOBAL_KEY = 'bot-connector';

export function createRateLimiter(
  db: Db,
  limits: () => DeliveryLimits,
  wait: (ms: number) => Promise<void> = delay,
): RateLimiter {
  /**
   * The shared clock: one statement, so the one hot row is locked only while it runs. The slot's
   * length is 1/(rate × margin × factor), the factor being the one every process adapts.
   */
  async function globalSlot(
    intervalMs: number,
    earliestMs: number,
  ): Promise<{ slotMs: number; nowMs: number }> {
    const [row] = await db.query<{ slot_ms: number; now_ms: number }>(sql`
      insert into rate_limit_slot as r (key, next_free)
      values (${GLOBAL_KEY}, greatest(clock_timestamp(), to_timestamp(${earliestMs}::float8 / 1000)) + ${intervalMs}::float8 * interval '1 millisecond')
      on conflict (key) do update
        set next_free = greatest(r.next_free, clock_timestamp(), to_timestamp(${earliestMs}::float8 / 1000)) + ${intervalMs}::float8 / r.factor * interval '1 millisecond'
      returning (extract(epoch from r.next_free) * 1000)::float8 - ${intervalMs}::float8 / r.factor as slot_ms,
                (extract(epoch from clock_timestamp()) * 1000)::float8 as now_ms`);
    return { slotMs: Math.round(Number(row?.slot_ms)), nowMs: Number(row?.now_ms) };
  }

  let lastCut = 0;
  let lastChange = Date.now();
  let lastThrottled = 0;
  function adjust(change: 'cut' | 'recover'): void {
    lastChange = Date.now();
    const set =
      change === 'cut'
        ? sql`update rate_limit_slot set factor = greatest(${PACING.floor}::float8, factor * ${PACING.cut}::float8) where key = ${GLOBAL_KEY}`
        : sql`update rate_limit_slot set factor = least(1, factor + ${PACING.step}::float8) where key = ${GLOBAL_KEY} and factor < 1`;
    // Fire and forget: pacing is advice, a lost update only delays the adaptation.
    db.query(set).catch(() => undefined);
  }

  /**
   * Records a request to the conversation at slotMs if its windows allow it, else returns the
   * earliest instant they would. Compare-and-set on the stored list: no lock is held, and the first
   * message to a person (the usual case in a broadcast) is a single insert.
   */
  async function conversationTake(
    conversationId: string,
    slotMs: number,
    windows: WindowLimit[],
  ): Promise<true | number> {
    const inserted = await db.query(sql`
      insert into rate_limit_conversation (conversation_id, sent_at_ms) values (${conversationId}, ${[slotMs]}::bigint[])
      on conflict do nothing returning 1`);
    if (inserted.length > 0) return true;
    for (;;) {
      const [row] = await db.query<{ sent: (string | number)[] }>(
        sql`select sent_at_ms as sent from rate_limit_conversation where conversation_id = ${conversationId}`,
      );
      const stored = (row?.sent ?? []).map(Number);
      // Concurrent requests may have reserved later slots already: check the whole list with
      // this one added, not only the past, so no window is broken on either side of slotMs.
      const kept = [...pruneSends(stored, slotMs, windows), slotMs];
      if (violatesWindows(kept, windows))
        return Math.max(slotMs + 1, earliestConversationSlot(kept.slice(0, -1), slotMs, windows));
      const swapped = await db.query(sql`
        update rate_limit_conversation set sent_at_ms = ${kept}::bigint[]
         where conversation_id = ${conversationId} and sent_at_ms = ${stored}::bigint[] returning 1`);
      if (swapped.length > 0) return true;
    }
  }

  /**
   * This process's own sends in the last second. A stalled event loop wakes every worker whose
   * slot passed at once; without this gate they would go out together, and a second holding them
   * plus the steady flow is over the limit. At most floor(rate × margin) grants in any second.
   */
  const granted: number[] = [];
  async function localWindow(ratePerSecond: number): Promise<void> {
    const cap = Math.max(1, Math.floor(ratePerSecond * PACING.margin));
    for (;;) {
      const now = performance.now();
      while (granted.length > 0 && (granted[0] as number) <= now - 1000) granted.shift();
      if (granted.length < cap) {
        granted.push(now);
        return;
      }
      await wait((granted[0] as number) + 1000 - now);
    }
  }

  return {
    feedback(throttled) {
      const now = Date.now();
      if (throttled) {
        lastThrottled = now;
        if (now - lastCut >= PACING.cutEveryMs) {
          lastCut = now;
          adjust('cut');
        }
      } else if (now - lastThrottled >= PACING.recoverMs && now - lastChange >= PACING.recoverMs)
        adjust('recover');
    },
    async acquire(conversationId) {
      const { ratePerSecond, perConversation } = limits();
      const intervalMs = 1000 / (ratePerSecond * PACING.margin);
      let earliest = 0;
      for (;;) {
        const { slotMs, nowMs } = await globalSlot(intervalMs, earliest);
        // A conversation at its own limit gives its slot up (rare: one card per person) and
        // takes the first one its windows allow; the other conversations are not held back.
        const taken = conversationId ? await conversationTake(conversationId, slotMs, perConversation) : true;
        if (taken === true) {
          if (slotMs - nowMs > 0) await wait(slotMs - nowMs);
          await localWindow(ratePerSecond);
          return;
        }
        earliest = taken;
      }
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
