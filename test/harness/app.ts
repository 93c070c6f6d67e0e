import { randomUUID } from 'node:crypto';
import { ServiceClientCredentialsFactory } from 'botframework-connector';
import { type Config, loadConfig, TEAMS_CLIENT_APPS } from '../../core/config/config.ts';
import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { type App, type AppOverrides, startApp } from '../../server/app.ts';
import { type ConnectorEmulator, type RecordedCall, startConnectorEmulator } from './connector-emulator.ts';
import { createTestDatabase } from './db.ts';
import { startTokenIssuer, type TokenIssuer } from './token-issuer.ts';

export const BOT_APP_ID = '11111111-2222-4333-8444-555555555555';
export const TENANT_ID = '99999999-8888-4777-8666-555555555555';
export const SSO_CLIENT_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const BOT_TOKEN = 'test-outbound-bot-token';

/** Outbound credentials for the local connector: MSAL refuses http:// authorities, so tests sign with a static token. */
export class StaticTokenCredentialsFactory extends ServiceClientCredentialsFactory {
  override async isValidAppId(appId: string) {
    return appId === BOT_APP_ID;
  }
  override async isAuthenticationDisabled() {
    return false;
  }
  override async createCredentials() {
    return {
      async signRequest<T extends { headers: { set(name: string, value: string): void } }>(webResource: T) {
        webResource.headers.set('authorization', `Bearer ${BOT_TOKEN}`);
        return webResource;
      },
    } as never;
  }
}

export interface TestApp {
  app: App;
  baseUrl: string;
  db: Db;
  config: Config;
  issuer: TokenIssuer;
  connector: ConnectorEmulator;
  /** The issuer string botbuilder expects in channel tokens. */
  botTokenIssuer: string;
  ssoIssuer: string;
  /** POSTs an activity to /api/messages as Teams would (signed), returns the HTTP answer. */
  sendActivity(
    activity: Record<string, unknown>,
    options?: { token?: string | null },
  ): Promise<{ status: number; body: unknown }>;
  /**
   * Sends an activity and waits for the bot's first reply to it (the reply carries replyToId): the
   * app's jobs may message the same person meanwhile, so "the next message sent" is not the answer.
   */
  ask(activity: Record<string, unknown>, timeoutMs?: number): Promise<RecordedCall>;
  /** A Teams-like activity from a person in a 1:1 chat. */
  personalActivity(aadObjectId: string, fields: Record<string, unknown>): Record<string, unknown>;
  signChannelToken(serviceUrl?: string): Promise<string>;
  signSsoToken(
    oid: string,
    overrides?: Record<string, unknown>,
    options?: {
      expiresIn?: string | number;
      audience?: string;
      issuer?: string;
      issuedAt?: number;
      omit?: ('exp' | 'iat')[];
    },
  ): Promise<string>;
  oidOf(employeeNo: string): Promise<string>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  authMode?: 'dev' | 'teams';
  seedDemo?: boolean;
  env?: Record<string, string>;
  overrides?: AppOverrides;
}

/**
 * The whole app on a random port with real parts: its own database (schema on the real server or
 * in-memory PGlite), botbuilder's real JWT validation against a local issuer, a local connector.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase({ migrate: false });
  const issuer = await startTokenIssuer();
  const connector = await startConnectorEmulator({ expectedToken: BOT_TOKEN });
  const botTokenIssuer = `${issuer.url}/botframework`;
  const ssoIssuer = `${issuer.url}/${TENANT_ID}/v2.0`;
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url ?? '',
    DATABASE_SCHEMA: database.schema ?? '',
    DEMO_SEED: options.seedDemo === false ? 'false' : 'true',
    AUTH_MODE: options.authMode ?? 'teams',
    MICROSOFT_APP_ID: BOT_APP_ID,
    MICROSOFT_APP_PASSWORD: 'unused-with-the-static-credentials-factory',
    MICROSOFT_APP_TENANT_ID: TENANT_ID,
    MICROSOFT_APP_TYPE: 'SingleTenant',
    BOT_OPENID_METADATA_URL: issuer.metadataUrl,
    BOT_TOKEN_ISSUER: botTokenIssuer,
    SSO_CLIENT_ID,
    SSO_TENANT_ID: TENANT_ID,
    SSO_ISSUER: ssoIssuer,
    SSO_JWKS_URL: issuer.jwksUrl,
    // Replies go to the local connector emulator (production allows Teams' service URLs only).
    BOT_ALLOWED_SERVICE_URLS: connector.url,
    // Tests drive many requests from one address; the limit has its own test.
    RATE_LIMIT_PER_SECOND: '0',
    ...options.env,
  });
  const app = await startApp(config, {
    credentialsFactory: new StaticTokenCredentialsFactory(),
    logger: createLogger('silent'),
    db: database.url ? undefined : database.db,
    ...options.overrides,
  });

  const signChannelToken = (serviceUrl = connector.url) =>
    issuer.sign(
      { serviceurl: serviceUrl, appid: BOT_APP_ID },
      { issuer: botTokenIssuer, audience: BOT_APP_ID },
    );

  const testApp: TestApp = {
    app,
    baseUrl: app.url,
    db: app.db,
    config,
    issuer,
    connector,
    botTokenIssuer,
    ssoIssuer,
    signChannelToken,
    async sendActivity(activity, opts = {}) {
      const token =
        opts.token === undefined
          ? await signChannelToken(String(activity.serviceUrl ?? connector.url))
          : opts.token;
      const res = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async ask(activity, timeoutMs) {
      const res = await testApp.sendActivity(activity);
      if (res.status >= 300) throw new Error(`activity refused with ${res.status}`);
      return connector.waitFor(
        (c) => (c.activity as { replyToId?: string } | undefined)?.replyToId === activity.id,
        timeoutMs,
      );
    },
    personalActivity(aadObjectId, fields) {
      return {
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
      };
    },
    signSsoToken: (oid, claims = {}, opts = {}) =>
      issuer.sign(
        { oid, tid: TENANT_ID, scp: 'access_as_user', azp: TEAMS_CLIENT_APPS[0], roles: [], ...claims },
        {
          issuer: opts.issuer ?? ssoIssuer,
          audience: opts.audience ?? SSO_CLIENT_ID,
          expiresIn: opts.expiresIn,
          issuedAt: opts.issuedAt,
          omit: opts.omit,
        },
      ),
    async oidOf(employeeNo) {
      const [row] = await app.db.query<{ oid: string }>(
        sql`select entra_oid::text as oid from employee where employee_no = ${employeeNo}`,
      );
      if (!row) throw new Error(`no employee ${employeeNo}`);
      return row.oid;
    },
    async stop() {
      await app.stop();
      await connector.close();
      await issuer.close();
      await database.drop();
    },
  };
  return testApp;
}
