import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOrgCsv } from '../../core/org/org-import.service.ts';
import { BOT_APP_ID, SSO_CLIENT_ID, startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';

/**
 * A corpus of bad tokens (forged, expired, misdirected, malformed, algorithm tricks) against both
 * authenticated entry points. Every one must be a 401 that does nothing: no bot reply, no data.
 * test/e2e/auth.test.ts shows the basic cases one by one; this is the wider sweep.
 */

const OID = '5d1c0a7e-0000-4000-8000-000000000401';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

type Maker = (t: TestApp) => Promise<string>;

/** Signs with a key the issuer never published, under a kid it does not know. */
async function unknownKidToken(
  claims: Record<string, unknown>,
  issuer: string,
  audience: string,
): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'not-a-published-kid' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

/** HS256 with the issuer's *public* key as the HMAC secret (the classic algorithm confusion). */
async function hmacWithPublicKey(
  t: TestApp,
  claims: Record<string, unknown>,
  issuer: string,
  audience: string,
): Promise<string> {
  const keys = (await (await fetch(t.issuer.jwksUrl)).json()) as { keys: Record<string, string>[] };
  const secret = new TextEncoder().encode(JSON.stringify(keys.keys[0]));
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: keys.keys[0]!.kid! })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(secret);
}

/** Same payload with a header saying alg none, and no signature. */
const algNone = async (token: Promise<string>) => {
  const [, payload] = (await token).split('.');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
};

/** A valid token whose payload was edited after signing. */
const tampered = async (token: Promise<string>, patch: Record<string, unknown>) => {
  const [header, payload, signature] = (await token).split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
  return `${header}.${b64({ ...claims, ...patch })}.${signature}`;
};

function channelCorpus(): [string, Maker][] {
  const ok = (
    t: TestApp,
    claims: Record<string, unknown> = {},
    opts: { issuer?: string; audience?: string; expiresIn?: number | string; notBefore?: number } = {},
  ) =>
    t.issuer.sign(
      { serviceurl: t.connector.url, appid: BOT_APP_ID, ...claims },
      {
        issuer: opts.issuer ?? t.botTokenIssuer,
        audience: opts.audience ?? BOT_APP_ID,
        expiresIn: opts.expiresIn,
        notBefore: opts.notBefore,
      },
    );
  return [
    ['empty string', async () => ''],
    ['garbage', async () => 'not.a.jwt'],
    ['three empty parts', async () => '..'],
    ['alg none', (t) => algNone(ok(t))],
    ['alg none, unsigned, no dot', async (t) => (await algNone(ok(t))).slice(0, -1)],
    [
      'HS256 signed with the public key',
      (t) => hmacWithPublicKey(t, { serviceurl: t.connector.url }, t.botTokenIssuer, BOT_APP_ID),
    ],
    ['unknown kid', (t) => unknownKidToken({ serviceurl: t.connector.url }, t.botTokenIssuer, BOT_APP_ID)],
    [
      'forged with the published kid',
      (t) =>
        t.issuer.forge({ serviceurl: t.connector.url }, { issuer: t.botTokenIssuer, audience: BOT_APP_ID }),
    ],
    ['signature stripped', async (t) => `${(await ok(t)).split('.').slice(0, 2).join('.')}.`],
    [
      'signature of another token',
      async (t) => {
        const [h, p] = (await ok(t)).split('.');
        const [, , s] = (await ok(t, { extra: 1 })).split('.');
        return `${h}.${p}.${s}`;
      },
    ],
    ['payload tampered (audience)', (t) => tampered(ok(t), { aud: BOT_APP_ID.replace('1', '2') })],
    [
      'payload tampered (expiry extended)',
      (t) => tampered(ok(t, {}, { expiresIn: now() - 10 }), { exp: now() + 3600 }),
    ],
    ['expired an hour ago', (t) => ok(t, {}, { expiresIn: now() - 3600 })],
    ['not valid until tomorrow', (t) => ok(t, {}, { notBefore: now() + 86_400 })],
    ['wrong audience', (t) => ok(t, {}, { audience: '00000000-1111-4222-8333-444444444444' })],
    ['wrong issuer', (t) => ok(t, {}, { issuer: 'https://api.botframework.com.evil.example' })],
    ['issuer of the tab SSO (cross-use)', (t) => ok(t, {}, { issuer: t.ssoIssuer })],
    ['SSO token of a user (cross-use)', (t) => t.signSsoToken(OID)],
    ['service URL of another host', (t) => ok(t, { serviceurl: 'http://127.0.0.1:1/' })],
    ['header JSON broken', async (t) => `e30K${(await ok(t)).slice(4)}`],
  ];
}

