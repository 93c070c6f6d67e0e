import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { insertDraft, transition } from './announcement.repository.ts';
import { finishIfDone, prepareBatch } from './recipient.repository.ts';
import {
  claimChannelPost,
  fenceChannelPost,
  markTeamRemoved,
  recordChannelResult,
  saveTeamInstall,
} from './team-channel.repository.ts';

const NOBODY = { everyone: false, bureauIds: [], sectionIds: [], roles: [], employeeIds: [] };
const team = (teamId: string) => ({
  teamId,
  name: teamId,
  conversationId: teamId,
  serviceUrl: 'https://smba.example/',
  tenantId: null,
});

describe('channel posts of announcements (PGlite, or the real server with DATABASE_URL)', () => {
  let database: TestDatabase;
  let db: Db;
  let author: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await writeDemoOrg(db, 20);
    const [row] = await db.query<{ id: string }>(sql`select id from employee where employee_no = 'D00001'`);
    author = row!.id;
    await saveTeamInstall(db, team('19:a@thread.tacv2'));
    await saveTeamInstall(db, team('19:b@thread.tacv2'));
    await saveTeamInstall(db, team('19:gone@thread.tacv2'));
    await markTeamRemoved(db, '19:gone@thread.tacv2', new Date());
  }, 60_000);
  afterAll(() => database?.drop());

  const newSending = async (audience: object) => {
    const a = await insertDraft(db, author, {
      title: 't',
      body: 'b',
      imageUrl: null,
      links: [],
      ackEnabled: false,
      language: 'ja',
      audience: { ...NOBODY, ...audience },
    });
    await transition(db, a.id, ['draft'], 'sending');
    return a.id;
  };
  const posts = async (id: string) =>
    (
      await db.query<{ team_id: string }>(
        sql`select team_id from announcement_channel_post where announcement_id = ${id} order by team_id`,
      )
    ).map((r) => r.team_id);

  it('writes one post per installed team once, however often preparing is repeated', async () => {
    const id = await newSending({ allTeams: true });
    expect(await prepareBatch(db, id, 100)).toEqual({ added: 0, done: true });
    expect(await prepareBatch(db, id, 100)).toEqual({ added: 0, done: true });
    expect(await posts(id)).toEqual(['19:a@thread.tacv2', '19:b@thread.tacv2']);
    const chosen = await newSending({ teamIds: ['19:b@thread.tacv2', '19:gone@thread.tacv2'] });
    await prepareBatch(db, chosen, 100);
    expect(await posts(chosen)).toEqual(['19:b@thread.tacv2']);
  });

  it('gives a crashed sender’s post to the next one after its lease, and the stale sender cannot send', async () => {
    const id = await newSending({ teamIds: ['19:a@thread.tacv2'] });
    await prepareBatch(db, id, 100);
    const first = await claimChannelPost(db, id, 30);
    expect(first?.attempts).toBe(1);
    // While the first claim holds, nobody else gets the post and the announcement is not done.
    expect(await claimChannelPost(db, id, 30)).toBeUndefined();
    expect(await finishIfDone(db, id)).toBe(false);
    // The first sender dies: its lease runs out.
    await db.query(
      sql`update announcement_channel_post set claimed_until = now() - interval '1 second' where announcement_id = ${id}`,
    );
    const second = await claimChannelPost(db, id, 30);
    expect(second?.attempts).toBe(2);
    expect(await fenceChannelPost(db, id, first!.team_id, first!.attempts, 30)).toBe(false);
    expect(await fenceChannelPost(db, id, second!.team_id, second!.attempts, 30)).toBe(true);
    // A late answer for the old claim changes nothing; the live one completes the announcement.
    await recordChannelResult(db, id, first!.team_id, { state: 'failed', error: 'late' }, first!.attempts);
    await recordChannelResult(
      db,
      id,
      second!.team_id,
      { state: 'sent', conversationId: second!.conversation_id, activityId: 'x1', revision: 1 },
      second!.attempts,
    );
    const [row] = await db.query<{ state: string; activity_id: string }>(
      sql`select state, activity_id from announcement_channel_post where announcement_id = ${id}`,
    );
    expect(row).toEqual({ state: 'sent', activity_id: 'x1' });
    expect(await finishIfDone(db, id)).toBe(true);
  });
});
