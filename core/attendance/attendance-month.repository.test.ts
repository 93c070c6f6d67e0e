import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceDay } from '../../test/harness/attendance-day.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import type { AttendanceDay } from './attendance.parse.ts';
import { storeDays } from './attendance-import.service.ts';
import { deleteDaysBefore } from './attendance-month.repository.ts';

const day = (employeeNo: string, date: string, overtimeMinutes: number): AttendanceDay =>
  attendanceDay({ line: 1, employeeNo, date, startTime: '09:00', endTime: '18:00', overtimeMinutes });

describe('deleting stored days before a date (retention)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 60);
    await storeDays(
      t.db,
      [
        day('D00002', '2026-03-31', 10),
        day('D00002', '2026-04-01', 20),
        day('D00002', '2026-04-14', 30),
        day('D00002', '2026-04-15', 40),
        day('D00002', '2026-04-30', 50),
        day('D00003', '2026-04-02', 60),
      ],
      { id: null, label: 'test' },
      { source: 'api' },
    );
  });
  afterAll(() => t?.drop());

  it('removes exactly the days before the cutoff, also inside the cutoff’s month, and keeps the monthly totals', async () => {
    expect(await deleteDaysBefore(t.db, '2026-04-15')).toBe(4);
    const left = await t.db.query<{ no: string; date: string; ot: number }>(sql`
      select e.employee_no as no, to_char(d.work_date, 'YYYY-MM-DD') as date, d.overtime_minutes as ot
        from attendance_day d join employee e on e.id = d.employee_id order by 1, 2`);
    expect(left).toEqual([
      { no: 'D00002', date: '2026-04-15', ot: 40 },
      { no: 'D00002', date: '2026-04-30', ot: 50 },
    ]);
    // D00003's April had only an earlier day: its month row is gone, not left empty.
    const [rows] = await t.db.query<{ n: number }>(sql`select count(*)::int as n from attendance_month`);
    expect(rows!.n).toBe(1);
    const [april] = await t.db.query<{ overtime_minutes: number }>(sql`
      select m.overtime_minutes from overtime_month m join employee e on e.id = m.employee_id
       where e.employee_no = 'D00002' and m.month = '2026-04-01'`);
    expect(april!.overtime_minutes).toBe(140);
    expect(await deleteDaysBefore(t.db, '2026-04-15')).toBe(0);
  });
});
