import type { Db } from '../db/db.ts';
import type { DeliveryRow } from '../delivery/delivery.table.ts';
import type { Purpose } from '../delivery/delivery.worker.ts';
import type { DeliveryResult } from '../delivery/outbox.repository.ts';
import type { Logger } from '../shared/logger.ts';
import { findAnnouncement } from './announcement.repository.ts';
import { type AnnouncementRow, CHANNEL_PURPOSE, PURPOSE } from './announcement.table.ts';
import { ackedAt, enqueueEditOf, enqueueEdits, finishIfDone, prepareBatch } from './recipient.repository.ts';

/** What the announcement's part of delivery needs; the module wires the real ones. */
export interface AnnouncementDeliveryDeps {
  db: Db;
  /** The card for a recipient at the announcement's current revision. */
  card: (a: AnnouncementRow, ackedAt: Date | null) => object;
  recalledCard: (a: AnnouncementRow) => object;
  /** Something new is in the outbox. */
  nudge: () => void;
  prepareBatchSize: () => Promise<number>;
  logger: Logger;
}

/** Announcements change rarely while they send: read each at most this often per process. */
const ANNOUNCEMENT_CACHE_MS = 1_000;

/**
 * An announcement's messages go through the one outbox (core/delivery). This is what is special
 * about them: their card is rendered at send time from the announcement's current revision (so an
 * update reaches the copies not yet sent), cancelled or recalled ones are not sent, a card sent
 * with an older revision gets its edit, and the announcement is "sent" once nothing is left.
 */
export function createAnnouncementDelivery(deps: AnnouncementDeliveryDeps) {
  const { db } = deps;
  const cache = new Map<string, { at: number; row: AnnouncementRow | undefined }>();
  /** The revision each claimed send rendered, to know whether it needs an edit afterwards. */
  const renderedRevision = new Map<string, number>();

  async function announcement(id: string, fresh = false): Promise<AnnouncementRow | undefined> {
    const hit = cache.get(id);
    if (!fresh && hit && Date.now() - hit.at < ANNOUNCEMENT_CACHE_MS) return hit.row;
    const row = await findAnnouncement(db, id);
    cache.set(id, { at: Date.now(), row });
    if (cache.size > 100) cache.delete(cache.keys().next().value as string);
    return row;
  }

  const finishing = new Map<string, { at: number; timer?: NodeJS.Timeout }>();
  /**
   * "All sent?" costs a query: at most twice a second per announcement while its messages settle,
   * with a trailing check so the last burst of results still closes it.
   */
  async function maybeFinish(id: string, force = false): Promise<void> {
    const entry = finishing.get(id) ?? { at: 0 };
    finishing.set(id, entry);
    if (!force && Date.now() - entry.at < 500) {
      entry.timer ??= setTimeout(() => {
        entry.timer = undefined;
        void maybeFinish(id, true).catch((err) =>
          deps.logger.warn({ err, announcementId: id }, 'finish check failed'),
        );
      }, 500);
      entry.timer.unref?.();
      return;
    }
    entry.at = Date.now();
    if (await finishIfDone(db, id)) {
      cache.delete(id);
      finishing.delete(id);
      deps.logger.info({ announcementId: id }, 'announcement sent to every recipient');
    }
  }

  const purpose = (name: string): Purpose => ({
    name,
    async render(row: DeliveryRow) {
      const a = await announcement(row.subject);
      if (!a) return 'cancel';
      if (row.op === 'send') {
        // Cancelled or recalled before this copy went out: it is not sent at all.
        if (a.state === 'cancelled' || a.recalled_at) return 'cancel';
        renderedRevision.set(`${row.id}:${row.attempts}`, a.revision);
        return { card: deps.card(a, null), summary: a.title };
      }
      // An older edit that a newer revision superseded.
      if (row.version < a.revision) return 'cancel';
      if (a.recalled_at) return { card: deps.recalledCard(a) };
      const acked = name === PURPOSE && a.ack_enabled ? await ackedAt(db, a.id, row.recipient) : null;
      return { card: deps.card(a, acked) };
    },
    async settled(row: DeliveryRow, result: DeliveryResult) {
      if (row.op !== 'send') return;
      const key = `${row.id}:${row.attempts}`;
      const rendered = renderedRevision.get(key);
      renderedRevision.delete(key);
      if (result.state === 'sent' && rendered !== undefined) {
        const a = await announcement(row.subject, true);
        // "update" or "recall" came while this copy was on the wire: it gets the edit too.
        if (a && a.revision > rendered) {
          await enqueueEditOf(db, row, a.revision, a.recall_mode === 'delete' ? 'delete' : 'update');
          deps.nudge();
        }
      }
      if (result.state !== 'retry') await maybeFinish(row.subject);
    },
  });

  return {
    purposes: [purpose(PURPOSE), purpose(CHANNEL_PURPOSE)],

    /**
     * Writes the announcement's messages (all batches, the worker sending from the first one on)
     * and, after "update"/"recall", the edits of the cards already sent. Safe to run again or in
     * several processes: batches continue from the stored cursor under a row lock, rows are keyed.
     */
    async start(id: string): Promise<void> {
      const size = await deps.prepareBatchSize();
      for (;;) {
        const a = await findAnnouncement(db, id);
        if (!a) return;
        if (a.state === 'sending' && !a.prepared) {
          const { added, done } = await prepareBatch(db, id, size);
          if (added > 0) deps.nudge();
          if (!done) continue;
        }
        if (a.revision > 1) {
          await enqueueEdits(db, id, a.revision, a.recall_mode === 'delete' ? 'delete' : 'update');
          deps.nudge();
        }
        cache.delete(id);
        await maybeFinish(id, true);
        return;
      }
    },

    /** The dispatcher's check: an announcement whose last messages settled elsewhere is closed. */
    finish: (id: string) => maybeFinish(id, true),
  };
}
