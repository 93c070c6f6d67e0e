import { type Config, ConfigError, loadProcessConfig } from '../core/config/config.ts';
import { startApp } from './app.ts';
import { printBanner } from './banner.ts';

/**
 * `npm start` runs `node server/main.ts --dev`: development mode with demo personas and the
 * embedded database. Production runs without --dev (`npm run serve`) and NODE_ENV=production.
 */
async function main() {
  const dev = process.argv.includes('--dev');
  let config: Config;
  try {
    config = loadProcessConfig(dev ? { AUTH_MODE: 'dev' } : {});
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const started = performance.now();
  const app = await startApp(config);
  printBanner(app, Math.round(performance.now() - started));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

await main();
