import { generateKeyPair, SignJWT } from 'jose';
import { TEAMS_CLIENT_APPS } from '../../core/config/config.ts';
import { BOT_APP_ID, SSO_CLIENT_ID, TENANT_ID, type TestApp } from '../harness/app.ts';

/**
 * The bad-token corpora shared by the in-process sweep (token-corpus.test.ts) and the real server
 * process (token-corpus-process.test.ts): forged, expired, misdirected, malformed, algorithm tricks,
 * and the activities that only fail-closed checks catch.
 */
export const OID = '5d1c0a7e-0000-4000-8000-000000000401';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
export const now = () => Math.floor(Date.now() / 1000);

export type Maker = (t: TestApp) => Promise<string>;

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

export function channelCorpus(): [string, Maker][] {
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

export function ssoCorpus(): [string, Maker][] {
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
        hmacWithPublicKey(
          t,
          { oid: OID, tid: TENANT_ID, scp: 'access_as_user', azp: TEAMS_CLIENT_APPS[0] },
          t.ssoIssuer,
          SSO_CLIENT_ID,
        ),
    ],
    [
      'unknown kid',
      (t) =>
        unknownKidToken(
          { oid: OID, tid: TENANT_ID, scp: 'access_as_user', azp: TEAMS_CLIENT_APPS[0] },
          t.ssoIssuer,
          SSO_CLIENT_ID,
        ),
    ],
    [
      'forged with the published kid',
      (t) =>
        t.issuer.forge(
          { oid: OID, tid: TENANT_ID, scp: 'access_as_user', azp: TEAMS_CLIENT_APPS[0] },
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
    [
      'requested by an app that is not Teams (azp)',
      (t) => ok(t, { azp: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' }),
    ],
    ['requested by the API itself (azp = our client id)', (t) => ok(t, { azp: SSO_CLIENT_ID })],
    ['no requesting app (azp)', (t) => ok(t, { azp: undefined })],
    ['channel token of the bot (cross-use)', (t) => t.signChannelToken()],
  ];
}

export function extraChannelCases(): [string, Maker][] {
  const sign = (t: TestApp, opts: { omit?: ('exp' | 'iat')[]; issuedAt?: number; expiresIn?: number } = {}) =>
    t.issuer.sign(
      { serviceurl: t.connector.url, appid: BOT_APP_ID },
      { issuer: t.botTokenIssuer, audience: BOT_APP_ID, ...opts },
    );
  return [
    ['no exp', (t) => sign(t, { omit: ['exp'] })],
    ['no iat or nbf', (t) => sign(t, { omit: ['iat'] })],
    ['issued two days ago', (t) => sign(t, { issuedAt: now() - 2 * 86_400, expiresIn: now() + 3600 })],
    ['Basic credentials', async () => 'Basic Ym90OnNlY3JldA=='],
    ['bearer with nothing', async () => 'Bearer '],
  ];
}

/** Activities that must be refused whatever token they carry. */
export function hostileActivities(
  t: TestApp,
  oid: string,
): [string, Record<string, unknown>, 'signed' | 'none'][] {
  const base = t.personalActivity(oid, { type: 'message', text: 'ヘルプ' });
  const other = '12345678-1234-4234-8234-123456789012';
  return [
    ['unsigned message', base, 'none'],
    [
      'unsigned adaptiveCard/action',
      t.personalActivity(oid, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'childcare.consent', data: { consent: true } } },
      }),
      'none',
    ],
    [
      'unsigned conversationUpdate',
      t.personalActivity(oid, { type: 'conversationUpdate', membersAdded: [] }),
      'none',
    ],
    [
      'signed, another tenant',
      {
        ...base,
        channelData: { tenant: { id: other } },
        conversation: { id: `a:${oid}`, conversationType: 'personal', tenantId: other },
      },
      'signed',
    ],
    ['signed, no tenant', { ...base, channelData: {}, conversation: { id: `a:${oid}` } }, 'signed'],
    ['signed, service URL of an attacker', { ...base, serviceUrl: 'https://attacker.example/' }, 'signed'],
  ];
}
