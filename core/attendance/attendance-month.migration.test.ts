import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { takenLeave } from '../leave/leave-plan.repository.ts';
import { seedDemoAttendance } from '../overtime/overtime-demo.seed.ts';
import { rowsOf } from '../subject-rights/subject-references.repository.ts';
import { annualLeaveByGroup } from '../wellbeing/annual-targets.repository.ts';
import { punchDays } from '../wellbeing/wellbeing.repository.ts';

/**
 * Migration 0017 on a copy of the demo ministry: the demo is seeded (current code), copied into a
 * database migrated only up to the old layout (days as rows), then 0017 converts it. Every reader
 * of the days answers the same before (old table) and after (attendance_month).
 */
const MIGRATIONS = fileURLToPath(new URL('../db/migrations/', import.meta.url));
const FROM = '2025-01-01';
const TO = '2030-12-31';

async function oldLayoutDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kinmu-0016-'));
  for (const f of await readdir(MIGRATIONS))
    if (f < '0017') await copyFile(join(MIGRATIONS, f), join(dir, f));
  return `${dir}/`;
}

/**
 * Every table of `from` (but the day storage) that `to` has, copied into `to`. Tables of later
 * migrations (0018 on) are not there yet: their own migrations create them when `to` moves on.
 */
async function copyTables(from: Db, to: Db): Promise<void> {
  const tablesOf = (db: Db) =>
    db.query<{ name: string }>(sql`
      select table_name::text as name from information_schema.tables
       where table_schema = current_schema() and table_type = 'BASE TABLE'
         and table_name not in ('schema_migration', 'attendance_month')`);
  const there = new Set((await tablesOf(to)).map((t) => t.name));
  const tables = (await tablesOf(from)).filter((t) => there.has(t.name));
  await to.transaction(async (tx) => {
    // Foreign keys are not checked while copying (tables come in any order).
    await tx.exec('set local session_replication_role = replica');
    for (const { name } of tables) {
      const [{ rows } = { rows: null }] = await from.query<{ rows: string | null }>({
        text: `select json_agg(t)::text as rows from "${name}" t`,
        values: [],
      });
      if (rows)
        await tx.query({
          text: `insert into "${name}" overriding system value select * from json_populate_recordset(null::"${name}", $1::json)`,
          values: [rows],
        });
    }
    const days = await from.query<{ rows: string }>(sql`
      select json_agg(d)::text as rows from (
        select employee_id, work_date, start_time, end_time, ends_next_day, overtime_minutes, leave_type, leave_days,
               leave_minutes, in_office_minutes, logon_at, logoff_at, import_id, updated_at from attendance_day) d`);
    await tx.query(sql`
      insert into attendance_day select * from json_populate_recordset(null::attendance_day, ${days[0]!.rows}::json)`);
  });
}

const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

/** What every reader of the days answers, as plain data. */
async function answers(db: Db) {
  const people = (await db.query<{ id: string }>(sql`select id::text from employee order by 1`)).map(
    (r) => r.id,
  );
  const someone = (
    await db.query<{ id: string }>(
      sql`select employee_id::text as id from attendance_day where work_date = '2028-02-29'`,
    )
  )[0]!.id;
  const strip = (rows: Record<string, unknown>[]) =>
    rows
      // The month and its import: a month's row keeps the last import that changed any of its days.
      .map(({ month: _m, updated_at: _u, import_id: _i, ...rest }) => rest)
      .sort((a, b) => String(a.work_date).localeCompare(String(b.work_date)));
  return {
    days: await db.query(sql`
      select employee_id::text, work_date::text, start_time::text, end_time::text, ends_next_day, overtime_minutes,
             leave_type, leave_days::text, leave_minutes, in_office_minutes, logon_at::text, logoff_at::text
        from attendance_day order by employee_id, work_date`),
    // These two order by date or month only: same-day rows come in any order.
    takenLeave: sorted(await takenLeave(db, people, FROM, TO)),
    takenLeaveOneMonth: sorted(await takenLeave(db, people, '2028-02-10', '2028-02-29')),
    annualLeave: sorted(await annualLeaveByGroup(db, 'all', FROM, TO)),
    punches: await punchDays(db, FROM, TO),
    punchesOnePerson: await punchDays(db, '2028-01-31', '2028-03-01', [someone]),
    totals: await db.query(sql`
      select employee_id::text, month::text, section_id::text, overtime_minutes, in_office_minutes, days_recorded,
             last_work_date::text from overtime_month order by 1, 2`),
    exported: strip(await rowsOf(db, { table: 'attendance_day', column: 'employee_id' }, someone)),
  };
}

