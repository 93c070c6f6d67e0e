import type { App } from './app.ts';

/** What a newcomer needs after `npm start`: where things are and how to talk to the bot. */
export function printBanner(app: App, startupMs: number): void {
  const { config, url } = app;
  const lines = [
    '',
    `  勤務コンパニオン / Kinmu Companion is running (${config.authMode === 'dev' ? 'development, demo personas' : 'Teams SSO'}) — ready in ${startupMs} ms`,
    '',
    `  Tab (自分 / my page):   ${url}/tab/?view=me`,
    `  Dashboard:              ${url}/tab/?view=dashboard`,
    `  Bot endpoint:           ${url}/api/messages`,
    `  Health:                 ${url}/healthz   ${url}/readyz`,
    `  Database:               ${config.database.url ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.database.dataDir}/pglite`}`,
    '',
    '  Talk to the bot with Microsoft 365 Agents Playground (offline), in a second terminal:',
    '    npm run playground',
    '  then open http://127.0.0.1:56150 and type ヘルプ (help).',
    '  (The playground signs you in as 中村 健太 of the demo ministry: see .m365agentsplayground.yml.)',
    '',
  ];
  console.log(lines.join('\n'));
}
