import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../harness/browser.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test/artifacts');

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** Starts a child and resolves when a line of its output matches. */
async function startChild(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; ready: RegExp },
) {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.ready.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${command} exited with ${code} before it was ready:\n${output}`)),
    );
  });
  return child;
}

/**
 * The README's promise, as a newcomer lives it: `npm start` (the real server in dev mode, demo
 * ministry), `npm run playground` (Microsoft 365 Agents Playground, offline), then type ヘルプ.
 */
describe('talking to the bot through Microsoft 365 Agents Playground', () => {
  let dir: string;
  let server: ChildProcess;
  let playground: ChildProcess;
  let browser: Browser;
  let playgroundUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kinmu-playground-'));
    await mkdir(ARTIFACTS, { recursive: true });
    const appPort = await freePort();
    const pgPort = await freePort();
    const env = {
      PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
      TZ: 'Asia/Tokyo',
      HOME: dir,
    };
    server = await startChild(process.execPath, [join(ROOT, 'server/main.ts'), '--dev'], {
      cwd: ROOT,
      env: {
        ...env,
        PORT: String(appPort),
        HOST: '127.0.0.1',
        DATA_DIR: join(dir, 'data'),
        LOG_LEVEL: 'warn',
      },
      ready: /is running/,
    });
    // The Playground reads .m365agentsplayground.yml from its working directory and writes a log there.
    await copyFile(join(ROOT, '.m365agentsplayground.yml'), join(dir, '.m365agentsplayground.yml'));
    playground = await startChild(
      join(ROOT, 'node_modules/.bin/agentsplayground'),
      [
        'start',
        '-e',
        `http://127.0.0.1:${appPort}/api/messages`,
        '-c',
        'msteams',
        '-p',
        String(pgPort),
        '--disable-telemetry',
      ],
      { cwd: dir, env: { ...env, TEAMSAPPTESTER_BROWSER: 'none' }, ready: /Listening on \d+/ },
    );
    playgroundUrl = `http://127.0.0.1:${pgPort}/`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    playground?.kill('SIGTERM');
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await once(server, 'exit');
    await rm(dir, { recursive: true, force: true });
  });

  it('greets 中村 健太 and answers ヘルプ with the command list', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(playgroundUrl);
    // The bot's welcome card arrives when the Playground installs the app.
    await page.getByText('できること').first().waitFor({ timeout: 20_000 });
    const box = page.getByRole('textbox').first();
    await box.fill('ヘルプ');
    await box.press('Enter');
    await page.getByText('使い方').first().waitFor({ timeout: 20_000 });
    expect(await page.getByText('次のことばを送るか、ボタンを押してください。').isVisible()).toBe(true);
    // The demo ministry knows who is typing: the bot does not ask 中村 健太 to register.
    expect(await page.getByText('登録されていません').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-help.png') });
  });
});
