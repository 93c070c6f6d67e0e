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
  timeoutMs = 60_000,
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
 * Overtime alerts and leave reminders in the outbox, shared by two real servers (node
 * server/main.ts) on one schema of the real PostgreSQL; one is killed with SIGKILL mid-run. The
 * rows are written as the features enqueue them: alerts without a card (rendered at send time, keyed
 * by employee id), reminders with theirs (ProactiveMessenger.sendCard, keyed by Entra id).
 */
describe.skipIf(!TEST_DATABASE_URL)('alerts and reminders survive kill -9 of one of two workers', () => {
  let database: TestDatabase;
  let connector: ConnectorEmulator;
  const children: ChildProcess[] = [];

  async function startServer(seed: boolean): Promise<{ child: ChildProcess; url: string }> {
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
        DEMO_SEED: seed ? 'true' : 'false',
        BOT_RATE_PER_SECOND: '60',
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

  it('delivers every alert and reminder, duplicates only among the requests in flight at the kill', async () => {
    database = await createTestDatabase();
    connector = await startConnectorEmulator({ latencyMs: 20 });
    await database.db.query(
      sql`insert into setting (key, value) values ('announcements', ${JSON.stringify({ concurrency: CONCURRENCY, leaseSeconds: 2 })})`,
    );
    const first = await startServer(true);
    await startServer(false);

    // The demo's own alerts (raised at seed) are not part of this count: settled or withdrawn first.
    await database.db.query(sql`update delivery set state = 'cancelled' where state = 'due'`);
    await until('the demo messages to settle', async () => {
      const [r] = await database.db.query<{ n: number }>(
        sql`select count(*)::int as n from delivery where state = 'in_flight'`,
      );
      return r?.n === 0;
    });
    const [{ first: firstId } = { first: 0 }] = await database.db.query<{ first: number }>(
      sql`select coalesce(max(id), 0)::int as first from delivery`,
    );
    // Everyone has a chat with the bot; each gets a 100 h-style alert (urgent) and a reminder.
    await database.db.query(sql`
      insert into conversation_ref (aad_object_id, tenant_id, conversation_id, service_url, reference)
      select entra_oid::text, 'tenant', 'a:' || entra_oid::text, ${connector.url}, '{}'::jsonb from employee where active and entra_oid is not null`);
    const card = JSON.stringify({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'x' }],
    });
    // The alerts as the overtime job writes them: the outbox row carries no card, the killed and
    // the surviving worker render it when they send it (core/overtime/overtime-alert.purpose.ts).
    await database.db.query(sql`
      insert into overtime_alert (employee_id, period, level, value_minutes, threshold_minutes, detail, raised_on, follow_up, manager_id)
      select id, '2001-01-01', 'month100', 6060, 6000, '{}', '2026-06-10', 'none', manager_id
        from employee where active and entra_oid is not null`);
    const written = await database.db.query<{ n: number }>(sql`
      with people as (select e.id::text as id, e.entra_oid::text as oid, a.id as alert_id
                        from employee e join overtime_alert a on a.employee_id = e.id and a.period = '2001-01-01'
                       where e.active and e.entra_oid is not null),
      rows as (
        insert into delivery (purpose, subject, recipient, priority, aad_object_id, card)
        select 'overtime.alert', alert_id || ':alert', id, 0, oid, null::jsonb from people
        union all
        select 'leave.reminder', 'campaign:summer', oid, 1, oid, ${card}::jsonb from people
        returning 1)
      select count(*)::int as n from rows`);
    const total = written[0]!.n;

    await until('a third to be sent', async () => connector.sent().length >= total / 3);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(connector.sent().length).toBeLessThan(total);

    // The survivor takes the dead worker's claims once their lease (2 s) runs out.
    await until('every message to have an outcome', async () => {
      const [r] = await database.db.query<{ n: number }>(
        sql`select count(*)::int as n from delivery where state in ('due', 'in_flight') and id > ${firstId}`,
      );
      return r?.n === 0;
    });
    const rows = await database.db.query<{ purpose: string; conversation: string; state: string }>(
      sql`select purpose, 'a:' || aad_object_id as conversation, state from delivery where purpose in ('overtime.alert', 'leave.reminder') and id > ${firstId}`,
    );
    expect(rows).toHaveLength(total);
    expect(rows.filter((r) => r.state !== 'sent')).toEqual([]);
    const posts = connector.postsPerConversation();
    // Two messages per person: fewer is a lost one, more a duplicate.
    const people = [...new Set(rows.map((r) => r.conversation))];
    const lost = people.filter((c) => (posts.get(c) ?? 0) < 2);
    const duplicates = people.reduce((sum, c) => sum + Math.max(0, (posts.get(c) ?? 0) - 2), 0);
    expect(lost).toEqual([]);
    // Only requests on the wire at the kill can be repeated: at most the killed worker's concurrency.
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
  }, 240_000);
});
