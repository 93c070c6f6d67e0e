import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAMS_CLIENT_APPS } from '../../core/config/config.ts';
import { BOT_APP_ID, SSO_CLIENT_ID, startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';

describe('authentication: forged, expired and misdirected tokens are refused', () => {
  let t: TestApp;
  let oid: string;
  beforeAll(async () => {
    t = await startTestApp();
    oid = await t.oidOf('D00003');
  });
  afterAll(() => t?.stop());

  const message = () => t.personalActivity(oid, { type: 'message', text: 'ヘルプ' });

  describe('POST /api/messages (Bot Framework channel tokens)', () => {
    // Replies of a turn carry the activity's id (replyToId): how "answered" is told apart from the
    // proactive messages the app's jobs may send to anyone meanwhile.
    const repliesTo = (activity: Record<string, unknown>, from: number) =>
      t.connector.calls
        .slice(from)
        .filter((c) => (c.activity as { replyToId?: string } | undefined)?.replyToId === activity.id);

    it('accepts a token signed by the channel issuer', async () => {
      const before = t.connector.calls.length;
      const activity = message();
      expect((await t.sendActivity(activity)).status).toBe(200);
      expect(repliesTo(activity, before)).toHaveLength(1);
    });

    const cases: [string, (t: TestApp) => Promise<string | null>][] = [
      ['no token', async () => null],
      [
        'an unsigned token',
        async () => {
          const [h, p] = (await t.signChannelToken()).split('.');
          return `${h}.${p}.`;
        },
      ],
      [
        'a token signed with an unknown key',
        (t) =>
          t.issuer.forge({ serviceurl: t.connector.url }, { issuer: t.botTokenIssuer, audience: BOT_APP_ID }),
      ],
      [
        'an expired token',
        (t) =>
          t.issuer.sign(
            { serviceurl: t.connector.url },
            {
              issuer: t.botTokenIssuer,
              audience: BOT_APP_ID,
              expiresIn: Math.floor(Date.now() / 1000) - 3600,
            },
          ),
      ],
      [
        'a token for another bot',
        (t) =>
          t.issuer.sign(
            { serviceurl: t.connector.url },
            { issuer: t.botTokenIssuer, audience: '00000000-1111-4222-8333-444444444444' },
          ),
      ],
      [
        'a token from another issuer',
        (t) =>
          t.issuer.sign(
            { serviceurl: t.connector.url },
            { issuer: 'https://evil.example', audience: BOT_APP_ID },
          ),
      ],
      [
        'a token for another service URL',
        (t) =>
          t.issuer.sign(
            { serviceurl: 'http://127.0.0.1:1/' },
            { issuer: t.botTokenIssuer, audience: BOT_APP_ID },
          ),
      ],
    ];
    for (const [name, token] of cases) {
      it(`refuses ${name} with 401 and does not answer`, async () => {
        const before = t.connector.calls.length;
        const activity = message();
        const res = await t.sendActivity(activity, { token: await token(t) });
        expect(res.status).toBe(401);
        expect(repliesTo(activity, before)).toEqual([]);
      });
    }
  });

  describe('GET /api/tab/me (Teams SSO tokens)', () => {
    const me = (token?: string) =>
      fetch(`${t.baseUrl}/api/tab/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    it('returns the signed-in person for a valid token', async () => {
      const res = await me(await t.signSsoToken(oid));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { employee: { name: string; employeeNo: string } };
      expect(body.employee).toMatchObject({ name: '中村 健太', employeeNo: 'D00003' });
    });

    it('accepts the api:// Application ID URI as audience too', async () => {
      const host = new URL(t.config.publicUrl).host;
      const res = await me(await t.signSsoToken(oid, {}, { audience: `api://${host}/${SSO_CLIENT_ID}` }));
      expect(res.status).toBe(200);
    });

    it('adds Entra app roles from the token', async () => {
      const res = await me(await t.signSsoToken(oid, { roles: ['hr'] }));
      expect(((await res.json()) as { roles: string[] }).roles).toContain('hr');
    });

    const bad: [string, (t: TestApp) => Promise<string | undefined>][] = [
      ['no token', async () => undefined],
      [
        'a forged token',
        (t) =>
          t.issuer.forge(
            { oid, tid: TENANT_ID, scp: 'access_as_user', azp: TEAMS_CLIENT_APPS[0] },
            { issuer: t.ssoIssuer, audience: SSO_CLIENT_ID },
          ),
      ],
      [
        'an expired token',
        (t) => t.signSsoToken(oid, {}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }),
      ],
      ['a token for another app', (t) => t.signSsoToken(oid, {}, { audience: 'another-app' })],
      [
        'a token from another tenant',
        (t) => t.signSsoToken(oid, { tid: '12345678-1234-4234-8234-123456789012' }),
      ],
      ['a token without access_as_user', (t) => t.signSsoToken(oid, { scp: 'User.Read' })],
      // Another app in the tenant (here the Azure CLI's client id) asked for a token for our API.
      [
        'a token requested by an app that is not Teams',
        (t) => t.signSsoToken(oid, { azp: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' }),
      ],
      ['a token that does not say which app asked for it', (t) => t.signSsoToken(oid, { azp: undefined })],
      [
        'a token from another issuer',
        (t) => t.signSsoToken(oid, {}, { issuer: 'https://login.example/other/v2.0' }),
      ],
    ];
    for (const [name, token] of bad) {
      it(`answers 401 problem JSON for ${name}`, async () => {
        const res = await me(await token(t));
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        const body = (await res.json()) as { code: string; title: string };
        expect(body.code).toBe('unauthenticated');
        expect(JSON.stringify(body)).not.toContain('中村');
      });
    }

    it('answers 403 for a valid token of someone not in the register', async () => {
      const res = await me(await t.signSsoToken('12345678-0000-4000-8000-000000000000'));
      expect(res.status).toBe(403);
    });

    it('ignores the dev persona header when not in dev mode', async () => {
      const res = await fetch(`${t.baseUrl}/api/tab/me`, { headers: { 'x-dev-persona': 'D00001' } });
      expect(res.status).toBe(401);
      const personas = await fetch(`${t.baseUrl}/api/tab/dev/personas`);
      expect(personas.status).toBe(404);
    });
  });
});
