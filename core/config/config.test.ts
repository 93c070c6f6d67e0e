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

  it('requires SSO settings for Teams auth and names each missing one', () => {
    const problems = problemsOf({});
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
      expect(problemsOf({ NODE_ENV: 'production', GRAPH_BASE_URL: 'http://127.0.0.1:5999' })).toContain(
        'GRAPH_BASE_URL: must be an https:// URL in production',
      );
    });
  });
});
