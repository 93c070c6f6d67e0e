import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEAMS_CLIENT_APPS } from '../../core/config/config.ts';
import { migrate } from '../../core/db/migrate.ts';
import { openDatabase } from '../../core/db/open.ts';
import { importOrgCsv } from '../../core/org/org-import.service.ts';
import { BOT_APP_ID, SSO_CLIENT_ID, TENANT_ID, type TestApp } from '../harness/app.ts';
import { type ConnectorEmulator, startConnectorEmulator } from '../harness/connector-emulator.ts';
import { createTestDatabase, type TestDatabase } from '../harness/db.ts';
import { TEST_DATABASE_URL } from '../harness/test-env.ts';
import { startTokenIssuer, type TokenIssuer } from '../harness/token-issuer.ts';
import {
  channelCorpus,
  extraChannelCases,
  hostileActivities,
  type Maker,
  now,
  ssoCorpus,
} from './token-corpus.cases.ts';

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
          { oid, tid: TENANT_ID, scp: 'access_as_user', azp: TEAMS_CLIENT_APPS[0], roles: [], ...claims },
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
    // The log line travels through the child's stdout pipe after the 401 has been sent, so the last
    // one may still be on its way: wait for it (more lines than cases fails just the same).
    await vi.waitFor(() => expect(refusals() - before).toBe(cases), { timeout: 5_000, interval: 50 });
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
            { oid: OID_PROD, tid: TENANT_ID, scp: 'access_as_user', azp: TEAMS_CLIENT_APPS[0] },
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
