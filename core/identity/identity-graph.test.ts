import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTHORITY_HOST,
  entraHandlers,
  type TokenRequestLog,
} from '../../test/fixtures/identity/entra-handlers.ts';
import { GRAPH_BASE } from '../../test/fixtures/identity/graph-fixtures.ts';
import { loadConfig } from '../config/config.ts';
import { AppError } from '../shared/errors.ts';
import { metrics } from '../shared/metrics.ts';
import { createDeliveryAppInstaller, createGraphAppInstaller } from './app-installer.ts';
import { createOboGraph } from './obo.ts';
import { createMsalAppTokenSource, createMsalOboExchanger } from './token-source.ts';

const TENANT = '99999999-8888-4777-8666-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const TEAMS_APP = 'f7e6d5c4-b3a2-4190-8f7e-6d5c4b3a2190';
const USER = '0a1b2c3d-0003-4000-8000-000000000003';
const tokenLog: TokenRequestLog[] = [];
const server = setupServer(...entraHandlers(TENANT, tokenLog));

const config = loadConfig({
  AUTH_MODE: 'dev',
  SSO_CLIENT_ID: CLIENT,
  SSO_TENANT_ID: TENANT,
  SSO_CLIENT_SECRET: 'test-secret',
  ENTRA_AUTHORITY_HOST: AUTHORITY_HOST,
  GRAPH_BASE_URL: GRAPH_BASE,
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  tokenLog.length = 0;
});
afterAll(() => server.close());

describe('app-only Graph token (MSAL client credentials)', () => {
  it('asks for the consented application permissions (.default) once and reuses the cached token', async () => {
    const tokens = createMsalAppTokenSource(config)!;
    expect(await tokens.getToken()).toBe('app-only-token');
    expect(await tokens.getToken()).toBe('app-only-token');
    expect(tokenLog).toEqual([
      { grantType: 'client_credentials', scope: `${GRAPH_BASE}/.default`, assertion: null, clientId: CLIENT },
    ]);
  });

  it('is not created without the client secret', () => {
    expect(
      createMsalAppTokenSource(
        loadConfig({ AUTH_MODE: 'dev', SSO_CLIENT_ID: CLIENT, SSO_TENANT_ID: TENANT }),
      ),
    ).toBeUndefined();
  });
});

