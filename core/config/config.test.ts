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
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', TZ: 'UTC' }, { AUTH_MODE: 'dev' });
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
});
