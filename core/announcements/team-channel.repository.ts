import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { RecipientResult } from './recipient.repository.ts';

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
 * One post row per targeted team still installed, written in the same transaction that marks the
 * announcement prepared (so a restart never writes them twice: the primary key holds as well).
 */
export async function prepareChannelPosts(
  db: Db,
  id: string,
  target: { allTeams: boolean; teamIds: string[] },
): Promise<number> {
  if (!target.allTeams && target.teamIds.length === 0) return 0;
  const rows = await db.query(sql`
    insert into announcement_channel_post (announcement_id, team_id, conversation_id)
    select ${id}, t.team_id, t.general_conversation_id from team_channel t
     where t.removed_at is null and (${target.allTeams}::boolean or t.team_id = any(${target.teamIds}::text[]))
    on conflict do nothing returning 1`);
  return rows.length;
}

export interface ClaimedPost {
  team_id: string;
  conversation_id: string;
  attempts: number;
  activity_id: string | null;
}

/** The same claim as claimRecipients (SKIP LOCKED, lease), for channel posts. */
export async function claimChannelPost(
  db: Db,
  id: string,
  leaseSeconds: number,
): Promise<ClaimedPost | undefined> {
  const [row] = await db.query<ClaimedPost>(sql`
    with picked as (
      select team_id from announcement_channel_post
       where announcement_id = ${id}
         and exists (select 1 from announcement where id = ${id} and state = 'sending')
         and ((state = 'pending' and next_attempt_at <= now()) or (state = 'in_flight' and claimed_until < now()))
       order by next_attempt_at limit 1
       for update skip locked)
    update announcement_channel_post p
       set state = 'in_flight', attempts = p.attempts + 1, claimed_until = now() + ${leaseSeconds} * interval '1 second'
      from picked
     where p.announcement_id = ${id} and p.team_id = picked.team_id
    returning p.team_id, p.conversation_id, p.attempts, p.activity_id`);
  return row;
}

/** Right before the request: still this claim's? (see fenceClaim) */
export async function fenceChannelPost(
  db: Db,
  id: string,
  teamId: string,
  attempts: number,
  leaseSeconds: number,
): Promise<boolean> {
  const rows = await db.query(sql`
    update announcement_channel_post set claimed_until = now() + ${leaseSeconds} * interval '1 second'
     where announcement_id = ${id} and team_id = ${teamId} and state = 'in_flight' and attempts = ${attempts}
       and claimed_until > now()
    returning 1`);
  return rows.length > 0;
}

export async function recordChannelResult(
  db: Db,
  id: string,
  teamId: string,
  result: RecipientResult,
  attempts: number,
): Promise<void> {
  if (result.state === 'sent')
    await db.query(sql`
      update announcement_channel_post set state = 'sent', activity_id = ${result.activityId}, sent_at = now(), claimed_until = null,
             last_status = ${result.status ?? 201}, last_error = null, synced_revision = ${result.revision}
       where announcement_id = ${id} and team_id = ${teamId} and state = 'in_flight' and attempts = ${attempts}`);
  else if (result.state === 'retry')
    await db.query(sql`
      update announcement_channel_post set state = 'pending', claimed_until = null, last_status = ${result.status ?? null},
             last_error = ${result.error ?? null}, next_attempt_at = now() + ${result.delayMs} * interval '1 millisecond'
       where announcement_id = ${id} and team_id = ${teamId} and state = 'in_flight' and attempts = ${attempts}`);
  else
    await db.query(sql`
      update announcement_channel_post set state = ${result.state}, claimed_until = null, last_status = ${result.status ?? null},
             last_error = ${result.error ?? null}
       where announcement_id = ${id} and team_id = ${teamId} and state = 'in_flight' and attempts = ${attempts}`);
}

/** Sent channel posts that still show an older revision (after "update" or "recall"). */
export async function claimChannelSync(
  db: Db,
  id: string,
  leaseSeconds: number,
): Promise<(ClaimedPost & { revision: number }) | undefined> {
  const [row] = await db.query<ClaimedPost & { revision: number }>(sql`
    with a as (select revision from announcement where id = ${id}),
    picked as (
      select team_id from announcement_channel_post, a
       where announcement_id = ${id} and state = 'sent' and synced_revision < a.revision
         and ((sync_state = 'idle' and sync_next_at <= now()) or (sync_state = 'in_flight' and sync_claimed_until < now()))
       limit 1
       for update of announcement_channel_post skip locked)
    update announcement_channel_post p
       set sync_state = 'in_flight', sync_attempts = p.sync_attempts + 1, sync_claimed_until = now() + ${leaseSeconds} * interval '1 second'
      from picked, a
     where p.announcement_id = ${id} and p.team_id = picked.team_id
    returning p.team_id, p.conversation_id, p.sync_attempts as attempts, p.activity_id, a.revision`);
  return row;
}

export async function recordChannelSync(
  db: Db,
  id: string,
  teamId: string,
  result:
    | { state: 'done'; revision: number }
    | { state: 'retry'; delayMs: number }
    | { state: 'failed'; error?: string },
): Promise<void> {
  if (result.state === 'done')
    await db.query(sql`update announcement_channel_post set synced_revision = greatest(synced_revision, ${result.revision}), sync_state = 'idle',
                             sync_attempts = 0, sync_claimed_until = null
                        where announcement_id = ${id} and team_id = ${teamId}`);
  else if (result.state === 'retry')
    await db.query(sql`update announcement_channel_post set sync_state = 'idle', sync_claimed_until = null,
                             sync_next_at = now() + ${result.delayMs} * interval '1 millisecond'
                        where announcement_id = ${id} and team_id = ${teamId}`);
  else
    await db.query(sql`update announcement_channel_post set sync_state = 'failed', sync_claimed_until = null, last_error = ${result.error ?? null}
                        where announcement_id = ${id} and team_id = ${teamId}`);
}

/** Milliseconds until a channel post (send or sync) can be claimed again; null when none waits. */
export async function nextChannelWorkInMs(db: Db, id: string, sync: boolean): Promise<number | null> {
  const [row] = await db.query<{ ms: number | null }>(
    sync
      ? sql`select (extract(epoch from min(greatest(case when p.sync_state = 'in_flight' then p.sync_claimed_until else p.sync_next_at end, now())) - now()) * 1000)::float8 as ms
              from announcement_channel_post p join announcement a on a.id = p.announcement_id
             where p.announcement_id = ${id} and p.state = 'sent' and p.synced_revision < a.revision and p.sync_state <> 'failed'`
      : sql`select (extract(epoch from min(greatest(case when state = 'in_flight' then claimed_until else next_attempt_at end, now())) - now()) * 1000)::float8 as ms
              from announcement_channel_post where announcement_id = ${id} and state in ('pending', 'in_flight')`,
  );
  return row?.ms === null || row?.ms === undefined ? null : Number(row.ms);
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
    select p.team_id, t.name, p.state, p.sent_at, p.synced_revision >= a.revision as synced
      from announcement_channel_post p join team_channel t on t.team_id = p.team_id join announcement a on a.id = p.announcement_id
     where p.announcement_id = ${id} order by t.name`);
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
    select 1 from announcement_channel_post
     where announcement_id = ${announcementId} and team_id = ${teamId} and state = 'sent' limit 1`);
  return rows.length > 0;
}
