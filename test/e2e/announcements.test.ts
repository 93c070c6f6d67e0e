import { ServiceClientCredentialsFactory } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { type App, startApp } from '../../server/app.ts';
import { BOT_APP_ID, startTestApp, type TestApp } from '../harness/app.ts';

type Card = {
  body: { type: string; text?: string }[];
  actions?: { type: string; title: string; verb?: string }[];
};
const cardText = (card: Card | undefined) => (card?.body ?? []).map((b) => b.text ?? '').join('\n');
const cardOfCall = (call: { activity?: { attachments?: { content: Record<string, unknown> }[] } }) =>
  call.activity?.attachments?.[0]?.content as unknown as Card;

/** Waits for a condition the app reaches by itself (a broadcast finishing), checking every 50 ms. */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 45_000,
  explain?: () => Promise<unknown>,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await explain?.())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The same static outbound credentials the harness gives its app, for a second instance. */
class StaticTokenCredentialsFactory extends ServiceClientCredentialsFactory {
  override async isValidAppId(appId: string) {
    return appId === BOT_APP_ID;
  }
  override async isAuthenticationDisabled() {
    return false;
  }
  override async createCredentials() {
    return {
      async signRequest<T extends { headers: { set(name: string, value: string): void } }>(webResource: T) {
        webResource.headers.set('authorization', 'Bearer test-outbound-bot-token');
        return webResource;
      },
    } as never;
  }
}

const EVERYONE = { everyone: true, bureauIds: [], sectionIds: [], roles: [], employeeIds: [] };
const draft = (over: Record<string, unknown> = {}) => ({
  title: '年末年始の閉庁について',
  body: '12月29日から1月3日までは**閉庁日**です。',
  imageUrl: 'https://example.go.jp/banner.png',
  links: [{ title: '詳細', url: 'https://example.go.jp/info' }],
  ackEnabled: true,
  language: 'ja',
  audience: EVERYONE,
  ...over,
});

