import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Db } from '../db/db.ts';
import type { Logger } from '../shared/logger.ts';
import type { AppInstaller, ConnectorMessenger, DeliveryOutcome } from '../shared/messenger.ts';
import { destinationOf, openConversation, tenantOf } from './conversation.ts';
import { verdictFor } from './delivery.rules.ts';
import type { DeliveryRow } from './delivery.table.ts';
import type { RateLimiter } from './limiter.ts';
import {
  claim,
  type DeliveryResult,
  extendLeases,
  nextDueInMs,
  record,
  stillMine,
} from './outbox.repository.ts';

/** What a purpose (announcement, overtime.alert, ...) adds to the one delivery path. */
export interface Purpose {
  name: string;
  /** The card of a row stored without one; 'cancel' when the message is moot (recalled, superseded). */
  render?(row: DeliveryRow): Promise<{ card: object; summary?: string } | 'cancel' | 'skip'>;
  /** After the result is recorded (tracking, follow-up edits, "all sent"). */
  settled?(row: DeliveryRow, result: DeliveryResult): Promise<void>;
}

export interface WorkerSettings {
  /** Requests this process keeps in flight at once (bounds duplicates after a crash). */
  concurrency: number;
  maxAttempts: number;
  /** A claim belongs to its worker this long without a heartbeat; a killed worker's return after it. */
  leaseMs: number;
}

export interface WorkerDeps {
  db: Db;
  connector: ConnectorMessenger;
  limiter: RateLimiter;
  settings: () => Promise<WorkerSettings>;
  logger: Logger;
  installer?: AppInstaller;
  random?: () => number;
  /** Longest idle wait between looks at the outbox when nothing nudges the worker. */
  idlePollMs?: number;
}

