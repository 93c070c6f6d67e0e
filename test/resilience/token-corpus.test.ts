import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrate.ts';
import { openDatabase } from '../../core/db/open.ts';
import { importOrgCsv } from '../../core/org/org-import.service.ts';
import { BOT_APP_ID, SSO_CLIENT_ID, startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';
import { type ConnectorEmulator, startConnectorEmulator } from '../harness/connector-emulator.ts';
import { createTestDatabase, type TestDatabase } from '../harness/db.ts';
import { TEST_DATABASE_URL } from '../harness/test-env.ts';
import { startTokenIssuer, type TokenIssuer } from '../harness/token-issuer.ts';

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

/**
 * The same corpora, and the tokens and activities that only fail-closed checks catch (no exp, no
 * iat, too old, another tenant, a foreign service URL, no token at all), against the real server
 * process started the way a deployment starts it (`node server/main.ts`, no --dev; NODE_ENV=
 * production on PostgreSQL, NODE_ENV=test on the embedded database, which production refuses).
 * Failed on main: unsigned activities and tokens without exp were accepted outside production,
 * and another tenant's activity was processed. Each bot refusal is exactly one log line.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

function extraChannelCases(): [string, Maker][] {
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
function hostileActivities(t: TestApp, oid: string): [string, Record<string, unknown>, 'signed' | 'none'][] {
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

describe('resilience: the real server process refuses the whole corpus (production settings)', () => {
  const OID_PROD = randomUUID();
  let issuer: TokenIssuer;
  let connector: ConnectorEmulator;
  let database: TestDatabase | undefined;
  let child: ChildProcess;
  let baseUrl = '';
  let stdout = '';
  let t: TestApp;

  beforeAll(async () => {
    issuer = await startTokenIssuer();
    connector = await startConnectorEmulator({ expectedToken: 'unused' });
    const botTokenIssuer = `${issuer.url}/botframework`;
    const ssoIssuer = `${issuer.url}/${TENANT_ID}/v2.0`;
    const csv = `employee_no,family_name,given_name,entra_oid,bureau_code,bureau_name,bureau_kind,section_code,section_name\nP0001,本番,一郎,${OID_PROD},B01,大臣官房,本省内部部局,B01-01,人事課\n`;
    const dataDir = mkdtempSync(join(tmpdir(), 'kinmu-prod-'));
    if (TEST_DATABASE_URL) {
      database = await createTestDatabase();
      await importOrgCsv(database.db, new TextEncoder().encode(csv), { id: null, label: 'test' });
    } else {
      const db = await openDatabase({ dataDir, seedDemo: false });
      await migrate(db);
      await importOrgCsv(db, new TextEncoder().encode(csv), { id: null, label: 'test' });
      await db.close();
    }
    const port = await freePort();
    child = spawn(`${ROOT}node_modules/.bin/node`, ['server/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: TEST_DATABASE_URL ? 'production' : 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        PUBLIC_URL: 'https://kinmu.example.go.jp',
        DATA_DIR: dataDir,
        DEMO_SEED: 'false',
        ...(database ? { DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema } : {}),
        MICROSOFT_APP_ID: BOT_APP_ID,
        MICROSOFT_APP_PASSWORD: 'not-used-for-refusals',
        MICROSOFT_APP_TENANT_ID: TENANT_ID,
        BOT_OPENID_METADATA_URL: issuer.metadataUrl,
        BOT_TOKEN_ISSUER: botTokenIssuer,
        BOT_ALLOWED_SERVICE_URLS: connector.url,
        SSO_CLIENT_ID,
        SSO_TENANT_ID: TENANT_ID,
        SSO_ISSUER: ssoIssuer,
        SSO_JWKS_URL: issuer.jwksUrl,
        RATE_LIMIT_PER_SECOND: '500',
        RATE_LIMIT_BURST: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    baseUrl = `http://127.0.0.1:${port}`;
    const start = Date.now();
    for (;;) {
      if ((await fetch(`${baseUrl}/healthz`).catch(() => undefined))?.ok) break;
      if (child.exitCode !== null || Date.now() - start > 60_000)
        throw new Error(`server did not start: ${stdout.slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const signChannelToken = (serviceUrl = connector.url) =>
      issuer.sign(
        { serviceurl: serviceUrl, appid: BOT_APP_ID },
        { issuer: botTokenIssuer, audience: BOT_APP_ID },
      );
    // The corpus makers need only these parts of a test app.
    t = {
      issuer,
      connector,
      botTokenIssuer,
      ssoIssuer,
      baseUrl,
      signChannelToken,
      signSsoToken: (oid: string, claims: Record<string, unknown> = {}, opts: Record<string, unknown> = {}) =>
        issuer.sign(
          { oid, tid: TENANT_ID, scp: 'access_as_user', roles: [], ...claims },
          { issuer: ssoIssuer, audience: SSO_CLIENT_ID, ...opts },
        ),
      personalActivity: (aadObjectId: string, fields: Record<string, unknown>) => ({
        id: randomUUID(),
        channelId: 'msteams',
        serviceUrl: connector.url,
        timestamp: new Date().toISOString(),
        locale: 'ja-JP',
        from: { id: `29:${aadObjectId}`, aadObjectId, name: 'user' },
        recipient: { id: `28:${BOT_APP_ID}`, name: 'Kinmu Companion' },
        conversation: { id: `a:${aadObjectId}`, conversationType: 'personal', tenantId: TENANT_ID },
        channelData: { tenant: { id: TENANT_ID } },
        ...fields,
      }),
    } as unknown as TestApp;
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await connector?.close();
    await issuer?.close();
    await database?.drop();
  });

  const post = (activity: Record<string, unknown>, authorization?: string) =>
    fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });
  const refusals = () => stdout.split('\n').filter((l) => l.includes('bot request refused')).length;

  it('positive controls: a signed activity of our tenant and a valid SSO token get through', async () => {
    const typing = await post(
      t.personalActivity(OID_PROD, { type: 'typing' }),
      `Bearer ${await t.signChannelToken()}`,
    );
    expect(typing.status).toBe(200);
    const me = await fetch(`${baseUrl}/api/tab/me`, {
      headers: { authorization: `Bearer ${await t.signSsoToken(OID_PROD)}` },
    });
    expect(me.status).toBe(200);
  });

  it('bot: ≥25 bad tokens and hostile activities → 401 each, one log line each, no stack or key in the log', async () => {
    const before = refusals();
    const failures: string[] = [];
    let cases = 0;
    for (const [name, make] of [...channelCorpus(), ...extraChannelCases()]) {
      const token = await make(t);
      const header = token.startsWith('Basic ') || token.startsWith('Bearer ') ? token : `Bearer ${token}`;
      const res = await post(t.personalActivity(OID_PROD, { type: 'message', text: 'ヘルプ' }), header);
      cases++;
      if (res.status !== 401) failures.push(`${name}: ${res.status}`);
    }
    for (const [name, activity, auth] of hostileActivities(t, OID_PROD)) {
      const serviceUrl = String(activity.serviceUrl);
      const res = await post(
        activity,
        auth === 'signed' ? `Bearer ${await t.signChannelToken(serviceUrl)}` : undefined,
      );
      cases++;
      if (res.status !== 401) failures.push(`${name}: ${res.status}`);
    }
    expect(cases).toBeGreaterThanOrEqual(25);
    expect(failures).toEqual([]);
    expect(refusals() - before).toBe(cases);
    expect(stdout).not.toMatch(/BEGIN (RSA )?PUBLIC KEY|^\s+at /m);
    expect(connector.calls).toEqual([]);
  });

  it('tab: ≥25 bad tokens → 401 problem JSON that reveals nothing', async () => {
    const extra: [string, Maker][] = [
      ['no exp', (x) => x.signSsoToken(OID_PROD, {}, { omit: ['exp'] })],
      ['no iat', (x) => x.signSsoToken(OID_PROD, {}, { omit: ['iat'] })],
      [
        'issued two days ago',
        (x) => x.signSsoToken(OID_PROD, {}, { issuedAt: now() - 2 * 86_400, expiresIn: now() + 3600 }),
      ],
      [
        'a token for someone else re-signed by nobody',
        (x) =>
          x.issuer.forge(
            { oid: OID_PROD, tid: TENANT_ID, scp: 'access_as_user' },
            { issuer: x.ssoIssuer, audience: SSO_CLIENT_ID },
          ),
      ],
      ['Basic credentials', async () => 'Basic aHI6aHI='],
    ];
    const failures: string[] = [];
    let cases = 0;
    for (const [name, make] of [...ssoCorpus(), ...extra]) {
      const token = await make(t);
      const res = await fetch(`${baseUrl}/api/tab/me`, {
        headers: { authorization: token.startsWith('Basic ') ? token : `Bearer ${token}` },
      });
      const body = await res.text();
      cases++;
      if (res.status !== 401 || body.includes('本番')) failures.push(`${name}: ${res.status}`);
    }
    expect(cases).toBeGreaterThanOrEqual(25);
    expect(failures).toEqual([]);
  });
});
