import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('server entry point', () => {
  it('refuses to start on bad config with a clear message and exit code 1', () => {
    const result = spawnSync(process.execPath, [main, '--dev'], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1:1/none' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('AUTH_MODE: dev personas are refused when NODE_ENV=production');
  });
});
