import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTHORITY_HOST,
  entraHandlers,
  type TokenRequestLog,
} from '../../test/fixtures/identity/entra-handlers.ts';
import { firstPage, GRAPH_BASE, secondPage } from '../../test/fixtures/identity/graph-fixtures.ts';
import { startTestApp, TENANT_ID, type TestApp } from '../../test/harness/app.ts';
import { importOrgCsv } from '../org/org-import.service.ts';

const tokenLog: TokenRequestLog[] = [];
const events: { auth: string | null; body: Record<string, unknown> }[] = [];
const mocked = new Set([new URL(GRAPH_BASE).host, new URL(AUTHORITY_HOST).host]);
const server = setupServer(
  ...entraHandlers(TENANT_ID, tokenLog),
  http.get(`${GRAPH_BASE}/v1.0/users/delta`, ({ request }) =>
    HttpResponse.json(new URL(request.url).searchParams.get('$skiptoken') ? secondPage : firstPage),
  ),
  http.post(`${GRAPH_BASE}/v1.0/me/events`, async ({ request }) => {
    events.push({
      auth: request.headers.get('authorization'),
      body: (await request.json()) as Record<string, unknown>,
    });
    return HttpResponse.json(
      { id: 'AAMkEvent1', webLink: 'https://outlook.office365.com/owa/?itemid=AAMkEvent1' },
      { status: 201 },
    );
  }),
);

describe('identity tab routes: calendar writes On-Behalf-Of (real MSAL, Graph mocked by msw), HR sync and mappings', () => {
  let t: TestApp;
  let oid: string;
  beforeAll(async () => {
    // The app, the token issuer and the connector are real local servers; only Entra and Graph are mocked.
    server.listen({
      onUnhandledRequest: (req, print) => (mocked.has(new URL(req.url).host) ? print.error() : undefined),
    });
    t = await startTestApp({
      seedDemo: false,
      env: {
        SSO_CLIENT_SECRET: 'tab-api-secret',
        ENTRA_AUTHORITY_HOST: AUTHORITY_HOST,
        GRAPH_BASE_URL: GRAPH_BASE,
      },
    });
    oid = '5d1c0a7e-0000-4000-8000-000000000301';
    const csv = `employee_no,family_name,given_name,entra_oid,bureau_code,bureau_name,bureau_kind,section_code,section_name\nC0001,試験,花子,${oid},B01,大臣官房,本省内部部局,B01-01,人事課\n`;
    await importOrgCsv(t.db, new TextEncoder().encode(csv), { id: null, label: 'test' });
  }, 60_000);
  afterEach(() => {
    tokenLog.length = 0;
    events.length = 0;
  });
  afterAll(async () => {
    server.close();
    await t?.stop();
  });

  const post = async (body: unknown, token?: string) =>
    fetch(`${t.baseUrl}/api/tab/me/calendar-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it("puts the leave plan in the signed-in person's calendar with a delegated token for that person", async () => {
    const sso = await t.signSsoToken(oid);
    const res = await post({ subject: '夏季休暇', start: '2026-08-12', end: '2026-08-14' }, sso);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: 'AAMkEvent1',
      webLink: 'https://outlook.office365.com/owa/?itemid=AAMkEvent1',
    });
    expect(tokenLog).toHaveLength(1);
    expect(tokenLog[0]).toMatchObject({
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: sso,
    });
    expect(events[0]?.auth).toBe(`Bearer delegated-token-for:${sso.slice(-8)}`);
    expect(events[0]?.body).toMatchObject({
      subject: '夏季休暇',
      isAllDay: true,
      end: { dateTime: '2026-08-15T00:00:00' },
    });
  });

  it('refuses bad input with field errors and calls neither Entra nor Graph', async () => {
    const res = await post(
      { subject: '', start: '2026-08-14', end: '2026-08-12', extra: 1 },
      await t.signSsoToken(oid),
    );
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { where: string }[] };
    expect(problem.errors.map((e) => e.where)).toEqual(expect.arrayContaining(['subject']));
    expect(tokenLog).toEqual([]);
    expect(events).toEqual([]);
  });

  it('refuses without a valid Teams token', async () => {
    expect((await post({ subject: '休暇', start: '2026-08-12', end: '2026-08-12' })).status).toBe(401);
    expect(events).toEqual([]);
  });

  describe('HR: department mappings and the org sync from the tab', () => {
    const hr = async (method: string, path: string, body?: unknown, roles = ['hr']) =>
      fetch(`${t.baseUrl}/api/tab${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await t.signSsoToken(oid, { roles })}`,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    it('refuses staff without the hr or admin role', async () => {
      expect((await hr('POST', '/admin/graph-sync/preview', {}, [])).status).toBe(403);
      expect((await hr('PUT', '/admin/department-mappings', { mappings: [] }, [])).status).toBe(403);
    });

    it('replaces the mapping table all or nothing, naming unknown sections and duplicates', async () => {
      const bad = await hr('PUT', '/admin/department-mappings', {
        mappings: [
          { department: '大臣官房 人事課', sectionCode: 'B01-01' },
          { department: '国際局', sectionCode: 'B99-99' },
        ],
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await bad.json())).toContain('B99-99');
      const dup = await hr('PUT', '/admin/department-mappings', {
        mappings: [
          { department: '大臣官房　人事課', sectionCode: 'B01-01' },
          { department: '大臣官房 人事課', sectionCode: 'B01-01' },
        ],
      });
      expect(dup.status).toBe(400);
      const ok = await hr('PUT', '/admin/department-mappings', {
        mappings: [{ department: '大臣官房　人事課', sectionCode: 'B01-01' }],
      });
      expect(await ok.json()).toEqual({
        mappings: [{ department: '大臣官房 人事課', sectionCode: 'B01-01', sectionName: '人事課' }],
      });
    });

    it('previews, then applies, the Graph sync and lists the runs', async () => {
      const preview = (await (await hr('POST', '/admin/graph-sync/preview', {})).json()) as {
        mode: string;
        added: string[];
      };
      // The register has only C0001: Entra users in the mapped department are added, 企画課 is unmapped.
      expect(preview).toMatchObject({ mode: 'dry_run', added: ['S0001', 'S0002', 'S0100'] });
      const applied = (await (await hr('POST', '/admin/graph-sync/apply', {})).json()) as {
        mode: string;
        added: string[];
      };
      expect(applied).toMatchObject({ mode: 'apply', added: ['S0001', 'S0002', 'S0100'] });
      const state = (await (await hr('GET', '/admin/graph-sync')).json()) as {
        configured: boolean;
        runs: { mode: string; status: string }[];
      };
      expect(state.configured).toBe(true);
      expect(state.runs.map((r) => `${r.mode}:${r.status}`)).toEqual(['apply:done', 'dry_run:done']);
      expect(tokenLog.some((l) => l.grantType === 'client_credentials')).toBe(true);
    });
  });
});
