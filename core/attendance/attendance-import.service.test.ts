import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { isAppError } from '../shared/errors.ts';
import {
  checkAttendanceCsv,
  importAttendanceBatch,
  importAttendanceCsv,
} from './attendance-import.service.ts';

const HEADER = '職員番号,氏名,日付,出勤時刻,退勤時刻,超過勤務時間,休暇種別,休暇日数,休暇時間,在庁時間\n';
const actor = { id: null, label: 'test' };
const utf8 = (text: string) => new TextEncoder().encode(text);

async function monthOf(db: Db, employeeNo: string, month: string) {
  const [row] = await db.query<{ overtime_minutes: number; days_recorded: number }>(sql`
    select m.overtime_minutes, m.days_recorded from overtime_month m join employee e on e.id = m.employee_id
     where e.employee_no = ${employeeNo} and m.month = ${`${month}-01`}::date`);
  return row;
}

async function sectionMonth(db: Db, employeeNo: string, month: string) {
  const [row] = await db.query<{ staff_count: number; total_minutes: number; nm_ge_45h: number }>(sql`
    select sm.staff_count, sm.total_minutes, sm.nm_ge_45h from overtime_section_month sm
      join employee e on e.section_id = sm.section_id
     where e.employee_no = ${employeeNo} and sm.month = ${`${month}-01`}::date`);
  return row;
}

async function counts(db: Db) {
  const [row] = await db.query<{ days: number; imports: number }>(
    sql`select (select count(*)::int from attendance_day) as days, (select count(*)::int from attendance_import) as imports`,
  );
  return row;
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error('expected the import to be refused');
}

