import type { Viewer } from '../access/viewer.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import type { GraphApi } from '../identity/graph-client.ts';
import type { Logger } from '../shared/logger.ts';
import { findAnnouncement } from './announcement.repository.ts';
import { requireHr } from './announcement.service.ts';
import type { SettingsReader } from './announcement.settings.ts';
import { contentOf } from './announcement.table.ts';
import {
  claimMail,
  mailCounts,
  recentlySent,
  recordMail,
  unreachedNotMailed,
} from './mail-fallback.repository.ts';
import { announcementMailHtml } from './mail-fallback.rules.ts';

export interface MailFallbackDeps {
  db: Db;
  /** App-only Graph (Mail.Send); absent when the deployment has no Graph credentials. */
  graph?: GraphApi;
  settings: SettingsReader;
  logger: Logger;
}

/** Mails sent per dispatcher minute (Graph allows ~30 sendMail a minute per mailbox). */
const PER_TICK = 25;

/**
 * E-mail for people the bot could not reach in Teams (SPEC §6; issue 20): after an announcement's
 * Teams delivery finished, each recipient recorded as no_conversation or undeliverable gets the
 * plain HTML version from the shared mailbox set in 設定 (Graph `POST /users/{mailbox}/sendMail`),
 * recorded as delivered by mail. Off by default; at most once per person (the row is written first).
 */
export function createMailFallback(deps: MailFallbackDeps) {
  const { db } = deps;

  return {
    async tick(now: Date): Promise<number> {
      const { mailFallback } = await deps.settings.read(true);
      if (!mailFallback.enabled || !mailFallback.sharedMailbox || !deps.graph) return 0;
      const mailbox = encodeURIComponent(mailFallback.sharedMailbox);
      let budget = PER_TICK;
      for (const id of await recentlySent(db, now)) {
        if (budget <= 0) break;
        const people = await unreachedNotMailed(db, id, budget);
        if (people.length === 0) continue;
        const a = await findAnnouncement(db, id);
        if (!a) continue;
        const { subject, html } = announcementMailHtml(contentOf(a));
        let sent = 0;
        for (const p of people) {
          budget--;
          if (!(await claimMail(db, id, p.employee_id, p.upn))) continue;
          try {
            await deps.graph.post(`/users/${mailbox}/sendMail`, {
              message: {
                subject,
                body: { contentType: 'HTML', content: html },
                toRecipients: [{ emailAddress: { address: p.upn } }],
              },
              saveToSentItems: false,
            });
            await recordMail(db, id, p.employee_id, { ok: true });
            sent++;
          } catch (err) {
            const status = (err as { statusCode?: number }).statusCode;
            await recordMail(db, id, p.employee_id, { ok: false, error: `graph ${status ?? 'error'}` });
            deps.logger.warn({ announcementId: id, status }, 'fallback e-mail failed');
          }
        }
        if (sent > 0)
          await writeAudit(db, {
            actorId: null,
            actorLabel: 'scheduler',
            action: 'announcement.mail',
            targetType: 'announcement',
            targetId: id,
            detail: { mailed: sent },
          });
      }
      return PER_TICK - budget;
    },

    /** Counts for the tracking view: delivered by mail, failed, people without an address. */
    async counts(viewer: Viewer, id: string) {
      requireHr(viewer);
      const c = await mailCounts(db, id);
      return {
        mailed: c.sent ?? 0,
        failed: c.failed ?? 0,
        noAddress: c.no_address ?? 0,
        sending: c.sending ?? 0,
      };
    },
  };
}

export type MailFallback = ReturnType<typeof createMailFallback>;
