import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { BOT_APP_ID, startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';

type Card = { body: { text?: string }[]; actions?: { title: string }[] };
const cardText = (card: Card | undefined) => (card?.body ?? []).map((b) => b.text ?? '').join('\n');

/** Waits for a state the app reaches by itself (the senders finishing), checking every 50 ms. */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const GENERAL_A = '19:general-jinji@thread.tacv2';
const GENERAL_B = '19:general-soumu@thread.tacv2';
const TITLE = '年末年始の閉庁について（チャネル）';

describe('announcements posted to the General channel of teams the bot is installed in', () => {
  let t: TestApp;

  const api = async (method: string, path: string, body?: unknown, persona = 'D00001') => {
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-dev-persona': persona },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: the tests read many answer shapes
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  };

  /** A conversationUpdate in a team's General channel, as Teams sends when the bot joins or leaves. */
  const teamUpdate = (teamId: string, name: string, change: 'added' | 'removed', fromOid: string) => ({
    id: randomUUID(),
    type: 'conversationUpdate',
    channelId: 'msteams',
    serviceUrl: t.connector.url,
    timestamp: new Date().toISOString(),
    from: { id: `29:${fromOid}`, aadObjectId: fromOid },
    recipient: { id: `28:${BOT_APP_ID}`, name: 'Kinmu Companion' },
    conversation: { id: teamId, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    channelData: {
      eventType: change === 'added' ? 'teamMemberAdded' : 'teamMemberRemoved',
      team: { id: teamId, name },
      tenant: { id: TENANT_ID },
    },
    ...(change === 'added'
      ? { membersAdded: [{ id: `28:${BOT_APP_ID}` }] }
      : { membersRemoved: [{ id: `28:${BOT_APP_ID}` }] }),
  });

  /** Posts of our announcement card per conversation (the welcome card is not one). */
  const announcementPosts = (conversationId: string) =>
    t.connector
      .sent()
      .filter(
        (c) =>
          c.conversationId === conversationId &&
          cardText(c.activity?.attachments?.[0]?.content as unknown as Card).includes('閉庁日'),
      );

  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev', env: { BOT_RATE_PER_SECOND: '400' } });
    // Delivery is under test here, not the four-eyes rule (test/e2e/four-eyes.test.ts).
    await t.db.query(
      sql`insert into setting (key, value) values ('announcements', ${JSON.stringify({ requireSecondApproverForEveryone: false })})`,
    );
    const hr = await t.oidOf('D00001');
    // HR opens the bot once (the app learns the service URL), then adds it to two teams.
    await t.sendActivity(t.personalActivity(hr, { type: 'message', text: 'ヘルプ' }));
    expect((await t.sendActivity(teamUpdate(GENERAL_A, '人事課', 'added', hr))).status).toBe(200);
    expect((await t.sendActivity(teamUpdate(GENERAL_B, '総務課', 'added', hr))).status).toBe(200);
    // …and the second team removes it again.
    expect((await t.sendActivity(teamUpdate(GENERAL_B, '総務課', 'removed', hr))).status).toBe(200);
  }, 90_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('lists only the teams the bot is still installed in, and refuses unknown team ids', async () => {
    const options = await api('GET', '/announcements-audience/options');
    expect(options.body.teams).toEqual([{ teamId: GENERAL_A, name: '人事課' }]);

    const bad = await api('POST', '/announcements', {
      title: TITLE,
      body: '12月29日から1月3日までは**閉庁日**です。',
      ackEnabled: true,
      audience: { teamIds: [GENERAL_A, GENERAL_B] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      {
        where: 'audience.teamIds.1',
        message: `the bot is not installed in team ${GENERAL_B}`,
        key: 'announcement.team_not_installed',
        params: {},
      },
    ]);
    const [n] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from announcement where title = ${TITLE}`,
    );
    expect(n?.n).toBe(0);
  });

  it('posts once to the installed team, records who acked in the channel, and recall deletes the post', async () => {
    const [person] = await t.db.query<{ id: string }>(
      sql`select id from employee where employee_no = 'D00005'`,
    );
    const created = await api('POST', '/announcements', {
      title: TITLE,
      body: '12月29日から1月3日までは**閉庁日**です。',
      ackEnabled: true,
      audience: { employeeIds: [person?.id], allTeams: true },
    });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect((await api('POST', `/announcements/${id}/submit`, {})).status).toBe(200);
    const tr = await until('the announcement to be sent', async () => {
      const r = (await api('GET', `/announcements/${id}/tracking`)).body;
      return r.state === 'sent' && r;
    });
    expect(tr.channels).toEqual([
      expect.objectContaining({ teamId: GENERAL_A, state: 'sent', synced: true }),
    ]);

    const posts = announcementPosts(GENERAL_A);
    expect(posts).toHaveLength(1);
    expect(announcementPosts(GENERAL_B)).toHaveLength(0);
    const post = posts[0]!;
    // A new message in the channel (not a reply to someone's message).
    expect(post.path).toBe(`/v3/conversations/${encodeURIComponent(GENERAL_A)}/activities`);

    // Someone in the channel presses 確認しました: their object id is recorded.
    const clicker = await t.oidOf('D00003');
    const press = await t.sendActivity({
      ...teamUpdate(GENERAL_A, '人事課', 'added', clicker),
      type: 'invoke',
      name: 'adaptiveCard/action',
      membersAdded: undefined,
      channelData: { team: { id: GENERAL_A, name: '人事課' }, tenant: { id: TENANT_ID } },
      value: { action: { type: 'Action.Execute', verb: 'announcement.ack', data: { announcementId: id } } },
    });
    expect(press.status).toBe(200);
    const acks = await t.db.query<{ aad_object_id: string; team_id: string }>(
      sql`select aad_object_id, team_id from announcement_channel_ack where announcement_id = ${id}`,
    );
    expect(acks).toEqual([{ aad_object_id: clicker, team_id: GENERAL_A }]);
    expect((await api('GET', `/announcements/${id}/tracking`)).body.channelAcks).toBe(1);

    expect((await api('POST', `/announcements/${id}/recall`, { mode: 'delete' })).status).toBe(200);
    const deleted = await t.connector.waitFor(
      (c) => c.method === 'DELETE' && c.conversationId === GENERAL_A && c.activityId === post.activityId,
    );
    expect(deleted).toBeDefined();
    await until('the channel post to be synced', async () => {
      const r = (await api('GET', `/announcements/${id}/tracking`)).body;
      return r.channels[0]?.synced === true && r;
    });
    // Still exactly one post there, nothing ever went to the team that removed the bot.
    expect(announcementPosts(GENERAL_A)).toHaveLength(1);
    expect(
      t.connector.calls.filter((c) => c.conversationId === GENERAL_B && c.method !== 'POST'),
    ).toHaveLength(0);
    expect(announcementPosts(GENERAL_B)).toHaveLength(0);
  }, 90_000);
});