describe('attendance import (all-or-nothing, idempotent, set-based merge)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 60);
  });
  afterAll(() => t?.drop());

  it('refuses a file with bad rows, lists every error with line and column, and stores nothing', async () => {
    const file =
      HEADER +
      'D00003,中村 健太,2026/5/7,9:00,22:00,4:00,,,,\n' + // fine
      'X99999,誰か,2026/5/7,9:00,18:00,1:00,,,,\n' + // unknown employee
      'D00003,中村 健太,令和8年5月7日,9:00,18:00,0:30,,,,\n' + // duplicate day
      'D00002,高橋 誠,2026/5/7,9:00,18:00,-1:00,,,,\n' + // negative
      'D00002,高橋 誠,2026/5/8,9:00,18:00,25:00,,,,\n'; // over 24 h
    const err = await rejection(importAttendanceCsv(t.db, utf8(file), actor));
    expect(err.code).toBe('bad_request');
    const wheres = err.fields.map((f) => f.where);
    expect(wheres).toContain('line 3, column 1');
    expect(err.fields.find((f) => f.where === 'line 3, column 1')?.message).toContain(
      'unknown employee number X99999',
    );
    expect(wheres).toContain('line 4, column 3');
    expect(wheres.some((w) => w.startsWith('line 5, column 6'))).toBe(true);
    expect(wheres.some((w) => w.startsWith('line 6, column 6'))).toBe(true);
    expect(await counts(t.db)).toEqual({ days: 0, imports: 0 });
  });

  it('imports a Shift_JIS export with 和暦 dates, keeps monthly and section totals, and a re-import changes nothing', async () => {
    const file =
      HEADER +
      'D00003,中村 健太,令和8年5月1日,9:00,22:00,4:00,,,,\n' +
      'D00003,中村 健太,2026/5/7,9:00,23:30,5:30,,,,\n' +
      'D00003,中村 健太,2026-06-01,9:00,20:00,120,,,,\n' +
      'D00002,高橋 誠,R8.5.8,9:00,17:45,0:00,年次休暇,,2:00,\n';
    const bytes = iconv.encode(file, 'Shift_JIS');
    const first = await importAttendanceCsv(t.db, bytes, actor, { fileName: 'may.csv' });
    expect(first).toMatchObject({ rows: 4, changed: 4, months: ['2026-05', '2026-06'] });
    expect(await monthOf(t.db, 'D00003', '2026-05')).toEqual({ overtime_minutes: 570, days_recorded: 2 });
    expect(await monthOf(t.db, 'D00003', '2026-06')).toEqual({ overtime_minutes: 120, days_recorded: 1 });
    const section = await sectionMonth(t.db, 'D00003', '2026-05');
    expect(section?.total_minutes).toBe(570);

    const again = await importAttendanceCsv(t.db, bytes, actor, { fileName: 'may.csv' });
    expect(again).toMatchObject({ rows: 4, changed: 0, months: [] });
    expect(await monthOf(t.db, 'D00003', '2026-05')).toEqual({ overtime_minutes: 570, days_recorded: 2 });
    expect((await counts(t.db))?.days).toBe(4);
  });

  it('a corrected row replaces the day and the totals follow, up to the bureau', async () => {
    const file = `${HEADER}D00003,中村 健太,2026/5/7,9:00,23:30,45:00,,,,\n`.replace('45:00', '23:00');
    const err = await rejection(
      importAttendanceCsv(t.db, utf8(`${HEADER}D00003,中村 健太,2026/5/7,9:00,23:30,24:01,,,,\n`), actor),
    );
    expect(err.fields[0]?.where).toMatch(/^line 2, column 6/);
    const result = await importAttendanceCsv(t.db, utf8(file), actor);
    expect(result.changed).toBe(1);
    // 4:00 on 5/1 + 23:00 on 5/7
    expect((await monthOf(t.db, 'D00003', '2026-05'))?.overtime_minutes).toBe(27 * 60);
    const [bureau] = await t.db.query<{ total_minutes: number }>(sql`
      select bm.total_minutes from overtime_bureau_month bm
        join section s on s.bureau_id = bm.bureau_id join employee e on e.section_id = s.id
       where e.employee_no = 'D00003' and bm.month = '2026-05-01'`);
    expect(bureau?.total_minutes).toBe(27 * 60);
  });

  it('moves a person’s month out of the old section’s aggregate when they changed section', async () => {
    const [other] = await t.db.query<{ id: string }>(sql`
      select s.id from section s where s.id <> (select section_id from employee where employee_no = 'D00003') limit 1`);
    await t.db.query(sql`update employee set section_id = ${other!.id} where employee_no = 'D00003'`);
    await importAttendanceCsv(t.db, utf8(`${HEADER}D00003,中村 健太,2026/5/8,9:00,19:00,1:00,,,,\n`), actor);
    const [moved] = await t.db.query<{ total_minutes: number }>(
      sql`select total_minutes from overtime_section_month where section_id = ${other!.id} and month = '2026-05-01'`,
    );
    expect(moved?.total_minutes).toBe(28 * 60);
  });

  it('a file touching one month keeps that month’s other days, leaves other months alone and keeps 休暇種別 as written', async () => {
    const first = await importAttendanceCsv(
      t.db,
      utf8(
        `${HEADER}D00005,x,2026/7/1,9:00,19:00,1:00,,,,\nD00005,x,2026/7/2,9:00,19:00,1:00,,,,\nD00005,x,2026/8/3,9:00,19:00,2:00,,,,\n`,
      ),
      actor,
    );
    // 7/2 changed, 7/31 new (with a leave type full of characters COPY and array literals escape), 7/1 as stored.
    const odd = '特別\\休暇 "結婚", {他}';
    const second = await importAttendanceCsv(
      t.db,
      utf8(
        `${HEADER}D00005,x,2026/7/1,9:00,19:00,1:00,,,,\nD00005,x,2026/7/2,9:00,20:00,2:00,,,,\n` +
          `D00005,x,2026/7/31,,,0:00,"${odd.replace(/"/g, '""')}",1,,\n`,
      ),
      actor,
    );
    expect(second).toMatchObject({ changed: 2, months: ['2026-07'] });
    const [july] = await t.db.query<{
      overtime_minutes: number;
      days_recorded: number;
      last_work_date: string;
    }>(sql`
      select m.overtime_minutes, m.days_recorded, m.last_work_date from overtime_month m join employee e on e.id = m.employee_id
       where e.employee_no = 'D00005' and m.month = '2026-07-01'`);
    expect(july).toEqual({ overtime_minutes: 180, days_recorded: 3, last_work_date: '2026-07-31' });
    const days = await t.db.query<{ work_date: string; leave_type: string | null }>(sql`
      select to_char(d.work_date, 'YYYY-MM-DD') as work_date, d.leave_type from attendance_day d
        join employee e on e.id = d.employee_id where e.employee_no = 'D00005' order by d.work_date`);
    expect(days).toEqual([
      { work_date: '2026-07-01', leave_type: null },
      { work_date: '2026-07-02', leave_type: null },
      { work_date: '2026-07-31', leave_type: odd },
      { work_date: '2026-08-03', leave_type: null },
    ]);
    // August was not in the second file: still as the first import wrote it.
    const [august] = await t.db.query<{ import_id: number }>(sql`
      select a.import_id from attendance_month a join employee e on e.id = a.employee_id
       where e.employee_no = 'D00005' and a.month = '2026-08-01'`);
    expect(august?.import_id).toBe(first.importId);
  });

  it('a re-import writes nothing for the months it does not change, yet restores a month changed by another writer since', async () => {
    const file = utf8(
      `${HEADER}D00005,x,2026-09-01,9:00,19:00,60,,,,\nD00005,x,2026-09-02,9:00,18:30,30,,,,\n` +
        'D00005,x,2026-10-01,9:00,18:00,0,,,,\n',
    );
    const first = await importAttendanceCsv(t.db, file, actor);
    expect(first).toMatchObject({ changed: 3, months: ['2026-09', '2026-10'] });
    // Someone else writes September's days (a correction by hand, retention, demo data).
    await t.db.query(sql`
      update attendance_month a set overtime_minutes[2] = 999 from employee e
       where e.id = a.employee_id and e.employee_no = 'D00005' and a.month = '2026-09-01'`);
    const again = await importAttendanceCsv(t.db, file, actor);
    expect(again).toMatchObject({ changed: 1, months: ['2026-09'] });
    const stored = async () =>
      t.db.query<{ month: string; import_id: number; overtime: number | null }>(sql`
        select to_char(a.month, 'YYYY-MM') as month, a.import_id, a.overtime_minutes[2] as overtime
          from attendance_month a join employee e on e.id = a.employee_id
         where e.employee_no = 'D00005' and a.month >= '2026-09-01' order by a.month`);
    expect(await stored()).toEqual([
      { month: '2026-09', import_id: again.importId, overtime: 30 },
      { month: '2026-10', import_id: first.importId, overtime: null },
    ]);
    expect((await monthOf(t.db, 'D00005', '2026-09'))?.overtime_minutes).toBe(90);
    const third = await importAttendanceCsv(t.db, file, actor);
    expect(third).toMatchObject({ changed: 0, months: [] });
    expect((await stored())[0]?.import_id).toBe(again.importId);
  });

  it('a file that lists a person in two places (sorted by date, say) stores the same days as one listed by person', async () => {
    const people = (
      await t.db.query<{ employee_no: string }>(
        sql`select employee_no from employee where employee_no not like 'D0000%' order by employee_no limit 3`,
      )
    ).map((r) => r.employee_no);
    const dates = ['2026-11-02', '2026-11-03', '2026-12-01'];
    const line = (no: string, d: string, i: number) => `${no},x,${d},9:00,${18 + i}:00,${i * 60},,,,\n`;
    // By date: each person comes back after the others (their months were staged once already).
    const byDate = dates.flatMap((d, i) => people.map((no) => line(no, d, i))).join('');
    const byPerson = people.flatMap((no) => dates.map((d, i) => line(no, d, i))).join('');
    const first = await importAttendanceCsv(t.db, utf8(HEADER + byDate), actor);
    expect(first).toMatchObject({ rows: 9, changed: 9, months: ['2026-11', '2026-12'] });
    for (const no of people) {
      expect(await monthOf(t.db, no, '2026-11')).toEqual({ overtime_minutes: 60, days_recorded: 2 });
      expect(await monthOf(t.db, no, '2026-12')).toEqual({ overtime_minutes: 120, days_recorded: 1 });
    }
    // The same days in the other order are the same months: nothing to write.
    expect(await importAttendanceCsv(t.db, utf8(HEADER + byPerson), actor)).toMatchObject({
      changed: 0,
      months: [],
    });
  });

  it('a file of more months than one round stores every day, merges a person listed twice, and a bad last line stores nothing', async () => {
    const people = (
      await t.db.query<{ employee_no: string }>(
        sql`select employee_no from employee where employee_no not like 'D0000%' order by employee_no limit 60`,
      )
    ).map((r) => r.employee_no);
    // Each person × 300 months (2001–2025), one day each: over 16,000 months, merged in rounds while read.
    const months = Array.from(
      { length: 300 },
      (_, i) => `${2001 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    );
    const body = people
      .flatMap((no, p) => months.map((m, i) => `${no},x,${m}-03,9:00,18:00,${(p + i) % 90},,,,\n`))
      .join('');
    // The first person comes back at the end with another day of their first month.
    const file = `${HEADER}${body}${people[0]},x,2001-01-04,9:00,18:00,30,,,,\n`;
    const before = await counts(t.db);
    const bad = await rejection(
      importAttendanceCsv(t.db, utf8(`${file}${people[1]},x,2001-01-05,9:00,18:00,-1,,,,\n`), actor),
    );
    expect(bad.fields.map((f) => f.where)).toEqual([`line ${people.length * 300 + 3}, column 6`]);
    expect(await counts(t.db)).toEqual(before);
    const first = await importAttendanceCsv(t.db, utf8(file), actor);
    expect(first).toMatchObject({ rows: people.length * 300 + 1, changed: people.length * 300 + 1 });
    expect(first.months).toHaveLength(300);
    expect(await counts(t.db)).toEqual({
      days: before!.days + people.length * 300 + 1,
      imports: before!.imports + 1,
    });
    expect(await monthOf(t.db, people[0]!, '2001-01')).toEqual({ overtime_minutes: 30, days_recorded: 2 });
    const last = people.length - 1;
    expect(await monthOf(t.db, people[last]!, '2025-12')).toEqual({
      overtime_minutes: (last + 299) % 90,
      days_recorded: 1,
    });
    expect(await importAttendanceCsv(t.db, utf8(file), actor)).toMatchObject({ changed: 0, months: [] });
  });

  it('a file the CSV reader cannot read is refused with its line, stores nothing, and the next import goes through', async () => {
    const before = await counts(t.db);
    const err = await rejection(
      importAttendanceCsv(
        t.db,
        utf8(`${HEADER}D00003,x,2026-06-01,9:00,18:00,0,,,,\nD00003,"x,2026-06-02\n`),
        actor,
      ),
    );
    expect(err.fields.map((f) => f.where)).toEqual(['line 3']);
    expect(await counts(t.db)).toEqual(before);
    const next = await importAttendanceCsv(
      t.db,
      utf8(`${HEADER}D00003,x,2026-06-01,9:00,18:00,0,,,,\n`),
      actor,
    );
    expect(next).toMatchObject({ rows: 1, changed: 1 });
  });

  it('a month stored without the file’s hash (written before it was kept) gets it at the next import of the file', async () => {
    const file = utf8(
      `${HEADER}D00005,x,2026-11-02,9:00,19:00,60,,,,\nD00005,x,2026-11-04,9:00,18:00,0,,,,\n`,
    );
    await importAttendanceCsv(t.db, file, actor);
    const hashOf = async () => {
      const [row] = await t.db.query<{ file_hash: string | null; import_id: number }>(sql`
        select a.file_hash, a.import_id from attendance_month a join employee e on e.id = a.employee_id
         where e.employee_no = 'D00005' and a.month = '2026-11-01'`);
      return row;
    };
    const written = await hashOf();
    expect(written?.file_hash).not.toBeNull();
    await t.db.query(
      sql`update attendance_month set file_hash = null where import_id = ${written!.import_id}`,
    );
    expect(await importAttendanceCsv(t.db, file, actor)).toMatchObject({ changed: 0, months: [] });
    expect(await hashOf()).toEqual(written);
  });

  it('previews the first rows and the full error list without storing anything (dry run)', async () => {
    const before = await counts(t.db);
    const check = await checkAttendanceCsv(
      t.db,
      utf8(`${HEADER}D00002,高橋 誠,2026/7/1,9:00,18:00,1:00,,,,\nD00009X,?,2026/7/1,9:00,18:00,1:00,,,,\n`),
    );
    expect(check.ok).toBe(false);
    expect(check.preview.map((p) => p.employeeNo)).toEqual(['D00002', 'D00009X']);
    expect(check.errors.map((e) => e.where)).toEqual(['line 3, column 1']);
    expect(await counts(t.db)).toEqual(before);
  });

  it('takes a JSON batch with the same rules', async () => {
    const err = await rejection(
      importAttendanceBatch(
        t.db,
        {
          rows: [
            { employeeNo: 'D00002', date: '2026-07-02', overtimeMinutes: 60 },
            { employeeNo: 'D00002', date: '2026-07-02', overtimeMinutes: 30 },
            { employeeNo: 'NOPE', date: '2026-07-03', overtimeMinutes: 30 },
            { employeeNo: 'D00002', date: '2026-07-04', overtimeMinutes: 1441 },
          ],
        },
        actor,
      ),
    );
    expect(err.fields.map((f) => f.where).sort()).toEqual([
      'rows[1].date',
      'rows[2].employeeNo',
      'rows[3].overtimeMinutes',
    ]);
    const ok = await importAttendanceBatch(
      t.db,
      { rows: [{ employeeNo: 'D00002', date: '2026-07-02', overtimeMinutes: 60 }] },
      actor,
    );
    expect(ok).toMatchObject({ rows: 1, changed: 1, months: ['2026-07'] });
  });

  it('two imports of the same new days at the same time both succeed and store each day once', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({
      employeeNo: 'D00002',
      date: `2026-08-${String(i + 1).padStart(2, '0')}`,
      overtimeMinutes: 30,
    }));
    const [a, b] = await Promise.all([
      importAttendanceBatch(t.db, { rows }, actor),
      importAttendanceBatch(t.db, { rows }, actor),
    ]);
    expect(a.changed + b.changed).toBe(20);
    expect((await monthOf(t.db, 'D00002', '2026-08'))?.overtime_minutes).toBe(600);
  });
});
