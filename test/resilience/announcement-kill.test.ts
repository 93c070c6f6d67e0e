import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { type ConnectorEmulator, startConnectorEmulator } from '../harness/connector-emulator.ts';
import { createTestDatabase, type TestDatabase } from '../harness/db.ts';
import { TEST_DATABASE_URL } from '../harness/test-env.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONCURRENCY = 8;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Waits for a state the system reaches by itself, checking every 50 ms. */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 40_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The real server (node server/main.ts) as a child process on a test schema of the real
 * PostgreSQL, sending through a local connector; killed with SIGKILL in the middle of a broadcast
 * and started again.
 */
describe.skipIf(!TEST_DATABASE_URL)('an announcement survives kill -9 mid-send', () => {
  let database: TestDatabase;
  let connector: ConnectorEmulator;
  const children: ChildProcess[] = [];

  async function startServer(): Promise<{ child: ChildProcess; url: string }> {
    const port = await freePort();
    const child = spawn(`${ROOT}node_modules/.bin/node`, ['server/main.ts', '--dev'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'silent',
        DATABASE_URL: database.url,
        DATABASE_SCHEMA: database.schema,
        DEMO_SEED: 'true',
        BOT_RATE_PER_SECOND: '100',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await until('the server to answer', async () => (await fetch(`${url}/healthz`)).ok);
    return { child, url };
  }

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await connector?.close();
    await database?.drop();
  });

  it('resumes after the kill: nobody is lost, duplicates only among the messages in flight', async () => {
    database = await createTestDatabase();
    // No token check: without an app id the server talks to the connector anonymously (dev mode).
    connector = await startConnectorEmulator({ latencyMs: 5 });
    await database.db.query(
      sql`insert into setting (key, value) values ('announcements', ${JSON.stringify({ concurrency: CONCURRENCY, leaseSeconds: 2, requireSecondApproverForEveryone: false })})`,
    );

    const first = await startServer();
    const [hr] = await database.db.query<{ oid: string }>(
      sql`select entra_oid::text as oid from employee where employee_no = 'D00001'`,
    );
    // HR once chatted with the bot: that is where the server learns the connector's address.
    await database.db.query(sql`
      insert into conversation_ref (aad_object_id, tenant_id, conversation_id, service_url, reference)
      values (${hr!.oid}, 'tenant', ${`a:${hr!.oid}`}, ${connector.url}, ${JSON.stringify({ conversation: { id: `a:${hr!.oid}` }, serviceUrl: connector.url })})`);
    const headers = { 'content-type': 'application/json', 'x-dev-persona': 'D00001' };
    const created = await (
      await fetch(`${first.url}/api/tab/announcements`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          title: '停電のお知らせ',
          body: '本日18時から点検のため停電します。',
          audience: { everyone: true },
        }),
      })
    ).json();
    const submitted = await fetch(`${first.url}/api/tab/announcements/${created.id}/submit`, {
      method: 'POST',
      headers,
      body: '{}',
    });
    expect(submitted.status).toBe(200);
    const [{ n: staff } = { n: 0 }] = await database.db.query<{ n: number }>(
      sql`select count(*)::int as n from employee where active`,
    );

    await until('a third of the staff to be reached', async () => connector.sent().length >= staff / 3);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const sentAtKill = connector.sent().length;
    expect(sentAtKill).toBeLessThan(staff);

    await startServer();
    await until('the broadcast to finish after the restart', async () => {
      const [a] = await database.db.query<{ state: string }>(
        sql`select state from announcement where id = ${created.id}`,
      );
      return a?.state === 'sent';
    });

    const rows = await database.db.query<{ conversation: string; state: string }>(sql`
      select 'a:' || aad_object_id as conversation, state from delivery where purpose = 'announcement' and subject = ${created.id}`);
    expect(rows).toHaveLength(staff);
    expect(rows.filter((r) => r.state !== 'sent')).toEqual([]);
    const posts = connector.postsPerConversation();
    const lost = rows.filter((r) => (posts.get(r.conversation) ?? 0) === 0);
    const duplicates = rows.filter((r) => (posts.get(r.conversation) ?? 0) > 1);
    expect(lost).toEqual([]);
    // Only requests in flight at the kill can be repeated: at most the worker's concurrency.
    expect(duplicates.length).toBeLessThanOrEqual(CONCURRENCY);
  }, 90_000);
});
