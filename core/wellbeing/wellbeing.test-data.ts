import type { AttendanceDay } from '../attendance/attendance.parse.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { prng } from '../demo/demo-org.generator.ts';
import { addDays, eachDay, isWorkingDay } from '../shared/calendar.ts';

/**
 * Generated attendance for tests (not the demo: core/demo belongs to the tab/demo issue): every
 * working day of [from, to] for the given people, with late nights, ends after midnight, missing
 * punches, whole-day leave and terminal logs around the declared span. Deterministic per seed.
 */
export function generateAttendance(
  employeeNos: readonly string[],
  from: string,
  to: string,
  seed = 19,
): AttendanceDay[] {
  const rand = prng(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  const clock = (mins: number) =>
    `${String(Math.floor(mins / 60) % 24).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
  const days: AttendanceDay[] = [];
  let line = 0;
  for (const no of employeeNos) {
    const busy = rand(); // some people work much longer than others
    for (const date of eachDay(from, to)) {
      if (!isWorkingDay(date)) continue;
      line++;
      const roll = rand();
      if (roll < 0.05) {
        days.push({ line, employeeNo: no, date, ...empty(), leaveType: '年次休暇', leaveDays: 1 });
        continue;
      }
      const start = 7 * 60 + pick(180); // 07:00–09:59
      const late = rand() < busy * 0.4 ? 120 + pick(420) : pick(90);
      const end = start + 8 * 60 + 45 + late; // may pass midnight
      const overtime = Math.max(0, end - (start + 8 * 60 + 45) - 15);
      const missing = roll < 0.08 ? (rand() < 0.5 ? 'start' : 'end') : null;
      const logOn = start - pick(50);
      const logOff = end + (rand() < 0.2 ? 30 + pick(180) : pick(25));
      days.push({
        line,
        employeeNo: no,
        date,
        startTime: missing === 'start' ? null : clock(start),
        endTime: missing === 'end' ? null : clock(end),
        endsNextDay: missing !== 'end' && end >= 1440,
        overtimeMinutes: Math.min(overtime, 1440),
        leaveType: null,
        leaveDays: null,
        leaveMinutes: null,
        inOfficeMinutes: null,
        logonAt: `${date}T${clock(logOn)}`,
        logoffAt: `${logOff >= 1440 ? addDays(date, 1) : date}T${clock(logOff)}`,
      });
    }
  }
  return days;
}

const empty = () => ({
  startTime: null,
  endTime: null,
  endsNextDay: false,
  overtimeMinutes: 0,
  leaveMinutes: null,
  inOfficeMinutes: null,
  logonAt: null,
  logoffAt: null,
});

export async function employeeNos(db: Db, limit = 10_000): Promise<string[]> {
  const rows = await db.query<{ employee_no: string }>(
    sql`select employee_no from employee where active order by employee_no limit ${limit}`,
  );
  return rows.map((r) => r.employee_no);
}