export interface DeliveryWorker {
  register(purpose: Purpose): void;
  /** Something was enqueued: look now rather than at the next idle poll. */
  nudge(): void;
  /** Resolves with the row once it has a result (recorded by this process). */
  onSettled(listener: (row: DeliveryRow, result: DeliveryResult) => void): () => void;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The one sender of every proactive message in this process: `concurrency` loops each claim one
 * due row (highest priority first), wait for the shared limiter, send, and record. It runs in the
 * process, not as a pg-boss job, so a message enqueued now is claimed now (no 2 s poll). Any
 * number of processes run one each; SKIP LOCKED gives each row one sender.
 */
export function createDeliveryWorker(deps: WorkerDeps): DeliveryWorker {
  const { db } = deps;
  const id = `${process.pid}:${randomUUID().slice(0, 8)}`;
  const purposes = new Map<string, Purpose>();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const inFlight = new Map<string, { id: string; attempts: number }>();
  let running = false;
  let loops: Promise<void>[] = [];
  let heartbeat: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let wakePromise: Promise<void> | undefined;
  const random = deps.random ?? Math.random;

  function idle(ms: number): Promise<void> {
    if (!wakePromise)
      wakePromise = new Promise<void>((resolve) => {
        wake = () => {
          wakePromise = undefined;
          wake = undefined;
          resolve();
        };
      });
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      wakePromise,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(5, ms));
      }),
    ]).finally(() => clearTimeout(timer));
  }

  async function claimNext(leaseMs: number): Promise<DeliveryRow | undefined> {
    const [row] = await claim(db, 1, leaseMs, id);
    return row;
  }

  async function loop(): Promise<void> {
    while (running) {
      let row: DeliveryRow | undefined;
      try {
        const s = await deps.settings();
        row = await claimNext(s.leaseMs);
        if (!row) {
          const next = await nextDueInMs(db);
          await idle(Math.min(deps.idlePollMs ?? 250, next ?? Number.POSITIVE_INFINITY));
          continue;
        }
        inFlight.set(row.id, { id: row.id, attempts: row.attempts });
        await handle(row, s);
      } catch (err) {
        deps.logger.warn({ err, deliveryId: row?.id }, 'delivery worker step failed; the lease returns it');
        await idle(500);
      } finally {
        if (row) inFlight.delete(row.id);
      }
    }
  }

  async function settle(row: DeliveryRow, result: DeliveryResult): Promise<void> {
    if (!(await record(db, row, result))) return;
    try {
      await purposes.get(row.purpose)?.settled?.(row, result);
    } catch (err) {
      deps.logger.warn({ err, deliveryId: row.id }, 'delivery follow-up failed');
    }
    events.emit('settled', row, result);
  }

  function resultOf(outcome: DeliveryOutcome, row: DeliveryRow, maxAttempts: number): DeliveryResult {
    if (outcome.ok)
      return { state: 'sent', conversationId: outcome.conversationId, activityId: outcome.activityId };
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
      row.attempts,
      maxAttempts,
      random(),
    );
    const error = outcome.reason === 'retryable' ? outcome.message : outcome.reason;
    if (verdict.kind === 'retry')
      return {
        state: 'retry',
        delayMs: verdict.delayMs,
        status: outcome.status,
        error,
        throttled: outcome.status === 429,
      };
    if (verdict.kind === 'undeliverable') return { state: 'undeliverable', status: outcome.status, error };
    return { state: 'failed', status: outcome.status, error };
  }

  async function handle(row: DeliveryRow, s: WorkerSettings): Promise<void> {
    const purpose = purposes.get(row.purpose);
    let content: { card: object; summary?: string } | undefined;
    if (row.op !== 'delete') {
      const rendered = row.card
        ? { card: row.card, summary: row.summary ?? undefined }
        : await purpose?.render?.(row);
      if (rendered === 'skip') {
        // Not this process's business (a purpose it does not know): give it back at once.
        await settle(row, { state: 'retry', delayMs: 1_000, error: `no renderer for ${row.purpose}` });
        return;
      }
      if (rendered === 'cancel' || !rendered) {
        await settle(row, {
          state: 'cancelled',
          error: rendered ? undefined : `nothing to send for ${row.purpose}`,
        });
        return;
      }
      content = rendered;
    }

    let dest = await destinationOf(db, row);
    if (dest.kind === 'none') {
      await settle(row, { state: 'no_conversation' });
      return;
    }
    if (dest.kind === 'create') {
      // Creating the 1:1 conversation is a request to the connector too: it takes a slot.
      if (!(await stillMine(db, row.id, row.attempts, s.leaseMs))) return;
      await deps.limiter.acquire();
      const opened = await openConversation(db, deps.connector, dest.aadObjectId, dest);
      if (!opened.ok) {
        deps.limiter.feedback(opened.status === 429);
        // Installing the app makes Teams send the bot a conversationUpdate, which stores the
        // person's conversation; the retry then finds it. Bounded like any retry.
        if ((opened.reason === 'blocked' || opened.reason === 'not_found') && deps.installer) {
          if (row.attempts < s.maxAttempts) {
            const installed = await deps.installer.install(dest.aadObjectId);
            if (installed !== 'not_allowed') {
              await settle(row, { state: 'retry', delayMs: 5_000, error: `app install: ${installed}` });
              return;
            }
          }
        }
        await settle(
          row,
          opened.reason === 'blocked' || opened.reason === 'not_found'
            ? { state: 'no_conversation', status: opened.status }
            : resultOf(opened, row, s.maxAttempts),
        );
        return;
      }
      dest = { kind: 'known', address: opened.address, stored: true };
    }

    let outcome = await send(row, dest.address, content, s);
    if (outcome === 'lost') return;
    // 403/404 from a person's stored conversation: it may be stale (a reinstall gives a new chat).
    // Re-create it once through createConversation before calling the person unreachable.
    if (
      !outcome.ok &&
      (outcome.reason === 'not_found' || outcome.reason === 'blocked') &&
      dest.stored &&
      row.op === 'send' &&
      row.aad_object_id
    ) {
      await deps.limiter.acquire();
      const reopened = await openConversation(db, deps.connector, row.aad_object_id, {
        serviceUrl: dest.address.serviceUrl,
        tenantId: await tenantOf(db, row.aad_object_id),
      });
      if (reopened.ok) {
        const again = await send(row, reopened.address, content, s);
        if (again === 'lost') return;
        outcome = again;
      } else if (reopened.reason === 'retryable') outcome = reopened;
    }
    const result = resultOf(outcome, row, s.maxAttempts);
    if (result.state === 'sent') result.serviceUrl = dest.address.serviceUrl;
    await settle(row, result);
  }

  /** One request through the limiter, fenced; 'lost' when the claim was taken over meanwhile. */
  async function send(
    row: DeliveryRow,
    to: { conversationId: string; serviceUrl: string },
    content: { card: object; summary?: string } | undefined,
    s: WorkerSettings,
  ): Promise<DeliveryOutcome | 'lost'> {
    // Fenced before the slot, so nothing stands between the slot and the request (a query there
    // turns database jitter into bunched requests, and bunched requests into 429s).
    if (!(await stillMine(db, row.id, row.attempts, s.leaseMs))) return 'lost';
    await deps.limiter.acquire(to.conversationId);
    let outcome: DeliveryOutcome;
    try {
      if (row.op === 'send')
        outcome = await deps.connector.postCard(to, content!.card, { summary: content!.summary });
      else if (!row.activity_id) outcome = { ok: false, reason: 'not_found' };
      else if (row.op === 'update')
        outcome = await deps.connector.editCard(to, row.activity_id, content!.card);
      else outcome = await deps.connector.removeMessage(to, row.activity_id);
    } catch (err) {
      // Our own failure (a bug, a bad card): retried like a network error, never lost.
      outcome = { ok: false, reason: 'retryable', message: (err as Error).message };
    }
    deps.limiter.feedback(!outcome.ok && outcome.reason === 'retryable' && outcome.status === 429);
    return outcome;
  }

  return {
    register(purpose) {
      purposes.set(purpose.name, purpose);
    },
    nudge() {
      wake?.();
    },
    onSettled(listener) {
      events.on('settled', listener);
      return () => events.off('settled', listener);
    },
    start() {
      if (running) return;
      running = true;
      void deps.settings().then((s) => {
        if (!running) return;
        heartbeat = setInterval(
          () => {
            extendLeases(db, [...inFlight.values()], s.leaseMs).catch((err) =>
              deps.logger.warn({ err }, 'delivery heartbeat failed'),
            );
          },
          Math.max(200, Math.floor(s.leaseMs / 3)),
        );
        heartbeat.unref();
        loops = Array.from({ length: s.concurrency }, () => loop());
      });
    },
    async stop() {
      running = false;
      wake?.();
      await Promise.all(loops);
      clearInterval(heartbeat);
    },
  };
}
