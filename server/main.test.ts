import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs server/main.ts with only these variables; a server that does start is stopped by the timeout. */
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });

describe('server entry point', () => {
  it('refuses to start on bad config with a clear message and exit code 1', () => {
    const result = run(['--dev'], { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1:1/none' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('AUTH_MODE: dev personas are refused when NODE_ENV=production');
  });

  // Failed on main: with SSO and a database but no bot app id, `npm run serve` started normally
  // and the bot accepted unsigned activities.
  it('`npm run serve` without bot credentials refuses to start with one clear line', () => {
    const result = run([], {
      PORT: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'kinmu-serve-')),
      SSO_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      SSO_TENANT_ID: '99999999-8888-4777-8666-555555555555',
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Invalid configuration: MICROSOFT_APP_ID: refusing to start without bot credentials/,
    );
    expect(result.stdout).not.toContain('is running');
  });

  it('dev mode comes only from the --dev flag: AUTH_MODE=dev in the environment is refused', () => {
    const result = run([], { PORT: '0', AUTH_MODE: 'dev' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: AUTH_MODE: dev is set only by `npm start` (--dev), not by the environment',
    );
  });

  it('--dev refuses a network bind (auth may be skipped only on loopback)', () => {
    const result = run(['--dev'], { PORT: '0', HOST: '0.0.0.0' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('HOST: development mode (--dev) listens on loopback only');
  });
});
