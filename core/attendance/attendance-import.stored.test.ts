import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { importAttendanceCsv } from './attendance-import.service.ts';

/**
 * The import looks every person-month of a file up once (lookUpStoredMonths): unchanged ones are
 * skipped, stored ones merged day by day, new ones inserted without a conflict check. A wrong
 * answer shows: a stored month taken for new fails on its key, a new one taken for stored is
 * merely slower, an unchanged one taken for changed is rewritten. Employee numbers with a quote
 * and a backslash go through the lookup's hand-built array literal.
 */
const HEADER = '職員番号,日付,出勤時刻,退勤時刻,超過勤務時間\n';
const actor = { id: null, label: 'test' };
const csv = (text: string) => new TextEncoder().encode(HEADER + text);
const ODD = 'Q"1\\';
const ODD_CELL = '"Q""1\\"';

describe('attendance import: months looked up once, whatever the employee number holds', () => {
  let t: TestDatabase;
  let plain = '';
  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 12);
    const [a, b] = await t.db.query<{ employee_no: string }>(
      sql`select employee_no from employee order by employee_no limit 2`,
    );
    plain = a!.employee_no;
    await t.db.query(sql`update employee set employee_no = ${ODD} where employee_no = ${b!.employee_no}`);
  });
  afterAll(() => t?.drop());

  const days = async (employeeNo: string, month: string) => {
    const [row] = await t.db.query<{ mask: number; minutes: number[] }>(sql`
      select a.day_mask as mask, a.overtime_minutes as minutes from attendance_month a
        join employee e on e.id = a.employee_id
       where e.employee_no = ${employeeNo} and a.month = ${`${month}-01`}::date`);
    return row;
  };

  it('stores new months, skips them unchanged, merges a stored month with the days a later file adds', async () => {
    const first = csv(
      `${ODD_CELL},2026-04-01,9:00,18:30,30\n${ODD_CELL},2026-05-07,9:00,19:00,60\n${plain},2026-04-01,9:00,18:00,0\n`,
    );
    expect((await importAttendanceCsv(t.db, first, actor)).changed).toBe(3);
    expect(await days(ODD, '2026-04')).toMatchObject({ mask: 0b1 });

    // The same file again: every month found unchanged (a month wrongly taken for new would be
    // refused by its key and fail the import).
    expect((await importAttendanceCsv(t.db, first, actor)).changed).toBe(0);

    // A later file: one more April day (stored month, merged), one changed May day, a new June.
    const later = csv(
      `${ODD_CELL},2026-04-02,9:00,20:00,90\n${ODD_CELL},2026-05-07,9:00,19:30,75\n${ODD_CELL},2026-06-01,9:00,18:00,0\n`,
    );
    expect((await importAttendanceCsv(t.db, later, actor)).changed).toBe(3);
    const april = await days(ODD, '2026-04');
    expect(april?.mask).toBe(0b11);
    expect(april?.minutes.slice(0, 2)).toEqual([30, 90]);
    expect((await days(ODD, '2026-05'))?.minutes[6]).toBe(75);
    expect((await days(ODD, '2026-06'))?.mask).toBe(0b1);
    const [total] = await t.db.query<{ minutes: number }>(sql`
      select m.overtime_minutes as minutes from overtime_month m join employee e on e.id = m.employee_id
       where e.employee_no = ${ODD} and m.month = date '2026-04-01'`);
    expect(total?.minutes).toBe(120);

    // And the later file again changes nothing.
    expect((await importAttendanceCsv(t.db, later, actor)).changed).toBe(0);
  });

  it('re-imports a month whose days the retention purge removed but whose total it kept', async () => {
    const file = csv(`${plain},2026-07-01,9:00,19:00,60\n${plain},2026-07-02,9:00,18:00,0\n`);
    expect((await importAttendanceCsv(t.db, file, actor)).changed).toBe(2);
    // What the purge leaves: overtime_month without attendance_month (a month with no total and
    // days, or with both, are the cases above).
    await t.db.query(sql`
      delete from attendance_month a using employee e
       where e.id = a.employee_id and e.employee_no = ${plain} and a.month = date '2026-07-01'`);
    // The days written again as a month not stored, the kept total updated (not a second one).
    const again = csv(`${plain},2026-07-01,9:00,20:00,120\n`);
    expect((await importAttendanceCsv(t.db, again, actor)).changed).toBe(1);
    expect((await days(plain, '2026-07'))?.mask).toBe(0b1);
    const [total] = await t.db.query<{ minutes: number; days: number }>(sql`
      select m.overtime_minutes as minutes, m.days_recorded as days from overtime_month m join employee e on e.id = m.employee_id
       where e.employee_no = ${plain} and m.month = date '2026-07-01'`);
    expect(total).toEqual({ minutes: 120, days: 1 });
  });
});
