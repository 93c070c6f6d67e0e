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
    env: { TZ: 'Asia/Tokyo' },
  },
});
