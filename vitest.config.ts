import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{bot,tab,core,server,manifest,scripts}/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/bench/**', 'tab/web/dist/**'],
    // The capabilities' settings, as the server modules register them at start.
    setupFiles: ['test/harness/settings.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test time is spent waiting on PostgreSQL, the connector emulator and Chromium, not on
    // this process: one file more than the cores keeps them busy (vitest's default is cores − 1,
    // one file at a time on the 2-core CI machine). Each file has its own schema and ports.
    maxWorkers: os.availableParallelism() + 1,
    env: { TZ: 'Asia/Tokyo' },
  },
});
