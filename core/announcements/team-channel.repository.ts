import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { PRIORITY } from '../delivery/delivery.table.ts';
import { CHANNEL_PURPOSE } from './announcement.table.ts';

/** A team the bot is installed in: announcements can post to its General channel. */
export interface TeamChannel {
  team_id: string;
  name: string;
  general_conversation_id: string;
  service_url: string;
  tenant_id: string | null;
  installed_at: Date;
  removed_at: Date | null;
}

/** The bot was added to a team (or added again): remembered, or brought back from removed. */
export async function saveTeamInstall(
  db: Db,
  t: { teamId: string; name: string; conversationId: string; serviceUrl: string; tenantId: string | null },
): Promise<void> {
  await db.query(sql`
    insert into team_channel (team_id, name, general_conversation_id, service_url, tenant_id)
    values (${t.teamId}, ${t.name}, ${t.conversationId}, ${t.serviceUrl}, ${t.tenantId})
    on conflict (team_id) do update set name = excluded.name, general_conversation_id = excluded.general_conversation_id,
           service_url = excluded.service_url, tenant_id = excluded.tenant_id, removed_at = null`);
}

/** The bot was removed from the team: kept for history, never posted to again until re-added. */
export async function markTeamRemoved(db: Db, teamId: string, at: Date): Promise<void> {
  await db.query(
    sql`update team_channel set removed_at = ${at} where team_id = ${teamId} and removed_at is null`,
  );
}

export async function listInstalledTeams(db: Db): Promise<TeamChannel[]> {
  return db.query<TeamChannel>(
    sql`select * from team_channel where removed_at is null order by name, team_id`,
  );
}

/** The ids that are not installed teams (for the field error). */
export async function unknownTeamIds(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{ team_id: string }>(
    sql`select team_id from team_channel where removed_at is null and team_id = any(${ids}::text[])`,
  );
  const known = new Set(rows.map((r) => r.team_id));
  return ids.filter((id) => !known.has(id));
}

/**
 * One outbox row per targeted team still installed, written in the same transaction that marks the
 * announcement prepared (so a restart never writes them twice: the outbox key holds as well).
 */
export async function prepareChannelPosts(
  db: Db,
  id: string,
  target: { allTeams: boolean; teamIds: string[] },
): Promise<number> {
  if (!target.allTeams && target.teamIds.length === 0) return 0;
  const rows = await db.query(sql`
    insert into delivery (purpose, subject, recipient, version, op, priority, conversation_id, service_url)
    select ${CHANNEL_PURPOSE}, ${id}, t.team_id, 1, 'send', ${PRIORITY.bulk}, t.general_conversation_id, t.service_url from team_channel t
     where t.removed_at is null and (${target.allTeams}::boolean or t.team_id = any(${target.teamIds}::text[]))
    on conflict do nothing returning 1`);
  return rows.length;
}

/** Channel posts of one announcement, for tracking. */
export async function channelPosts(
  db: Db,
  id: string,
): Promise<{ teamId: string; name: string; state: string; sentAt: Date | null; synced: boolean }[]> {
  const rows = await db.query<{
    team_id: string;
    name: string;
    state: string;
    sent_at: Date | null;
    synced: boolean;
  }>(sql`
    select p.recipient as team_id, t.name, p.state, p.sent_at,
           (a.revision = 1 or exists (select 1 from delivery u where u.purpose = p.purpose and u.subject = p.subject
                                       and u.recipient = p.recipient and u.version = a.revision and u.state not in ('due', 'in_flight'))) as synced
      from delivery p join team_channel t on t.team_id = p.recipient join announcement a on a.id::text = p.subject
     where p.purpose = ${CHANNEL_PURPOSE} and p.subject = ${id} and p.version = 1 order by t.name`);
  return rows.map((r) => ({
    teamId: r.team_id,
    name: r.name,
    state: r.state,
    sentAt: r.sent_at,
    synced: r.synced,
  }));
}

/** A click on a channel card's acknowledge button: who clicked, first time kept. */
export async function recordChannelAck(
  db: Db,
  a: {
    announcementId: string;
    aadObjectId: string;
    employeeId: string | null;
    teamId: string | null;
    at: Date;
  },
): Promise<Date | undefined> {
  const [row] = await db.query<{ acked_at: Date }>(sql`
    insert into announcement_channel_ack (announcement_id, aad_object_id, employee_id, team_id, acked_at)
    values (${a.announcementId}, ${a.aadObjectId}, ${a.employeeId}, ${a.teamId}, ${a.at})
    on conflict (announcement_id, aad_object_id) do update set acked_at = announcement_channel_ack.acked_at
    returning acked_at`);
  return row?.acked_at;
}

export async function countChannelAcks(db: Db, id: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from announcement_channel_ack where announcement_id = ${id}`,
  );
  return row?.n ?? 0;
}

/** Whether the announcement was posted to this team's channel (a click there may read it, nothing else). */
export async function postedToTeam(db: Db, announcementId: string, teamId: string): Promise<boolean> {
  const rows = await db.query(sql`
    select 1 from delivery
     where purpose = ${CHANNEL_PURPOSE} and subject = ${announcementId} and recipient = ${teamId}
       and state = 'sent' limit 1`);
  return rows.length > 0;
}
