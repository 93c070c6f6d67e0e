import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { insertDraft, transition } from './announcement.repository.ts';
import { prepareBatch } from './recipient.repository.ts';
import { markTeamRemoved, saveTeamInstall } from './team-channel.repository.ts';

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
        sql`select recipient as team_id from delivery where purpose = 'announcement.channel' and subject = ${id} order by recipient`,
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
});