describe('migration 0017: attendance days → person-months, on a copy of the demo ministry', () => {
  let seeded: TestDatabase;
  let old: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    seeded = await createTestDatabase();
    await writeDemoOrg(seeded.db, 300);
    await seedDemoAttendance(seeded.db, new Date('2026-12-06T03:00:00Z'));
    old = await createTestDatabase({ migrate: false });
    dir = await oldLayoutDir();
    await migrate(old.db, dir);
    await copyTables(seeded.db, old.db);
    // Days the demo never has: every column set, a day 31, 29 February, a night shift, odd text.
    await old.db.query(sql`
      insert into attendance_day (employee_id, work_date, start_time, end_time, ends_next_day, overtime_minutes, leave_type,
                                  leave_days, leave_minutes, in_office_minutes, logon_at, logoff_at, import_id)
      select e.id, d.work_date, d.start_time, d.end_time, d.ends_next_day, d.ot, d.leave_type, d.leave_days, d.leave_minutes,
             d.in_office, d.logon_at, d.logoff_at, 1
        from (select id from employee order by employee_no limit 1) e
        cross join (values
          (date '2028-01-31', time '22:00', time '06:00', true, 480, null::text, null::numeric, null::int, 500,
           timestamp '2028-01-31 21:50', timestamp '2028-02-01 06:10'),
          (date '2028-02-29', null, null, false, 0, '特別休暇 "結婚", {他} \\', 0.5, 232, null, null, null),
          (date '2028-03-01', time '09:00', time '17:45', false, 0, null, null, null, 0, null, null)
        ) as d(work_date, start_time, end_time, ends_next_day, ot, leave_type, leave_days, leave_minutes, in_office,
               logon_at, logoff_at)`);
  }, 600_000);
  afterAll(async () => {
    await seeded?.drop();
    await old?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('every reader answers the same after the conversion, and the days are stored one row per person-month', async () => {
    // Before: the readers on the old table, which gets the `month` column they filter on through a
    // temporary view of this transaction only (temporary objects come first in the search path).
    const before = await old.db
      .transaction(async (tx) => {
        const [{ schema } = { schema: '' }] = await tx.query<{ schema: string }>(
          sql`select current_schema() as schema`,
        );
        await tx.exec(`create temporary view attendance_day as
          select d.*, date_trunc('month', d.work_date)::date as month from "${schema}".attendance_day d`);
        const result = await answers(tx);
        throw Object.assign(new Error('roll back'), { result });
      })
      .catch((e: { result?: Awaited<ReturnType<typeof answers>> }) => {
        if (!e.result) throw e;
        return e.result;
      });
    expect(before.days.length).toBeGreaterThan(60_000);

    // 0017 first, then whatever later migrations the tree has.
    expect((await migrate(old.db))[0]).toBe('0017_attendance_month.sql');
    const after = await answers(old.db);

    expect(after.days).toEqual(before.days);
    expect(after.takenLeave).toEqual(before.takenLeave);
    expect(after.takenLeaveOneMonth).toEqual(before.takenLeaveOneMonth);
    expect(after.takenLeaveOneMonth.length).toBeGreaterThan(0);
    expect(after.annualLeave).toEqual(before.annualLeave);
    expect(after.punches).toEqual(before.punches);
    expect(after.punchesOnePerson).toEqual(before.punchesOnePerson);
    expect(after.punchesOnePerson.length).toBeGreaterThanOrEqual(3);
    expect(after.totals).toEqual(before.totals);
    expect(after.exported).toEqual(before.exported);

    const [shape] = await old.db.query<{ months: number; tables: number }>(sql`
      select (select count(*)::int from attendance_month) as months,
             (select count(*)::int from information_schema.tables
               where table_schema = current_schema() and table_name = 'attendance_day' and table_type = 'BASE TABLE') as tables`);
    expect(shape).toEqual({ months: expect.any(Number), tables: 0 });
    expect(shape!.months).toBeLessThan(before.days.length / 15);
    // The converted data is what the new code would have written: same rows as the seeded copy.
    const months = (db: Db) =>
      db.query(sql`
        select employee_id::text, month::text, day_mask, start_time::text, end_time::text, overtime_minutes::text,
               leave_type::text, in_office_minutes::text from attendance_month
         where month < '2028-01-01' order by 1, 2`);
    expect(await months(old.db)).toEqual(await months(seeded.db));
  }, 600_000);
});
