import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { AUTHORITY_HOST, entraHandlers, type TokenRequestLog } from '../fixtures/identity/entra-handlers.ts';
import { GRAPH_BASE } from '../fixtures/identity/graph-fixtures.ts';
import { startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';
import { tabApi, until } from './announcement-helpers.ts';

const GROUP = '6a000000-0000-4000-8000-0000000000aa';
let memberOids: string[] = [];
let throttledOnce = false;
const tokenLog: TokenRequestLog[] = [];
const graph = setupServer(
  ...entraHandlers(TENANT_ID, tokenLog),
  http.get(`${GRAPH_BASE}/v1.0/groups/${GROUP}`, () =>
    HttpResponse.json({
      id: GROUP,
      displayName: '働き方改革推進チーム',
      groupTypes: ['Unified'],
      mailEnabled: true,
      securityEnabled: false,
    }),
  ),
  http.get(`${GRAPH_BASE}/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user`, ({ request }) => {
    const url = new URL(request.url);
    const half = Math.ceil(memberOids.length / 2);
    if (url.searchParams.get('$skiptoken') === 'p2') {
      if (!throttledOnce) {
        throttledOnce = true;
        return HttpResponse.json(
          { error: { code: 'TooManyRequests' } },
          { status: 429, headers: { 'Retry-After': '1' } },
        );
      }
      return HttpResponse.json({ value: memberOids.slice(half).map((id) => ({ id })) });
    }
    return HttpResponse.json({
      value: memberOids.slice(0, half).map((id) => ({ id })),
      '@odata.nextLink': `${GRAPH_BASE}/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user?$select=id&$top=999&$skiptoken=p2`,
    });
  }),
);

describe('an announcement to an Entra group reaches its members through Teams (Graph mocked with msw)', () => {
  let t: TestApp;
  let api: ReturnType<typeof tabApi>;
  let people: { id: string; entra_oid: string }[] = [];

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
      select id, entra_oid::text as entra_oid from employee
       where active and entra_oid is not null and employee_no <> 'D00001' order by employee_no limit 5`);
  }, 90_000);
  afterAll(async () => {
    graph.close();
    await t?.stop();
  });

  it('expands the group (two pages, a 429 waited out), counts it, and sends to its members as of sending', async () => {
    memberOids = [...people.slice(0, 3).map((p) => p.entra_oid), '0a1b2c3d-0999-4000-8000-000000000999'];
    const added = await api('POST', '/announcements-audience/entra-groups', { groupId: GROUP });
    expect(added.body).toEqual({
      groupId: GROUP,
      displayName: '働き方改革推進チーム',
      kind: 'microsoft365',
      members: 4,
      inRegister: 3,
    });
    expect(throttledOnce).toBe(true);
    const audience = { entraGroupIds: [GROUP] };
    expect((await api('POST', '/announcements-audience/count', audience)).body.count).toBe(3);

    // Someone joins the group before HR presses send: the send expands it again.
    memberOids = [...memberOids, people[3]!.entra_oid];
    const created = await api('POST', '/announcements', {
      title: 'テレワーク月間',
      body: '11月はテレワーク月間です。',
      audience,
    });
    const before = t.connector.postsPerConversation();
    await api('POST', `/announcements/${created.body.id}/submit`, {});
    await until(
      'sent',
      async () => (await api('GET', `/announcements/${created.body.id}/tracking`)).body.state === 'sent',
    );
    const after = t.connector.postsPerConversation();
    expect(
      people.map((p) => (after.get(`a:${p.entra_oid}`) ?? 0) - (before.get(`a:${p.entra_oid}`) ?? 0)),
    ).toEqual([1, 1, 1, 1, 0]);
  }, 90_000);
});