describe('ministry-wide announcements through the real bot path and a local connector', () => {
  let t: TestApp;
  let clock = new Date();
  let staff: number;
  let second: App | undefined;
  /** The announcement the main broadcast test sends; later tests ack, update and recall it. */
  let sentId = '';

  const api = async (method: string, path: string, body?: unknown, persona = 'D00001') => {
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-dev-persona': persona },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: the tests read many answer shapes
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  };
  const tracking = async (id: string) => (await api('GET', `/announcements/${id}/tracking`)).body;

  beforeAll(async () => {
    t = await startTestApp({
      authMode: 'dev',
      env: { BOT_RATE_PER_SECOND: '400' },
      overrides: { now: () => clock },
    });
    // HR opens the bot once: the app learns the service URL where it creates everyone else's chats.
    await t.sendActivity(t.personalActivity(await t.oidOf('D00001'), { type: 'message', text: 'ヘルプ' }));
    await t.db.query(
      // Delivery is under test here, not the four-eyes rule (test/e2e/four-eyes.test.ts).
      sql`insert into setting (key, value) values ('announcements', ${JSON.stringify({ concurrency: 8, requireSecondApproverForEveryone: false })})`,
    );
    const [row] = await t.db.query<{ n: number }>(sql`select count(*)::int as n from employee where active`);
    staff = row?.n ?? 0;
  }, 90_000);
  afterAll(async () => {
    await second?.stop();
    await t?.stop();
  });

  it('refuses bad input with field errors before anything is stored', async () => {
    const http = await api(
      'POST',
      '/announcements',
      draft({ imageUrl: 'http://example.go.jp/x.png', links: [{ title: 'x', url: 'javascript:alert(1)' }] }),
    );
    expect(http.status).toBe(400);
    expect(http.body.errors.map((e: { where: string }) => e.where).sort()).toEqual([
      'imageUrl',
      'links.0.url',
    ]);

    const huge = await api('POST', '/announcements', draft({ body: 'あ'.repeat(20_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.title).toMatch(/40 KB/);

    const list = await api('POST', '/announcements-audience/list', {
      text: 'upn\nd00003@demo.example.go.jp\nnobody@demo.example.go.jp\nE999999\n',
    });
    expect(list.status).toBe(400);
    expect(list.body.errors).toEqual([
      {
        where: 'line 3',
        message: 'unknown UPN or employee number: nobody@demo.example.go.jp',
        key: 'announcement.unknown_recipient',
        params: { value: 'nobody@demo.example.go.jp' },
      },
      {
        where: 'line 4',
        message: 'unknown UPN or employee number: E999999',
        key: 'announcement.unknown_recipient',
        params: { value: 'E999999' },
      },
    ]);

    const empty = await api('POST', '/announcements', draft({ audience: { ...EVERYONE, everyone: false } }));
    const submit = await api('POST', `/announcements/${empty.body.id}/submit`, {});
    expect(submit.status).toBe(400);
    expect(submit.body.errors).toEqual([
      {
        where: 'audience',
        message: 'nobody is in the audience',
        key: 'announcement.no_recipients',
        params: {},
      },
    ]);
    const [n] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from delivery where subject = ${empty.body.id}`,
    );
    expect(n?.n).toBe(0);
  });

  it('lets only HR compose or send', async () => {
    expect((await api('POST', '/announcements', draft(), 'D00003')).status).toBe(403);
    expect((await api('GET', '/announcements', undefined, 'D00002')).status).toBe(403);
  });

  it('resolves an uploaded list and counts the recipients before sending', async () => {
    const list = await api('POST', '/announcements-audience/list', {
      text: 'd00003@demo.example.go.jp\r\nD00005\n',
    });
    expect(list.body.count).toBe(2);
    const count = await api('POST', '/announcements-audience/count', {
      ...EVERYONE,
      everyone: false,
      employeeIds: list.body.employeeIds,
    });
    expect(count.body.count).toBe(2);
    expect((await api('POST', '/announcements-audience/count', EVERYONE)).body.count).toBe(staff);
  });

  it('sends to every staff member exactly once, honouring 429s per request, retrying 503s and marking blocked users undeliverable', async () => {
    const blocked = `a:${await t.oidOf('D00003')}`;
    // D00005's delivery row is read exactly later (one attempt), so her chat is never throttled;
    // which other chats are depends on the senders' order.
    const watched = `a:${await t.oidOf('D00005')}`;
    const throttledAt = new Map<string, number>();
    const failedOnce = new Set<string>();
    t.connector.inject((req) => {
      if (req.method !== 'POST' || !req.conversationId || req.conversationId === watched) return undefined;
      if (req.conversationId === blocked) return { status: 403 };
      // Every 25th chat is throttled once with Retry-After: 1, every 40th gets a 503 once.
      if (req.index % 25 === 3 && !throttledAt.has(req.conversationId)) {
        throttledAt.set(req.conversationId, Date.now());
        return { status: 429, headers: { 'retry-after': '1' } };
      }
      if (req.index % 40 === 7 && !failedOnce.has(req.conversationId)) {
        failedOnce.add(req.conversationId);
        return { status: 503 };
      }
      return undefined;
    });
    const before = t.connector.postsPerConversation();
    const created = await api('POST', '/announcements', draft());
    expect(created.status).toBe(200);
    sentId = created.body.id;
    const sub = await api('POST', `/announcements/${created.body.id}/submit`, {});
    expect(sub.body.state).toBe('sending');

    const done = await until(
      'the broadcast to finish',
      async () => {
        const tr = await tracking(created.body.id);
        return tr.state === 'sent' && tr;
      },
      45_000,
      () => tracking(created.body.id),
    );
    t.connector.inject(undefined);
    expect(done.progress).toMatchObject({
      total: staff,
      sent: staff - 1,
      undeliverable: 1,
      pending: 0,
      inFlight: 0,
      failed: 0,
    });

    const posts = t.connector.postsPerConversation();
    const recipients = await t.db.query<{ c: string }>(
      sql`select 'a:' || entra_oid::text as c from employee where active`,
    );
    for (const { c } of recipients) {
      const got = (posts.get(c) ?? 0) - (before.get(c) ?? 0);
      expect({ c, got }).toEqual({ c, got: c === blocked ? 0 : 1 });
    }
    const [blockedRow] = await t.db.query<{ state: string; attempts: number; last_status: number }>(sql`
      select state, attempts, last_status from delivery d join employee e on e.id::text = d.recipient
       where e.employee_no = 'D00003' and d.purpose = 'announcement' and d.subject = ${sentId} and d.version = 1`);
    expect(blockedRow).toEqual({ state: 'undeliverable', attempts: 1, last_status: 403 });

    // Each throttled chat waited its second; the others did not wait for it. The engine itself
    // retried (a second attempt through the limiter), not a hidden retry inside the HTTP client,
    // and the same for the chats that got a 503 once.
    expect(throttledAt.size).toBeGreaterThan(0);
    expect(failedOnce.size).toBeGreaterThan(0);
    const attempts = await t.db.query<{ c: string; attempts: number }>(sql`
      select 'a:' || aad_object_id as c, attempts from delivery
       where purpose = 'announcement' and subject = ${sentId} and version = 1 and attempts > 1`);
    expect(attempts.map((r) => r.c).sort()).toEqual(
      [...new Set([...throttledAt.keys(), ...failedOnce])].sort(),
    );
    const sends = t.connector.sent();
    for (const [c, at] of throttledAt) {
      const delivered = sends.find((s) => s.conversationId === c && s.at >= at);
      expect(delivered!.at - at).toBeGreaterThanOrEqual(950);
      expect(sends.some((s) => s.conversationId !== c && s.at > at && s.at < at + 900)).toBe(true);
    }
    const oid5 = await t.oidOf('D00005');
    const card = cardOfCall(sends.find((s) => s.conversationId === `a:${oid5}`)!);
    expect(cardText(card)).toContain('閉庁日');
    expect(card.actions?.map((a) => a.title)).toEqual(['詳細', '確認しました']);
  }, 90_000);

  it('records an acknowledgement once, counts it per bureau, and exports it', async () => {
    const a = { id: sentId };
    const oid = await t.oidOf('D00005');
    const press = () =>
      t.sendActivity(
        t.personalActivity(oid, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: {
            action: { type: 'Action.Execute', verb: 'announcement.ack', data: { announcementId: a.id } },
          },
        }),
      );
    const first = (await press()).body as { value: Card };
    expect(cardText(first.value)).toContain('確認済み');
    expect(first.value.actions?.map((x) => x.title)).toEqual(['詳細']);
    const second = (await press()).body as { value: Card };
    expect(cardText(second.value)).toBe(cardText(first.value));

    const tr = await tracking(a.id);
    expect(tr.progress.acked).toBe(1);
    expect(tr.byBureau.reduce((n: number, b: { acked: number }) => n + b.acked, 0)).toBe(1);
    expect(tr.byBureau.find((b: { acked: number }) => b.acked === 1).bureauName).toBe('情報通信局');

    const csv = await fetch(`${t.baseUrl}/api/tab/announcements/${a.id}/export.csv`, {
      headers: { 'x-dev-persona': 'D00001' },
    });
    const bytes = Buffer.from(await csv.arrayBuffer());
    // A BOM first, so that Excel opens the Japanese names as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('employee_no,name,bureau,section,state,attempts,last_status,sent_at,acked_at');
    expect(lines).toHaveLength(staff + 1);
    expect(lines.find((l) => l.startsWith('D00005'))).toMatch(/,sent,1,201,[^,]+,20\d\d-/);
    expect(lines.find((l) => l.startsWith('D00003'))).toMatch(/,undeliverable,1,403,,$/);
  });

  it('updates the sent card in place for everyone, then recalls it everywhere', async () => {
    const id = sentId;
    const oid5 = await t.oidOf('D00005');
    const puts = () => t.connector.calls.filter((c) => c.method === 'PUT' && c.path.includes('/activities/'));
    const before = puts().length;
    const upd = await api(
      'POST',
      `/announcements/${id}/update`,
      draft({ body: '閉庁期間を**1月4日まで**に変更しました。' }),
    );
    expect(upd.body.revision).toBe(2);
    await until('every card to be edited', async () => {
      const tr = await tracking(id);
      return tr.progress.synced === tr.progress.sent && tr;
    });
    const edits = puts().slice(before);
    expect(new Set(edits.map((e) => e.conversationId)).size).toBe(staff - 1);
    expect(cardText(cardOfCall(edits[0]!))).toContain('1月4日まで');
    // The person who acknowledged keeps seeing it in the edited card.
    const acked = edits.find((e) => e.conversationId === `a:${oid5}`);
    expect(cardText(cardOfCall(acked!))).toContain('確認済み');

    const deletesBefore = t.connector.calls.filter((c) => c.method === 'DELETE').length;
    const rec = await api('POST', `/announcements/${id}/recall`, { mode: 'delete' });
    expect(rec.body.recalled).toBe(true);
    await until(
      'every card to be deleted',
      async () => {
        const tr = await tracking(id);
        return tr.progress.synced === tr.progress.sent && tr;
      },
      45_000,
      async () => ({
        tracking: await tracking(id),
        rows: await t.db.query(
          sql`select version, op, state, last_error, count(*) from delivery where subject = ${id} group by 1,2,3,4`,
        ),
        jobs: await t.db
          .query(sql`select name, state, count(*) from pgboss.job group by 1,2`)
          .catch((e) => String(e)),
      }),
    );
    const deletes = t.connector.calls.filter((c) => c.method === 'DELETE').slice(deletesBefore);
    expect(new Set(deletes.map((d) => d.conversationId)).size).toBe(staff - 1);
    expect((await api('POST', `/announcements/${id}/recall`, { mode: 'delete' })).status).toBe(409);
  }, 90_000);

  it('shares one broadcast between two app instances without sending anything twice', async () => {
    second = await startApp(t.config, {
      credentialsFactory: new StaticTokenCredentialsFactory(),
      logger: createLogger('silent'),
      db: t.config.database.url ? undefined : t.db,
    });
    const before = t.connector.postsPerConversation();
    const created = await api('POST', '/announcements', draft({ title: '二台で配信', ackEnabled: false }));
    await api('POST', `/announcements/${created.body.id}/submit`, {});
    await until('the broadcast to finish', async () => (await tracking(created.body.id)).state === 'sent');
    const after = t.connector.postsPerConversation();
    const dupes = [...after].filter(([c, n]) => n - (before.get(c) ?? 0) > 1);
    expect(dupes).toEqual([]);
    const [row] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from delivery where purpose = 'announcement' and subject = ${created.body.id} and state = 'sent'`,
    );
    expect(row?.n).toBe(staff);
  }, 90_000);

  it('sends a test copy to the author only, and waits for a second HR person when approval is required', async () => {
    const hrOid = await t.oidOf('D00001');
    const created = await api('POST', '/announcements', draft({ title: '承認テスト' }));
    const before = t.connector.sent().length;
    expect((await api('POST', `/announcements/${created.body.id}/send-to-me`, {})).body).toEqual({
      sent: true,
    });
    const mine = t.connector.sent().slice(before);
    expect(mine.map((c) => c.conversationId)).toEqual([`a:${hrOid}`]);
    expect(cardText(cardOfCall(mine[0]!))).toContain('閉庁日');

    await t.db.query(
      sql`update setting set value = value || '{"requireSecondApprover": true}'::jsonb where key = 'announcements'`,
    );
    try {
      const sub = await api('POST', `/announcements/${created.body.id}/submit`, {});
      expect(sub.body.state).toBe('pending_approval');
      const self = await api('POST', `/announcements/${created.body.id}/approve`, {});
      expect(self.status).toBe(403);
      const [second] = await t.db.query<{ id: string }>(
        sql`select id from employee where employee_no = 'D00002'`,
      );
      await t.db.query(sql`insert into role_assignment (employee_id, role) values (${second!.id}, 'hr')`);
      const ok = await api('POST', `/announcements/${created.body.id}/approve`, {}, 'D00002');
      expect(ok.body.state).toBe('sending');
      await api('POST', `/announcements/${created.body.id}/cancel`, {});
    } finally {
      await t.db.query(
        sql`update setting set value = value - 'requireSecondApprover' where key = 'announcements'`,
      );
    }
  });

  it('sends a scheduled announcement when its time comes on the app clock, not before', async () => {
    const created = await api(
      'POST',
      '/announcements',
      draft({ title: '予約配信', audience: { ...EVERYONE, everyone: false, roles: ['executive'] } }),
    );
    const at = new Date(clock.getTime() + 3_600_000);
    const sub = await api('POST', `/announcements/${created.body.id}/submit`, {
      scheduledAt: at.toISOString(),
    });
    expect(sub.body.state).toBe('scheduled');
    const mod = t.app.modules.find((m) => m.name === 'announcements')!;
    const dispatch = mod.jobs!.find((j) => j.name === 'announcements-dispatch')!;
    await dispatch.handler({} as never, { jobId: 'test' });
    expect((await tracking(created.body.id)).state).toBe('scheduled');
    clock = new Date(at.getTime() + 1_000);
    await dispatch.handler({} as never, { jobId: 'test' });
    await until(
      'the scheduled broadcast to finish',
      async () => (await tracking(created.body.id)).state === 'sent',
    );
  }, 90_000);
});