function ssoCorpus(): [string, Maker][] {
  const ok = (
    t: TestApp,
    claims: Record<string, unknown> = {},
    opts: { issuer?: string; audience?: string; expiresIn?: number | string } = {},
  ) => t.signSsoToken(OID, claims, opts);
  return [
    ['empty string', async () => ''],
    ['garbage', async () => 'Zm9v.YmFy.YmF6'],
    ['alg none', (t) => algNone(ok(t))],
    [
      'HS256 signed with the public key',
      (t) =>
        hmacWithPublicKey(t, { oid: OID, tid: TENANT_ID, scp: 'access_as_user' }, t.ssoIssuer, SSO_CLIENT_ID),
    ],
    [
      'unknown kid',
      (t) => unknownKidToken({ oid: OID, tid: TENANT_ID, scp: 'access_as_user' }, t.ssoIssuer, SSO_CLIENT_ID),
    ],
    [
      'forged with the published kid',
      (t) =>
        t.issuer.forge(
          { oid: OID, tid: TENANT_ID, scp: 'access_as_user' },
          { issuer: t.ssoIssuer, audience: SSO_CLIENT_ID },
        ),
    ],
    ['signature stripped', async (t) => `${(await ok(t)).split('.').slice(0, 2).join('.')}.`],
    [
      'payload tampered (oid of someone else)',
      (t) => tampered(ok(t), { oid: '5d1c0a7e-0000-4000-8000-000000000402' }),
    ],
    ['payload tampered (roles: admin)', (t) => tampered(ok(t), { roles: ['admin'] })],
    ['expired an hour ago', (t) => ok(t, {}, { expiresIn: now() - 3600 })],
    ['wrong audience', (t) => ok(t, {}, { audience: 'api://evil.example/another-app' })],
    ['audience of the bot (cross-use)', (t) => ok(t, {}, { audience: BOT_APP_ID })],
    ['wrong issuer', (t) => ok(t, {}, { issuer: 'https://login.microsoftonline.com/common/v2.0' })],
    ['v1 issuer of the right tenant', (t) => ok(t, {}, { issuer: `https://sts.windows.net/${TENANT_ID}/` })],
    ['wrong tenant (tid)', (t) => ok(t, { tid: '12345678-1234-4234-8234-123456789012' })],
    ['no tenant (tid)', (t) => ok(t, { tid: undefined })],
    ['no access_as_user scope', (t) => ok(t, { scp: 'User.Read Calendars.ReadWrite' })],
    ['application token (roles, no scp)', (t) => ok(t, { scp: undefined, roles: ['hr'] })],
    ['no oid', (t) => ok(t, { oid: undefined })],
    ['channel token of the bot (cross-use)', (t) => t.signChannelToken()],
  ];
}

describe('resilience: a corpus of bad tokens is refused with 401 and does nothing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seedDemo: false });
    const csv = `employee_no,family_name,given_name,entra_oid,bureau_code,bureau_name,bureau_kind,section_code,section_name,roles\nR0001,試験,一郎,${OID},B01,大臣官房,本省内部部局,B01-01,人事課,\n`;
    await importOrgCsv(t.db, new TextEncoder().encode(csv), { id: null, label: 'test' });
  }, 60_000);
  afterAll(() => t?.stop());

  it('has at least 20 tokens per entry point, and a good token of each kind works (the corpus tests the checks, not a broken setup)', async () => {
    expect(channelCorpus().length).toBeGreaterThanOrEqual(20);
    expect(ssoCorpus().length).toBeGreaterThanOrEqual(20);
    const bot = await t.sendActivity(t.personalActivity(OID, { type: 'message', text: 'ヘルプ' }));
    expect(bot.status).toBe(200);
    const tab = await fetch(`${t.baseUrl}/api/tab/me`, {
      headers: { authorization: `Bearer ${await t.signSsoToken(OID)}` },
    });
    expect(tab.status).toBe(200);
  });

  it('POST /api/messages: every bad channel token → 401, no reply sent', async () => {
    const failures: string[] = [];
    for (const [name, make] of channelCorpus()) {
      const before = t.connector.calls.length;
      const res = await t.sendActivity(t.personalActivity(OID, { type: 'message', text: 'ヘルプ' }), {
        token: await make(t),
      });
      if (res.status !== 401 || t.connector.calls.length !== before) failures.push(`${name}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('GET /api/tab/me: every bad SSO token → 401 problem JSON that reveals nothing about the person', async () => {
    const failures: string[] = [];
    for (const [name, make] of ssoCorpus()) {
      const res = await fetch(`${t.baseUrl}/api/tab/me`, {
        headers: { authorization: `Bearer ${await make(t)}` },
      });
      const body = await res.text();
      if (
        res.status !== 401 ||
        !res.headers.get('content-type')?.includes('problem+json') ||
        body.includes('試験')
      )
        failures.push(`${name}: ${res.status} ${body.slice(0, 80)}`);
    }
    expect(failures).toEqual([]);
  });

  it('the same SSO corpus cannot write: POST /api/tab/me/calendar-events and PUT department mappings → 401', async () => {
    for (const [, make] of ssoCorpus().slice(0, 8)) {
      const token = await make(t);
      const calendar = await fetch(`${t.baseUrl}/api/tab/me/calendar-events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subject: '休暇', start: '2026-08-10', end: '2026-08-10' }),
      });
      expect(calendar.status).toBe(401);
      const mappings = await fetch(`${t.baseUrl}/api/tab/admin/department-mappings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mappings: [] }),
      });
      expect(mappings.status).toBe(401);
    }
  });
});
