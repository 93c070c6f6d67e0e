import { z } from 'zod';
import { findAnnouncement } from '../../core/announcements/announcement.repository.ts';
import { contentOf } from '../../core/announcements/announcement.table.ts';
import { postedToTeam, recordChannelAck } from '../../core/announcements/team-channel.repository.ts';
import { isRecipient, recordAck } from '../../core/announcements/tracking.repository.ts';
import type { Db } from '../../core/db/db.ts';
import { AppError } from '../../core/shared/errors.ts';
import { announcementCard, recalledCard } from '../cards/announcements/announcement.cards.ts';
import { messages } from '../i18n/messages.ts';
import type { BotFeature } from './bot-feature.ts';
import type { TurnUser } from './turn-user.ts';

const ackPayload = z.object({ announcementId: z.uuid() });

/**
 * 確認しました: the reader's acknowledgement. Idempotent (the first time is kept), and the reply
 * card shows it, so a second press changes nothing.
 */
export function announcementsFeature(db: Db, now: () => Date): BotFeature {
  return {
    actions: [
      {
        verb: 'announcement.ack',
        shared: true,
        async run(context, user, data) {
          const parsed = ackPayload.safeParse(data);
          if (!parsed.success) throw new AppError('bad_request', messages(user.locale).errorStale);
          if (context.activity.conversation?.conversationType === 'channel')
            return channelAck(context.activity, user, parsed.data.announcementId);
          if (!user.employee) throw new AppError('forbidden', messages(user.locale).notRegistered);
          const a = await findAnnouncement(db, parsed.data.announcementId);
          // Only its recipients learn anything about it, even its title (a draft has none).
          if (!a || !(await isRecipient(db, a.id, user.employee.id)))
            throw new AppError('not_found', messages(user.locale).errorStale);
          if (a.recalled_at) return recalledCard(contentOf(a));
          const ackedAt = await recordAck(db, a.id, user.employee.id, now());
          if (!ackedAt) throw new AppError('forbidden', messages(user.locale).errorStale);
          return announcementCard(contentOf(a), { announcementId: a.id, revision: a.revision, ackedAt });
        },
      },
    ],
  };

  /**
   * A click on a channel post: the person who clicked is recorded (their Entra object id, and
   * their own recipient row when they are also in the person audience). The answer replaces the
   * card for the whole channel, so it stays the shared card without anyone's ack time.
   */
  async function channelAck(activity: { channelData?: unknown }, user: TurnUser, announcementId: string) {
    if (!user.aadObjectId) throw new AppError('forbidden', messages(user.locale).notRegistered);
    const teamId = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id ?? null;
    const a = await findAnnouncement(db, announcementId);
    // The answer replaces the card for the whole channel: only an announcement actually posted to
    // this team's channel may come back (never a draft, never one posted elsewhere; issue 12).
    if (!a || !teamId || !(await postedToTeam(db, a.id, teamId)))
      throw new AppError('not_found', messages(user.locale).errorStale);
    if (a.recalled_at) return recalledCard(contentOf(a));
    const at = now();
    await recordChannelAck(db, {
      announcementId: a.id,
      aadObjectId: user.aadObjectId,
      employeeId: user.employee?.id ?? null,
      teamId,
      at,
    });
    if (user.employee) await recordAck(db, a.id, user.employee.id, at);
    return announcementCard(contentOf(a), { announcementId: a.id, revision: a.revision, ackedAt: null });
  }
}
