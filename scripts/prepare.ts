/**
 * Runs after `npm install` / `npm ci`: builds the tab so that `npm start`
 * serves it straight away. Production images install with --omit=dev and
 * ship a pre-built tab, so a missing Vite is not an error.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const configFile = fileURLToPath(new URL('../tab/web/vite.config.ts', import.meta.url));

if (!existsSync(fileURLToPath(new URL('../node_modules/vite', import.meta.url)))) {
  console.log('prepare: vite is not installed (production install), not building the tab');
} else {
  const { build } = await import('vite');
  await build({ configFile, logLevel: 'warn' });
  console.log('prepare: tab built into tab/web/dist');
}
