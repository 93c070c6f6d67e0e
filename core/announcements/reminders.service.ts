import type { Viewer } from '../access/viewer.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import type { DeliveryRow } from '../delivery/delivery.table.ts';
import type { Purpose } from '../delivery/delivery.worker.ts';
import { quietHoursOf } from '../org/preference.repository.ts';
import { sendableFrom } from '../overtime/overtime-delivery.rules.ts';
import { foundById } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { findAnnouncement } from './announcement.repository.ts';
import { requireHr } from './announcement.service.ts';
import { type AnnouncementRow, REMINDER_PURPOSE } from './announcement.table.ts';
import { ackedAt } from './recipient.repository.ts';
import {
  announcementRead,
  enqueueReminderEdits,
  enqueueReminders,
  notYetReminded,
  remindable,
  remindedPeople,
  reminderRounds,
} from './reminders.repository.ts';
import { dueReminderRound, parseReminderSubject, reminderSubject } from './reminders.rules.ts';

export interface ReminderDeps {
  db: Db;
  /** The reminder card: the announcement's own card (acknowledge button included) under a reminder heading. */
  card: (a: AnnouncementRow) => object;
  /** What a recalled announcement's cards become (mode 'notice'). */
  recalledCard: (a: AnnouncementRow) => object;
  /** Something new is in the outbox. */
  nudge: () => void;
  logger: Logger;
}

const PAGE = 1_000;

/**
 * Reminders to people who have not acknowledged an announcement: round k after `afterHours × k`,
 * at most N rounds, each person's not before their quiet hours end (or on a non-working day), all
 * through the one outbox. Once-only per person and round by the outbox key, whichever process
 * writes them; a person who acknowledges before the reminder goes out does not get it.
 */
export function createAnnouncementReminders(deps: ReminderDeps) {
  const { db } = deps;

  async function remindRound(a: AnnouncementRow, round: number, now: Date): Promise<number> {
    const subject = reminderSubject(a.id, round);
    let after = '';
    let added = 0;
    for (;;) {
      const page = await notYetReminded(db, { id: a.id, ackEnabled: a.ack_enabled }, subject, after, PAGE);
      if (page.length === 0) break;
      const quiet = await quietHoursOf(
        db,
        page.map((p) => p.employee_id),
      );
      added += await enqueueReminders(
        db,
        subject,
        page.map((p) => ({
          employeeId: p.employee_id,
          aadObjectId: p.aad_object_id,
          notBefore: sendableFrom(now, quiet.get(p.employee_id)!),
        })),
      );
      if (page.length < PAGE) break;
      after = page.at(-1)!.employee_id;
    }
    return added;
  }

  const purpose: Purpose = {
    name: REMINDER_PURPOSE,
    async render(row: DeliveryRow) {
      const key = parseReminderSubject(row.subject);
      const a = key && (await findAnnouncement(db, key.announcementId));
      if (!a) return 'cancel';
      if (row.op === 'update') {
        // A sent reminder follows its announcement's edits; an older edit superseded is moot.
        if (row.version < a.revision) return 'cancel';
        return { card: a.recalled_at ? deps.recalledCard(a) : deps.card(a) };
      }
      if (a.state === 'cancelled' || a.recalled_at) return 'cancel';
      // Acknowledged (or, without the button, read) while the reminder waited: it is moot.
      if (
        a.ack_enabled
          ? await ackedAt(db, a.id, row.recipient)
          : await announcementRead(db, a.id, row.recipient)
      )
        return 'cancel';
      return { card: deps.card(a), summary: a.title };
    },
  };

  return {
    purpose,

    /** After "update"/"recall" (revision > 1): the reminder cards already sent are edited or deleted too. */
    async followRevision(id: string): Promise<void> {
      const a = await findAnnouncement(db, id);
      if (!a || a.revision <= 1) return;
      const op = a.recall_mode === 'delete' ? 'delete' : 'update';
      if ((await enqueueReminderEdits(db, id, a.revision, op)) > 0) deps.nudge();
    },

    /** The dispatcher's minute: every due round is written (idempotent; several processes may run it). */
    async remindDue(now: Date): Promise<number> {
      let added = 0;
      for (const a of await remindable(db, now)) {
        const round = dueReminderRound(
          new Date(a.send_started_at as Date),
          now,
          a.reminder_after_minutes,
          a.reminder_max,
        );
        if (round === 0) continue;
        const n = await remindRound(a, round, now);
        if (n > 0) {
          added += n;
          deps.logger.info({ announcementId: a.id, round, reminders: n }, 'announcement reminders queued');
          await writeAudit(db, {
            actorId: null,
            actorLabel: 'scheduler',
            action: 'announcement.remind',
            targetType: 'announcement',
            targetId: a.id,
            detail: { round, reminders: n },
          });
        }
      }
      if (added > 0) deps.nudge();
      return added;
    },

    /** Rounds and who was reminded (HR; a read of named people by a third party, so audited). */
    async reminded(viewer: Viewer, id: string) {
      requireHr(viewer);
      const a = await foundById(id, (x) => findAnnouncement(db, x), 'No such announcement.');
      const people = await remindedPeople(db, id);
      await writeAudit(db, {
        actorId: viewer.employee.id,
        action: 'announcement.reminded.read',
        targetType: 'announcement',
        targetId: id,
        detail: { rows: people.length },
      });
      return {
        afterHours: a.reminder_after_minutes ? a.reminder_after_minutes / 60 : null,
        max: a.reminder_max ?? 0,
        rounds: await reminderRounds(db, id),
        people: people.map((p) => ({
          employeeNo: p.employee_no,
          name: p.name,
          bureau: p.bureau,
          section: p.section,
          round: p.round,
          state: p.state,
          sentAt: p.sent_at,
          ackedAt: p.acked_at,
        })),
      };
    },
  };
}

export type AnnouncementReminders = ReturnType<typeof createAnnouncementReminders>;
