import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../core/db/postgres.ts';
import { importOrgCsv } from '../../core/org/org-import.service.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { TEST_DATABASE_URL } from '../harness/test-env.ts';

/**
 * PostgreSQL drops the app's connections in the middle of a run (failover, restart, an admin's
 * pg_terminate_backend). The app must not crash, and the next requests must succeed on fresh
 * connections. Only on the real server: PGlite has no connections to drop.
 */
const OID = '5d1c0a7e-0000-4000-8000-000000000501';

describe.skipIf(!TEST_DATABASE_URL)(
  'resilience: PostgreSQL connections dropped mid-run (real PostgreSQL)',
  () => {
    let t: TestApp;
    const admin = () => openPostgres(TEST_DATABASE_URL!, undefined, 1);

    beforeAll(async () => {
      t = await startTestApp({ seedDemo: false });
      const csv = `employee_no,family_name,given_name,entra_oid,bureau_code,bureau_name,bureau_kind,section_code,section_name\nP0001,試験,次郎,${OID},B01,大臣官房,本省内部部局,B01-01,人事課\n`;
      await importOrgCsv(t.db, new TextEncoder().encode(csv), { id: null, label: 'test' });
    }, 60_000);
    afterAll(() => t?.stop());

    /** Backend pids of this app only: its pool (found by asking through it) and its pg-boss (by its schema). */
    async function appBackends(): Promise<number[]> {
      const pids = new Set<number>();
      // Several at once so that the pool opens (and reports) more than one connection.
      const seen = await Promise.all(
        Array.from({ length: 6 }, () =>
          t.db.query<{ pid: number }>({ text: 'select pg_backend_pid() as pid, pg_sleep(0.02)', values: [] }),
        ),
      );
      for (const rows of seen) pids.add(Number(rows[0]!.pid));
      const db = admin();
      try {
        const boss = await db.query<{ pid: number }>({
          text: `select pid from pg_stat_activity where datname = current_database() and application_name = 'kinmu-jobs' and query like $1`,
          values: [`%${t.config.database.schema}_boss%`],
        });
        for (const r of boss) pids.add(Number(r.pid));
      } finally {
        await db.close();
      }
      return [...pids];
    }

    const me = async () =>
      fetch(`${t.baseUrl}/api/tab/me`, { headers: { authorization: `Bearer ${await t.signSsoToken(OID)}` } });

    it('keeps serving the tab and the bot after every connection of the app was terminated', async () => {
      expect((await me()).status).toBe(200);
      const pids = await appBackends();
      expect(pids.length).toBeGreaterThanOrEqual(2);

      const db = admin();
      const killed = await db.query<{ ok: boolean }>({
        text: 'select pg_terminate_backend(pid) as ok from unnest($1::int[]) as pid',
        values: [pids],
      });
      await db.close();
      expect(killed.every((k) => k.ok)).toBe(true);

      // The very next requests succeed (a stale pooled connection may fail one query; the answer must
      // then be a clean 5xx problem, never a crash, and the one after must succeed).
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await me()).status);
      expect(statuses.at(-1)).toBe(200);
      expect(statuses.every((s) => s === 200 || s === 500 || s === 503)).toBe(true);

      // ask() fails unless the activity is accepted and answered.
      await t.ask(t.personalActivity(OID, { type: 'message', text: 'ヘルプ' }));

      const ready = (await (await fetch(`${t.baseUrl}/readyz`)).json()) as { checks: { database: boolean } };
      expect(ready.checks.database).toBe(true);
    });

    // A dropped connection inside a transaction used to be an unheard client 'error' (a crash).
    it('a transaction cut off half-way leaves nothing behind, and the same write then succeeds', async () => {
      const csv = (n: number) =>
        `employee_no,family_name,given_name,bureau_code,bureau_name,bureau_kind,section_code,section_name\n${Array.from({ length: n }, (_, i) => `P${String(i + 10).padStart(5, '0')},試験,${i},B01,大臣官房,本省内部部局,B01-01,人事課`).join('\n')}\n`;
      const count = async () =>
        Number(
          (
            await t.db.query<{ n: number }>({ text: 'select count(*)::int as n from employee', values: [] })
          )[0]!.n,
        );
      const before = await count();
      // Kill the connection that runs the import while it is inside its transaction.
      const importing = t.db.transaction(async (tx) => {
        const [{ pid }] = (await tx.query<{ pid: number }>({
          text: 'select pg_backend_pid() as pid',
          values: [],
        })) as [{ pid: number }];
        const db = admin();
        await tx.query({
          text: `insert into employee (employee_no, family_name, given_name, section_id) select 'PX', 'x', 'y', id from section limit 1`,
          values: [],
        });
        await db.query({ text: 'select pg_terminate_backend($1)', values: [pid] });
        await db.close();
        return importOrgCsv(tx, new TextEncoder().encode(csv(50)), { id: null, label: 'test' });
      });
      await expect(importing).rejects.toThrow();
      expect(await count()).toBe(before);
      const result = await importOrgCsv(t.db, new TextEncoder().encode(csv(50)), { id: null, label: 'test' });
      expect(result.inserted).toBe(50);
      expect(await count()).toBe(before + 50);
    });
  },
);
