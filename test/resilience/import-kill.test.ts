import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/db.ts';
import { createTestDatabase, type TestDatabase } from '../harness/db.ts';
import { TEST_DATABASE_URL } from '../harness/test-env.ts';

/**
 * kill -9 of `npm run import:org` while its transaction is writing → after the restart nothing of
 * that import is in the database, and running the same import again completes it exactly once.
 * Real PostgreSQL only (the server survives the client's death; PGlite lives inside the process).
 */
const SCRIPT = fileURLToPath(new URL('../../scripts/import-org.ts', import.meta.url));
const ROWS = 20_000;

function orgCsv(rows: number): string {
  const lines = [
    'employee_no,family_name,given_name,bureau_code,bureau_name,bureau_kind,section_code,section_name,manager_employee_no',
  ];
  for (let i = 0; i < rows; i++) {
    const b = i % 20;
    // Every 100th person manages the next 99: the import also writes manager links.
    const manager = i % 100 === 0 ? '' : `K${String(i - (i % 100)).padStart(6, '0')}`;
    lines.push(
      `K${String(i).padStart(6, '0')},試験,${i},B${b},局${b},本省内部部局,B${b}-01,課${b},${manager}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const counts = async (db: Db) =>
  (
    await db.query<{ employees: number; bureaus: number; audits: number }>({
      text: `select (select count(*)::int from employee) as employees, (select count(*)::int from bureau) as bureaus,
                  (select count(*)::int from audit_log where action = 'org.import') as audits`,
      values: [],
    })
  )[0]!;

function runImport(file: string, schema: string): ChildProcess {
  return spawn(process.execPath, [SCRIPT, file], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: TEST_DATABASE_URL!,
      DATABASE_SCHEMA: schema,
      NODE_ENV: 'test',
      TZ: 'Asia/Tokyo',
      AUTH_MODE: 'dev',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });

describe.skipIf(!TEST_DATABASE_URL)('resilience: kill -9 during an org import (real PostgreSQL)', () => {
  let t: TestDatabase;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'kinmu-kill-'));
    file = join(dir, 'org.csv');
    await writeFile(file, orgCsv(ROWS));
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Resolves once the child's transaction holds write locks on employee in our schema. */
  async function writingStarted(child: ChildProcess): Promise<boolean> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const [row] = await t.db.query<{ n: number }>({
        text: `select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace s on s.oid = c.relnamespace
                where s.nspname = $1 and c.relname = 'employee' and l.mode = 'RowExclusiveLock' and l.pid <> pg_backend_pid()`,
        values: [t.schema],
      });
      if (row!.n > 0) return true;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return false;
  }

  it('leaves nothing partial when killed mid-transaction; the re-run imports every row once', async () => {
    expect(await counts(t.db)).toEqual({ employees: 0, bureaus: 0, audits: 0 });

    const child = runImport(file, t.schema!);
    const done = exited(child);
    expect(await writingStarted(child)).toBe(true);
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');

    // The server notices the dead client and rolls its transaction back.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const [row] = await t.db.query<{ n: number }>({
        text: `select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace s on s.oid = c.relnamespace
                where s.nspname = $1 and c.relname = 'employee' and l.pid <> pg_backend_pid()`,
        values: [t.schema],
      });
      if (row!.n === 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await counts(t.db)).toEqual({ employees: 0, bureaus: 0, audits: 0 });

    const rerun = await exited(runImport(file, t.schema!));
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toContain(`imported ${ROWS} rows`);
    expect(await counts(t.db)).toEqual({ employees: ROWS, bureaus: 20, audits: 1 });
    const [managed] = await t.db.query<{ n: number }>({
      text: 'select count(*)::int as n from employee where manager_id is not null',
      values: [],
    });
    expect(managed!.n).toBe(ROWS - ROWS / 100);
  }, 120_000);
});