describe("On-Behalf-Of: a leave plan in the person's own calendar", () => {
  const ssoToken = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJ1c2VyIn0.signature-abc12345';

  it('exchanges the SSO token for Calendars.ReadWrite and creates an all-day out-of-office event', async () => {
    let posted: { auth: string | null; body: Record<string, unknown> } | undefined;
    server.use(
      http.post(`${GRAPH_BASE}/v1.0/me/events`, async ({ request }) => {
        posted = {
          auth: request.headers.get('authorization'),
          body: (await request.json()) as Record<string, unknown>,
        };
        return HttpResponse.json(
          { id: 'AAMkAGI2', webLink: 'https://outlook.office365.com/owa/?itemid=AAMkAGI2' },
          { status: 201 },
        );
      }),
    );
    const graph = createOboGraph({ baseUrl: GRAPH_BASE, obo: createMsalOboExchanger(config)! });
    const created = await graph.createCalendarEvent(ssoToken, {
      subject: '夏季休暇',
      start: '2026-08-10',
      end: '2026-08-14',
      showAs: 'oof',
    });
    expect(created).toEqual({
      id: 'AAMkAGI2',
      webLink: 'https://outlook.office365.com/owa/?itemid=AAMkAGI2',
    });
    expect(tokenLog[0]).toMatchObject({
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: ssoToken,
    });
    expect(tokenLog[0]?.scope).toContain(`${GRAPH_BASE}/Calendars.ReadWrite`);
    expect(posted?.auth).toBe('Bearer delegated-token-for:abc12345');
    expect(posted?.body).toMatchObject({
      subject: '夏季休暇',
      isAllDay: true,
      showAs: 'oof',
      start: { dateTime: '2026-08-10T00:00:00', timeZone: 'Tokyo Standard Time' },
      end: { dateTime: '2026-08-15T00:00:00', timeZone: 'Tokyo Standard Time' },
    });
  });

  it('turns missing consent into a clear 403, without calling Graph', async () => {
    server.use(...entraHandlers(TENANT, tokenLog, { failObo: 'invalid_grant' }));
    const graph = createOboGraph({ baseUrl: GRAPH_BASE, obo: createMsalOboExchanger(config)! });
    const err = await graph
      .createCalendarEvent(ssoToken, {
        subject: '休暇',
        start: '2026-08-10',
        end: '2026-08-10',
        showAs: 'oof',
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('forbidden');
  });
});

describe('proactive app installation (Graph teamwork/installedApps)', () => {
  const installed = `${GRAPH_BASE}/v1.0/users/:user/teamwork/installedApps`;
  const listAndChat = [
    http.get(installed, () =>
      HttpResponse.json({ value: [{ id: 'NjkyOTc=', teamsApp: { id: TEAMS_APP } }] }),
    ),
    http.get(`${installed}/:installation/chat`, () => HttpResponse.json({ id: '19:abc_def@unq.gbl.spaces' })),
  ];
  const installer = (sleeps: number[], now = () => 0, rate = 20) =>
    createGraphAppInstaller({
      baseUrl: GRAPH_BASE,
      tokens: { getToken: async () => 'app-only-token' },
      teamsAppId: TEAMS_APP,
      ratePerSecond: rate,
      sleep: async (ms) => void sleeps.push(ms),
      now,
    });

  it('installs with teamsApp@odata.bind, then fetches the chat', async () => {
    let body: unknown;
    server.use(
      http.post(installed, async ({ request, params }) => {
        expect(params.user).toBe(USER);
        body = await request.json();
        return new HttpResponse(null, { status: 201 });
      }),
      ...listAndChat,
    );
    const before = metrics.appInstalls.value({ outcome: 'installed' });
    expect(await installer([]).install(USER)).toBe('installed');
    expect(body).toEqual({ 'teamsApp@odata.bind': `${GRAPH_BASE}/v1.0/appCatalogs/teamsApps/${TEAMS_APP}` });
    expect(metrics.appInstalls.value({ outcome: 'installed' })).toBe(before + 1);
  });

  it('409 means already installed; 403 and bad ids are failures', async () => {
    server.use(
      http.post(installed, () => HttpResponse.json({ error: { code: 'Conflict' } }, { status: 409 })),
      ...listAndChat,
    );
    expect(await installer([]).install(USER)).toBe('already');
    server.use(
      http.post(installed, () => HttpResponse.json({ error: { code: 'Forbidden' } }, { status: 403 })),
    );
    expect(await installer([]).install(USER)).toBe('failed');
    expect(await installer([]).install('not-a-guid')).toBe('failed');
    // The delivery's shape tells a permanent refusal from a transient one.
    const delivery = createDeliveryAppInstaller({
      baseUrl: GRAPH_BASE,
      tokens: { getToken: async () => 't' },
      teamsAppId: TEAMS_APP,
      sleep: async () => {},
    });
    expect(await delivery.install(USER)).toBe('not_allowed');
    server.use(
      http.post(installed, () =>
        HttpResponse.json({ error: { code: 'ServiceUnavailable' } }, { status: 502 }),
      ),
    );
    expect(await delivery.install(USER)).toBe('retry');
    server.use(
      http.post(installed, () => HttpResponse.json({ error: { code: 'Conflict' } }, { status: 409 })),
      ...listAndChat,
    );
    expect(await delivery.install(USER)).toBe('already_installed');
  });

  it('waits Retry-After on 429 and paces installs at its own rate', async () => {
    let first = true;
    server.use(
      http.post(installed, () => {
        if (first) {
          first = false;
          return HttpResponse.json(
            { error: { code: 'TooManyRequests' } },
            { status: 429, headers: { 'Retry-After': '3' } },
          );
        }
        return new HttpResponse(null, { status: 201 });
      }),
      ...listAndChat,
    );
    const sleeps: number[] = [];
    const paced = installer(sleeps, () => 0, 2);
    expect(await Promise.all([paced.install(USER), paced.install(USER)])).toEqual(['installed', 'installed']);
    expect(sleeps).toContain(3000);
    // 2 per second: each install takes two slots (install, chat), 500 ms apart.
    expect(sleeps.filter((ms) => ms !== 3000).sort((a, b) => a - b)).toEqual([500, 1000, 1500]);
  });
});
