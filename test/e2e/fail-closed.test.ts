import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BOT_APP_ID, startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';
import { type ConnectorEmulator, startConnectorEmulator } from '../harness/connector-emulator.ts';

/**
 * Authentication that fails closed around the token itself (issue 13): required claims and age,
 * the tenant on both sides, replies only to allowed service URLs, and bodies read only after
 * authentication. Every case failed on main (tokens without exp were accepted, another tenant's
 * activity was processed, a forged serviceUrl got the bot's reply, 20 MB bodies were parsed first).
 */
const now = () => Math.floor(Date.now() / 1000);
const OTHER_TENANT = '12345678-1234-4234-8234-123456789012';

describe('authentication fails closed', () => {
  let t: TestApp;
  let evil: ConnectorEmulator;
  let oid: string;
  beforeAll(async () => {
    t = await startTestApp();
    evil = await startConnectorEmulator({ expectedToken: 'x' });
    oid = await t.oidOf('D00003');
  }, 60_000);
  afterAll(async () => {
    await evil?.close();
    await t?.stop();
  });

  const channelToken = (
    claims: Record<string, unknown> = {},
    opts: { omit?: ('exp' | 'iat')[]; issuedAt?: number; expiresIn?: number } = {},
  ) =>
    t.issuer.sign(
      { serviceurl: t.connector.url, appid: BOT_APP_ID, ...claims },
      { issuer: t.botTokenIssuer, audience: BOT_APP_ID, ...opts },
    );
  const help = (fields: Record<string, unknown> = {}) =>
    t.personalActivity(oid, { type: 'message', text: 'ヘルプ', ...fields });

  /** Sends and returns the status plus whether any connector (ours or the attacker's) was called. */
  async function send(activity: Record<string, unknown>, token: string | null) {
    const before = t.connector.calls.length + evil.calls.length;
    const res = await t.sendActivity(activity, { token });
    return { status: res.status, replied: t.connector.calls.length + evil.calls.length > before };
  }

  it('positive control: a signed activity of our tenant is answered', async () => {
    expect(await send(help(), await channelToken())).toEqual({ status: 200, replied: true });
  });

  it('bad tokens do not make botbuilder dump stacks and public keys to the console (one log line each instead)', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const bad = [
        await channelToken({}, { expiresIn: now() - 3600 }),
        await t.issuer.forge(
          { serviceurl: t.connector.url },
          { issuer: t.botTokenIssuer, audience: BOT_APP_ID },
        ),
        await t.issuer.sign(
          { serviceurl: t.connector.url },
          { issuer: t.botTokenIssuer, audience: '00000000-1111-4222-8333-444444444444' },
        ),
      ];
      for (const token of bad) expect((await send(help(), token)).status).toBe(401);
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
  });

  describe('bot: claims and age', () => {
    const cases: [string, () => Promise<string>][] = [
      ['a token without exp', () => channelToken({}, { omit: ['exp'] })],
      ['a token without iat or nbf', () => channelToken({}, { omit: ['iat'] })],
      [
        'a token issued two days ago that is still "valid"',
        () => channelToken({}, { issuedAt: now() - 2 * 86_400, expiresIn: now() + 3600 }),
      ],
      [
        'a token that lives for a week',
        () => channelToken({}, { issuedAt: now() - 60, expiresIn: now() + 7 * 86_400 }),
      ],
    ];
    for (const [name, make] of cases)
      it(`refuses ${name} with 401, no reply`, async () => {
        expect(await send(help(), await make())).toEqual({ status: 401, replied: false });
      });
  });

  describe('bot: the tenant is checked on the activity', () => {
    const cases: [string, () => Record<string, unknown>][] = [
      [
        'another tenant in channelData and conversation',
        () =>
          help({
            channelData: { tenant: { id: OTHER_TENANT } },
            conversation: { id: `a:${oid}`, conversationType: 'personal', tenantId: OTHER_TENANT },
          }),
      ],
      ['another tenant in channelData only', () => help({ channelData: { tenant: { id: OTHER_TENANT } } })],
      [
        'another tenant in conversation only',
        () =>
          help({ conversation: { id: `a:${oid}`, conversationType: 'personal', tenantId: OTHER_TENANT } }),
      ],
      [
        'no tenant at all',
        () => help({ channelData: {}, conversation: { id: `a:${oid}`, conversationType: 'personal' } }),
      ],
      ['a tenant that is not a string', () => help({ channelData: { tenant: { id: [TENANT_ID] } } })],
    ];
    for (const [name, make] of cases)
      it(`refuses ${name} with 401, no reply`, async () => {
        expect(await send(make(), await channelToken())).toEqual({ status: 401, replied: false });
      });

    it('accepts the same tenant id in upper case', async () => {
      const upper = TENANT_ID.toUpperCase();
      const res = await send(
        help({
          channelData: { tenant: { id: upper } },
          conversation: { id: `a:${oid}`, conversationType: 'personal', tenantId: upper },
        }),
        await channelToken(),
      );
      expect(res.status).toBe(200);
    });
  });

  describe('bot: replies only to allowed service URLs', () => {
    const hostile = (): string[] => {
      const port = new URL(t.connector.url).port;
      return [
        evil.url,
        `http://127.0.0.1:${port}@${new URL(evil.url).host}/`,
        `http://127.0.0.1:${port}.evil.example/`,
        'https://smba.trafficmanager.net.evil.example/jp/',
        'not a url',
      ];
    };
    it('refuses an activity whose (signed) serviceUrl is not allowed, and calls nobody', async () => {
      const failures: string[] = [];
      for (const serviceUrl of hostile()) {
        const res = await send(help({ serviceUrl }), await channelToken({ serviceurl: serviceUrl }));
        if (res.status !== 401 || res.replied) failures.push(`${serviceUrl}: ${JSON.stringify(res)}`);
      }
      expect(failures).toEqual([]);
      expect(evil.calls).toEqual([]);
    });
  });

  describe('bodies are read only after authentication, within the route limit', () => {
    it('an unauthenticated 5 MB post to the bot is a 401 (not parsed)', async () => {
      const res = await fetch(`${t.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'x'.repeat(5 * 1024 * 1024) }),
      });
      expect(res.status).toBe(401);
    });

    it('an authenticated bot activity over 256 KB is a 413', async () => {
      const res = await send(help({ text: 'あ'.repeat(100_000) }), await channelToken());
      expect(res).toEqual({ status: 413, replied: false });
    });

    it('an unauthenticated 5 MB post to a tab route is a 401', async () => {
      const res = await fetch(`${t.baseUrl}/api/tab/import/org`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fileName: 'a.csv', contentBase64: 'A'.repeat(5 * 1024 * 1024) }),
      });
      expect(res.status).toBe(401);
    });

    it('a signed-in employee who is not an importer gets 403 for a 5 MB upload (the file is not read)', async () => {
      const res = await fetch(`${t.baseUrl}/api/tab/import/org`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await t.signSsoToken(oid)}`,
        },
        body: JSON.stringify({ fileName: 'a.csv', contentBase64: 'A'.repeat(5 * 1024 * 1024) }),
      });
      expect(res.status).toBe(403);
    });

    it('a signed-in employee posting 2 MB to an ordinary route gets 413', async () => {
      const res = await fetch(`${t.baseUrl}/api/tab/me/calendar-events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await t.signSsoToken(oid)}`,
        },
        body: JSON.stringify({
          subject: 'x'.repeat(2 * 1024 * 1024),
          start: '2026-08-10',
          end: '2026-08-10',
        }),
      });
      expect(res.status).toBe(413);
      expect((await res.json()).code).toBe('too_large');
    });
  });

  describe('tab: required claims and age', () => {
    const cases: [string, () => Promise<string>][] = [
      ['a token without exp', () => t.signSsoToken(oid, {}, { omit: ['exp'] })],
      ['a token without iat', () => t.signSsoToken(oid, {}, { omit: ['iat'] })],
      [
        'a token issued two days ago',
        () => t.signSsoToken(oid, {}, { issuedAt: now() - 2 * 86_400, expiresIn: now() + 3600 }),
      ],
    ];
    for (const [name, make] of cases)
      it(`refuses ${name} with 401`, async () => {
        const res = await fetch(`${t.baseUrl}/api/tab/me`, {
          headers: { authorization: `Bearer ${await make()}` },
        });
        expect(res.status).toBe(401);
      });
  });
});

describe('npm start (--dev, loopback, no app id): the only start where the bot skips auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    // botbuilder's own credentials (as npm start has them), not the harness's static test token.
    t = await startTestApp({
      authMode: 'dev',
      env: { MICROSOFT_APP_ID: '' },
      overrides: { credentialsFactory: undefined },
    });
  }, 60_000);
  afterAll(() => t?.stop());

  it('takes unsigned activities from a local client (Agents Playground) only', async () => {
    expect(t.config.bot.skipAuth).toBe(true);
    const oid = await t.oidOf('D00003');
    const local = await t.sendActivity(t.personalActivity(oid, { type: 'typing' }), { token: null });
    expect(local.status).toBe(200);
    const remote = await t.sendActivity(
      t.personalActivity(oid, { type: 'typing', serviceUrl: 'https://attacker.example/' }),
      { token: null },
    );
    expect(remote.status).toBe(401);
  });
});
