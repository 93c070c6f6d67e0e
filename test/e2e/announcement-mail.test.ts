import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import type { App } from '../../server/app.ts';
import { AUTHORITY_HOST, entraHandlers, type TokenRequestLog } from '../fixtures/identity/entra-handlers.ts';
import { GRAPH_BASE } from '../fixtures/identity/graph-fixtures.ts';
import { startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';
import { dispatcherOf, startSecondInstance, tabApi, until } from './announcement-helpers.ts';

const MAILBOX = 'jinji-oshirase@demo.example.go.jp';
const mails: {
  mailbox: string;
  to: string[];
  subject: string;
  html: string;
  auth: string | null;
  /** Everything but the one recipient, the subject and the body (nothing else may go out). */
  rest: Record<string, unknown>;
}[] = [];
const tokenLog: TokenRequestLog[] = [];
const graph = setupServer(
  ...entraHandlers(TENANT_ID, tokenLog),
  http.post(`${GRAPH_BASE}/v1.0/users/:mailbox/sendMail`, async ({ request, params }) => {
    const body = (await request.json()) as {
      message: {
        subject: string;
        body: { content: string };
        toRecipients: { emailAddress: { address: string } }[];
      };
      saveToSentItems?: boolean;
    };
    const { subject: _s, body: _b, toRecipients: _t, ...message } = body.message;
    mails.push({
      mailbox: String(params.mailbox),
      to: body.message.toRecipients.map((r) => r.emailAddress.address),
      subject: body.message.subject,
      html: body.message.body.content,
      auth: request.headers.get('authorization'),
      rest: { message, saveToSentItems: body.saveToSentItems },
    });
    return new HttpResponse(null, { status: 202 });
  }),
);

describe('e-mail fallback for people the bot cannot reach (Graph sendMail mocked with msw)', () => {
  let t: TestApp;
  let second: App | undefined;
  let api: ReturnType<typeof tabApi>;
  let people: { id: string; employee_no: string; upn: string; entra_oid: string | null }[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      authMode: 'dev',
      env: { SSO_CLIENT_SECRET: 'secret', ENTRA_AUTHORITY_HOST: AUTHORITY_HOST, GRAPH_BASE_URL: GRAPH_BASE },
    });
    graph.use(
      ...[t.baseUrl, t.connector.url, t.issuer.url].map((o) => http.all(`${o}/*`, () => passthrough())),
    );
    graph.listen({ onUnhandledRequest: 'error' });
    api = tabApi(t);
    await t.sendActivity(t.personalActivity(await t.oidOf('D00001'), { type: 'message', text: 'ヘルプ' }));
    people = await t.db.query(sql`
      select id, employee_no, upn, entra_oid::text as entra_oid from employee
       where active and entra_oid is not null and upn is not null and employee_no <> 'D00001' order by employee_no limit 4`);
    // One person has no Teams identity at all (no conversation is possible).
    await t.db.query(sql`update employee set entra_oid = null where id = ${people[0]!.id}`);
    second = await startSecondInstance(t, () => new Date());
  }, 90_000);
  afterAll(async () => {
    graph.close();
    await second?.stop();
    await t?.stop();
  });

  const sendOne = async (title: string) => {
    const blocked = `a:${people[1]!.entra_oid}`;
    t.connector.inject((req) =>
      req.method === 'POST' && req.conversationId === blocked ? { status: 403 } : undefined,
    );
    const created = await api('POST', '/announcements', {
      title,
      body: '**重要**: 12月29日から閉庁です。',
      links: [{ title: '詳細', url: 'https://example.go.jp/info' }],
      audience: { employeeIds: people.map((p) => p.id) },
    });
    await api('POST', `/announcements/${created.body.id}/submit`, {});
    await until(
      'sent',
      async () => (await api('GET', `/announcements/${created.body.id}/tracking`)).body.state === 'sent',
    );
    t.connector.inject(undefined);
    return created.body.id as string;
  };

  it('sends no e-mail while the fallback is off (the default)', async () => {
    const id = await sendOne('メールなし');
    await dispatcherOf(t.app)();
    expect(mails).toEqual([]);
    expect((await api('GET', `/announcements/${id}/mail`)).body).toEqual({
      mailed: 0,
      failed: 0,
      noAddress: 0,
      sending: 0,
    });
  }, 60_000);

  it('mails the unreachable people once from the shared mailbox, with the HTML version, and records it', async () => {
    await t.db.query(sql`
      insert into setting (key, value) values ('announcements', ${JSON.stringify({ mailFallback: { enabled: true, sharedMailbox: MAILBOX } })})
      on conflict (key) do update set value = setting.value || excluded.value`);
    const id = await sendOne('年末年始の閉庁について');
    // Both processes run their dispatcher at once.
    await Promise.all([dispatcherOf(t.app)(), dispatcherOf(second!)()]);
    const mine = mails.filter((m) => m.subject.includes('年末年始の閉庁について'));
    // The person without Teams and the one who blocked the bot; the two reached in Teams get nothing.
    expect(mine.map((m) => m.to[0]).sort()).toEqual([people[0]!.upn, people[1]!.upn].sort());
    expect(mine.every((m) => m.mailbox === MAILBOX && m.auth?.startsWith('Bearer '))).toBe(true);
    // One person per mail, no copy in the shared mailbox's Sent Items, no cc/bcc/reply-to, and the
    // body is the card: nobody's name or address (the addressee's included) is written into it.
    for (const m of mine) {
      expect(m.to).toHaveLength(1);
      expect(m.rest).toEqual({ message: {}, saveToSentItems: false });
      for (const p of people) expect(m.html).not.toContain(p.upn);
    }
    expect(mine[0]!.html).toContain('<strong>重要</strong>');
    expect(mine[0]!.html).toContain('<a href="https://example.go.jp/info">詳細</a>');
    expect((await api('GET', `/announcements/${id}/mail`)).body).toEqual({
      mailed: 2,
      failed: 0,
      noAddress: 0,
      sending: 0,
    });
    // Later minutes send nothing again.
    await dispatcherOf(t.app)();
    expect(mails.filter((m) => m.subject.includes('年末年始の閉庁について'))).toHaveLength(2);
    // The earlier announcement (sent while the fallback was off) is within the window too: its
    // unreachable people get it now, each once.
    expect(mails.filter((m) => m.subject.includes('メールなし'))).toHaveLength(2);
  }, 60_000);
});
