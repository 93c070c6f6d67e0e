import type { Activity } from 'botbuilder';
import { markTeamRemoved, saveTeamInstall } from '../../core/announcements/team-channel.repository.ts';
import type { Db } from '../../core/db/db.ts';

/**
 * The bot added to or removed from a team (a conversationUpdate in a channel naming the team):
 * announcements post to the General channel of the teams it is in. In Teams the conversation of
 * that update is the General channel's thread. Other conversationUpdates are ignored here.
 */
export async function rememberTeamInstall(db: Db, activity: Activity, now: Date): Promise<void> {
  const team = (activity.channelData as { team?: { id?: string; name?: string } } | undefined)?.team;
  if (activity.conversation?.conversationType !== 'channel' || !team?.id) return;
  const botId = activity.recipient?.id;
  if (activity.membersRemoved?.some((m) => m.id === botId)) {
    await markTeamRemoved(db, team.id, now);
    return;
  }
  if (activity.membersAdded?.some((m) => m.id === botId)) {
    const tenantId =
      activity.conversation.tenantId ??
      (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ??
      null;
    await saveTeamInstall(db, {
      teamId: team.id,
      name: team.name ?? team.id,
      // A reply thread's id carries ";messageid=…"; the channel itself is the part before it.
      conversationId: (activity.conversation.id ?? team.id).split(';')[0] ?? team.id,
      serviceUrl: activity.serviceUrl,
      tenantId,
    });
  }
}
