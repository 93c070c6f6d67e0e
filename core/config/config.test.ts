import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const problemsOf = (env: Record<string, string>, overrides = {}) => {
  try {
    loadConfig(env, overrides);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('config', () => {
  it('starts in development with the embedded database, demo data and dev personas when asked', () => {
    const config = loadConfig({}, { AUTH_MODE: 'dev' });
    expect(config).toMatchObject({ env: 'development', port: 3978, host: '127.0.0.1', authMode: 'dev' });
    expect(config.database).toMatchObject({ url: undefined, seedDemo: true, dataDir: './data' });
    expect(config.publicUrl).toBe('http://localhost:3978');
  });

  it('refuses dev personas in production, with one line per problem', () => {
    const problems = problemsOf({ NODE_ENV: 'production', AUTH_MODE: 'dev' });
    expect(problems).toContain('AUTH_MODE: dev personas are refused when NODE_ENV=production');
    expect(problems.some((p) => p.startsWith('MICROSOFT_APP_ID:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('DATABASE_URL:'))).toBe(true);
  });

  it('refuses to start without bot credentials outside --dev, in one line', () => {
    expect(problemsOf({})).toEqual([
      'MICROSOFT_APP_ID: refusing to start without bot credentials (the bot would accept unsigned activities); set MICROSOFT_APP_ID/MICROSOFT_APP_PASSWORD and the SSO_* settings, or run `npm start` for local development',
    ]);
    expect(problemsOf({ NODE_ENV: 'test', SSO_CLIENT_ID: 'c', SSO_TENANT_ID: 't' })).toHaveLength(1);
  });

  it('skips bot auth only in --dev without an app id on loopback', () => {
    expect(loadConfig({}, { AUTH_MODE: 'dev' }).bot.skipAuth).toBe(true);
    expect(
      loadConfig({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_TENANT_ID: 't' }, { AUTH_MODE: 'dev' }).bot
        .skipAuth,
    ).toBe(false);
    expect(problemsOf({ HOST: '0.0.0.0' }, { AUTH_MODE: 'dev' })).toEqual([
      'HOST: development mode (--dev) listens on loopback only (127.0.0.1), never on the network',
    ]);
    const teams = loadConfig({
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_TENANT_ID: 't',
      SSO_CLIENT_ID: 'c',
      SSO_TENANT_ID: 't',
    });
    expect(teams.bot.skipAuth).toBe(false);
    expect(teams.bot.allowedTenantId).toBe('t');
    expect(teams.bot.allowedServiceUrls).toContain('https://smba.trafficmanager.net/');
  });

  // Failed on main: production took http:// key URLs, a group floor of 1 and demo seeding.
  it('production refuses http key URLs (except loopback), a floor under 5 and demo data', () => {
    const base = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://kinmu.example.go.jp',
      DATABASE_URL: 'postgres://kinmu@db/kinmu',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: 'tenant',
      SSO_CLIENT_ID: 'client',
      SSO_TENANT_ID: 'tenant',
    };
    expect(problemsOf(base)).toEqual([]);
    const problems = problemsOf({
      ...base,
      PUBLIC_URL: 'http://kinmu.example.go.jp',
      BOT_OPENID_METADATA_URL: 'http://login.example/.well-known/openid-configuration',
      SSO_JWKS_URL: 'http://login.example/keys',
      BOT_ALLOWED_SERVICE_URLS: 'https://smba.trafficmanager.net/,http://smba.example/',
      MIN_GROUP_SIZE: '1',
      DEMO_SEED: 'true',
    });
    for (const key of [
      'PUBLIC_URL',
      'BOT_OPENID_METADATA_URL',
      'SSO_JWKS_URL',
      'BOT_ALLOWED_SERVICE_URLS',
      'MIN_GROUP_SIZE',
      'DEMO_SEED',
    ])
      expect(problems.some((p) => p.startsWith(`${key}:`))).toBe(true);
    expect(problemsOf({ ...base, SSO_JWKS_URL: 'http://127.0.0.1:4000/keys', MIN_GROUP_SIZE: '5' })).toEqual(
      [],
    );
  });

  it('requires SSO settings for Teams auth and names each missing one', () => {
    const problems = problemsOf({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_TENANT_ID: 't' });
    expect(problems).toEqual([
      'SSO_CLIENT_ID: is required when AUTH_MODE=teams (or start with --dev)',
      'SSO_TENANT_ID: is required when AUTH_MODE=teams (or start with --dev)',
    ]);
  });

  it('explains bad values', () => {
    const problems = problemsOf(
      { PORT: 'eighty', DATABASE_URL: 'mysql://x', TZ: 'UTC' },
      { AUTH_MODE: 'dev' },
    );
    expect(problems.some((p) => p.startsWith('PORT:'))).toBe(true);
    expect(problems).toContain('DATABASE_URL: must be a postgres:// URL');
    expect(problems.some((p) => p.startsWith('TZ: must be Asia/Tokyo'))).toBe(true);
  });

  it('accepts a complete production configuration and derives the SSO issuer and keys from the tenant', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://kinmu.example.go.jp/',
      DATABASE_URL: 'postgres://kinmu@db/kinmu',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: 'tenant',
      SSO_CLIENT_ID: 'client',
      SSO_TENANT_ID: 'tenant',
    });
    expect(config.host).toBe('0.0.0.0');
    expect(config.publicUrl).toBe('https://kinmu.example.go.jp');
    expect(config.database.seedDemo).toBe(false);
    expect(config.sso.issuer).toBe('https://login.microsoftonline.com/tenant/v2.0');
    expect(config.sso.jwksUrl).toBe('https://login.microsoftonline.com/tenant/discovery/v2.0/keys');
  });

  describe('Graph (org sync, On-Behalf-Of, app installs)', () => {
    it('is off by default and talks to the public Graph', () => {
      const config = loadConfig({}, { AUTH_MODE: 'dev' });
      expect(config.graph).toEqual({
        baseUrl: 'https://graph.microsoft.com',
        authorityHost: 'https://login.microsoftonline.com',
        syncEnabled: false,
        syncCron: '30 5 * * *',
        installRatePerSecond: 20,
        teamsAppCatalogId: undefined,
      });
    });

    it('takes the Teams app catalog id for proactive installs, and explains one that is not a GUID', () => {
      const id = '1542629c-01b3-4a6d-8f76-1938b779e48d';
      expect(loadConfig({ TEAMS_APP_CATALOG_ID: id }, { AUTH_MODE: 'dev' }).graph.teamsAppCatalogId).toBe(id);
      expect(
        loadConfig({ TEAMS_APP_CATALOG_ID: '' }, { AUTH_MODE: 'dev' }).graph.teamsAppCatalogId,
      ).toBeUndefined();
      expect(problemsOf({ TEAMS_APP_CATALOG_ID: 'com.example.kinmu' }, { AUTH_MODE: 'dev' })).toEqual([
        'TEAMS_APP_CATALOG_ID: must be the app id (a GUID) from the Teams app catalog',
      ]);
    });

    it('refuses to enable the sync without the credentials it signs in with', () => {
      const problems = problemsOf({ GRAPH_SYNC_ENABLED: 'true' }, { AUTH_MODE: 'dev' });
      expect(problems).toEqual([
        'SSO_CLIENT_ID: is required when GRAPH_SYNC_ENABLED=true (the sync signs in as the tab/API app)',
        'SSO_TENANT_ID: is required when GRAPH_SYNC_ENABLED=true (the sync signs in as the tab/API app)',
        'SSO_CLIENT_SECRET: is required when GRAPH_SYNC_ENABLED=true (the sync signs in as the tab/API app)',
      ]);
    });

    it('explains a bad schedule, an http sign-in host and a rate above the tenant limit', () => {
      const problems = problemsOf(
        {
          GRAPH_SYNC_CRON: 'daily',
          ENTRA_AUTHORITY_HOST: 'http://login.example',
          GRAPH_INSTALL_RATE_PER_SECOND: '100',
        },
        { AUTH_MODE: 'dev' },
      );
      expect(problems).toContain('GRAPH_SYNC_CRON: must be a 5-field cron expression');
      expect(problems).toContain('ENTRA_AUTHORITY_HOST: must be an https:// URL');
      expect(problems.some((p) => p.startsWith('GRAPH_INSTALL_RATE_PER_SECOND:'))).toBe(true);
    });

    it('accepts a local Graph in tests but only https in production', () => {
      expect(
        loadConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:5999/' }, { AUTH_MODE: 'dev' }).graph.baseUrl,
      ).toBe('http://127.0.0.1:5999');
      expect(
        problemsOf({
          NODE_ENV: 'production',
          MICROSOFT_APP_ID: 'app',
          GRAPH_BASE_URL: 'http://127.0.0.1:5999',
        }),
      ).toContain('GRAPH_BASE_URL: must be an https:// URL in production');
    });
  });
});
