import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../core/access/role-assignment.repository.ts';
import { sql } from '../../core/db/sql.ts';
import { importOrgCsv } from '../../core/org/org-import.service.ts';
import { metrics } from '../../core/shared/metrics.ts';
import { AUTHORITY_HOST, entraHandlers, type TokenRequestLog } from '../fixtures/identity/entra-handlers.ts';
import { GRAPH_BASE } from '../fixtures/identity/graph-fixtures.ts';
import { BOT_APP_ID, startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';

const TEAMS_APP = '1542629c-01b3-4a6d-8f76-1938b779e48d';
const HR = '5d1c0a7e-0000-4000-8000-000000000801';
const HAS_APP = '5d1c0a7e-0000-4000-8000-000000000802';
/** Never opened the app: Teams refuses to create a chat with him until it is installed for him. */
const NEW_STAFF = '5d1c0a7e-0000-4000-8000-000000000803';
/** The tenant's policy blocks the app for her: Graph refuses the install. */
const BLOCKED_BY_POLICY = '5d1c0a7e-0000-4000-8000-000000000804';

const installs: { user: string; body: unknown; auth: string | null }[] = [];
const tokenLog: TokenRequestLog[] = [];
let announceInstalled: (user: string) => void = () => {};
const installedOnce = new Promise<string>((resolve) => {
  announceInstalled = resolve;
});

const appsOf = `${GRAPH_BASE}/v1.0/users/:user/teamwork/installedApps`;
const graph = setupServer(
  ...entraHandlers(TENANT_ID, tokenLog),
  http.post(appsOf, async ({ request, params }) => {
    const user = String(params.user);
    installs.push({ user, body: await request.json(), auth: request.headers.get('authorization') });
    if (user === BLOCKED_BY_POLICY)
      return HttpResponse.json(
        { error: { code: 'Forbidden', message: 'app blocked by policy' } },
        { status: 403 },
      );
    // A second install of the same app answers 409, as Graph does.
    if (installs.filter((i) => i.user === user).length > 1)
      return HttpResponse.json({ error: { code: 'Conflict' } }, { status: 409 });
    announceInstalled(user);
    return new HttpResponse(null, { status: 201 });
  }),
  http.get(appsOf, () => HttpResponse.json({ value: [{ id: 'aW5zdGFsbA==', teamsApp: { id: TEAMS_APP } }] })),
  http.get(`${appsOf}/:installation/chat`, ({ params }) =>
    HttpResponse.json({ id: `19:${String(params.user)}_bot@unq.gbl.spaces` }),
  ),
);

describe('announcements install the Teams app for staff who never opened it (Graph + connector)', () => {
  let t: TestApp;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-dev-persona': 'D00001' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    t = await startTestApp({
      authMode: 'dev',
      seedDemo: false,
      env: {
        SSO_CLIENT_SECRET: 'secret',
        ENTRA_AUTHORITY_HOST: AUTHORITY_HOST,
        GRAPH_BASE_URL: GRAPH_BASE,
        TEAMS_APP_CATALOG_ID: TEAMS_APP,
      },
    });
    // Only Graph and Entra are mocked; the app, its token issuer and the connector are real local servers.
    graph.use(
      ...[t.baseUrl, t.connector.url, t.issuer.url].map((origin) =>
        http.all(`${origin}/*`, () => passthrough()),
      ),
    );
    graph.listen({ onUnhandledRequest: 'error' });
    const csv = [
      'employee_no,family_name,given_name,family_name_kana,given_name_kana,upn,entra_oid,bureau_code,bureau_name,bureau_kind,section_code,section_name,manager_employee_no,gender,roles',
      `D00001,佐藤,美咲,サトウ,ミサキ,sato.misaki@example.go.jp,${HR},B01,大臣官房,本省内部部局,B01-01,人事課,,女性,`,
      `D00002,高橋,誠,タカハシ,マコト,takahashi.makoto@example.go.jp,${HAS_APP},B02,行政局,本省内部部局,B02-01,企画課,,男性,`,
      `D00003,中村,健太,ナカムラ,ケンタ,nakamura.kenta@example.go.jp,${NEW_STAFF},B02,行政局,本省内部部局,B02-01,企画課,D00002,男性,`,
      `D00004,伊藤,由美,イトウ,ユミ,ito.yumi@example.go.jp,${BLOCKED_BY_POLICY},B02,行政局,本省内部部局,B02-01,企画課,D00002,女性,`,
    ].join('\n');
    await importOrgCsv(t.db, new TextEncoder().encode(csv), { id: null, label: 'test' });
    // Roles are an administrator's grant, never an import column.
    await grantRole(t.db, { employeeNo: 'D00001', role: 'hr', bureauId: null }, null);
    // Delivery is under test here, not the four-eyes rule (test/e2e/four-eyes.test.ts).
    await t.db.query(
      sql`insert into setting (key, value) values ('announcements', ${JSON.stringify({ requireSecondApproverForEveryone: false })})`,
    );
    // HR opens the bot once: the app learns the service URL where it creates everyone else's chats.
    await t.sendActivity(t.personalActivity(HR, { type: 'message', text: 'ヘルプ' }));
  }, 60_000);
  afterAll(async () => {
    graph.close();
    await t?.stop();
  });

  it('installs the app for a person without a chat, delivers once the chat exists, and gives up only on a refusal', async () => {
    // Teams answers 403 to creating a chat with someone who does not have the app.
    t.connector.inject((req) =>
      req.method === 'POST' &&
      !req.conversationId &&
      (req.memberId === NEW_STAFF || req.memberId === BLOCKED_BY_POLICY)
        ? { status: 403 }
        : undefined,
    );
    const installedBefore = metrics.appInstalls.value({ outcome: 'installed' });
    const created = await api('POST', '/announcements', {
      title: '年末年始の閉庁について',
      body: '12月29日から1月3日までは**閉庁日**です。',
      links: [],
      ackEnabled: false,
      language: 'ja',
      audience: { everyone: true, bureauIds: [], sectionIds: [], roles: [], employeeIds: [] },
    });
    expect(created.status).toBe(200);
    expect((await api('POST', `/announcements/${created.body.id}/submit`, {})).body.state).toBe('sending');

    // The install makes Teams add the bot to his personal chat: the bot gets the conversationUpdate.
    let guard: NodeJS.Timeout | undefined;
    const installed = await Promise.race([
      installedOnce,
      new Promise((resolve) => {
        guard = setTimeout(() => resolve('no app install within 15 s'), 15_000);
      }),
    ]);
    clearTimeout(guard);
    expect(installed).toBe(NEW_STAFF);
    await t.sendActivity(
      t.personalActivity(NEW_STAFF, {
        type: 'conversationUpdate',
        membersAdded: [{ id: `28:${BOT_APP_ID}` }],
      }),
    );

    const announcement = await t.connector.waitFor(
      (c) =>
        c.conversationId === `a:${NEW_STAFF}` &&
        JSON.stringify(c.activity?.attachments ?? []).includes('閉庁日'),
      20_000,
    );
    expect(announcement.method).toBe('POST');

    const states = async () =>
      t.db.query<{ employee_no: string; state: string }>(sql`
        select e.employee_no, d.state from delivery d join employee e on e.id::text = d.recipient
         where d.purpose = 'announcement' and d.subject = ${created.body.id} order by e.employee_no`);
    for (let i = 0; i < 200; i++) {
      const tracking = await api('GET', `/announcements/${created.body.id}/tracking`);
      if (tracking.body.state === 'sent') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await states()).toEqual([
      { employee_no: 'D00001', state: 'sent' },
      { employee_no: 'D00002', state: 'sent' },
      { employee_no: 'D00003', state: 'sent' },
      // Graph refused the install (403): recorded, not retried.
      { employee_no: 'D00004', state: 'no_conversation' },
    ]);
    t.connector.inject(undefined);

    // Installed as the app (app-only token), binding the catalog app; nobody who had a chat got an install.
    expect(new Set(installs.map((i) => i.user))).toEqual(new Set([NEW_STAFF, BLOCKED_BY_POLICY]));
    expect(installs.filter((i) => i.user === BLOCKED_BY_POLICY)).toHaveLength(1);
    for (const i of installs) {
      expect(i.auth).toBe('Bearer app-only-token');
      expect(i.body).toEqual({
        'teamsApp@odata.bind': `${GRAPH_BASE}/v1.0/appCatalogs/teamsApps/${TEAMS_APP}`,
      });
    }
    expect(tokenLog.every((l) => l.grantType === 'client_credentials')).toBe(true);
    // Exactly one announcement in his chat (the other post there is the bot's welcome card).
    const posts = t.connector
      .sent()
      .filter((c) => c.conversationId === `a:${NEW_STAFF}` && JSON.stringify(c.activity).includes('閉庁日'));
    expect(posts).toHaveLength(1);
    expect(metrics.appInstalls.value({ outcome: 'installed' })).toBe(installedBefore + 1);
  }, 45_000);
});
