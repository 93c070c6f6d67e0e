import { insertImport, refreshAggregatesForImport } from '../attendance/attendance-import.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import {
  addDays,
  eachDay,
  isWorkingDay,
  monthOf,
  tokyoDateOf,
  workingDaysBetween,
} from '../shared/calendar.ts';
import { shiftMonth, type YearMonth } from './year-month.ts';

/**
 * Busy-ness by calendar month: the ordinary Diet session (通常国会, January–June, peaking with the
 * budget bill in February–March) and the budget season (概算要求 in August, 査定 to the December
 * cabinet decision). July and April are the quiet months.
 */
const SEASON = [1.1, 1.45, 1.5, 0.95, 1.1, 1.2, 0.7, 1.0, 1.05, 1.15, 1.3, 1.4] as const;

/** The demo's 100 h case: 中村健太 (D00003), staff of 高橋誠 (D00002, 課長). */
export const DEMO_100H_EMPLOYEE_NO = 'D00003';

/**
 * Attendance for the demo ministry: every working day of the last twelve months up to yesterday,
 * written by one INSERT … SELECT over employees × working days (no per-row round trips), then the
 * aggregates. Deterministic: the "random" parts are hashes of employee number and date.
 * Returns the months written and the month of the demo's 100 h case.
 */
export async function seedDemoAttendance(
  db: Db,
  now: Date,
): Promise<{ months: YearMonth[]; month100: YearMonth }> {
  const today = tokyoDateOf(now);
  const yesterday = addDays(today, -1);
  const currentMonth = monthOf(today);
  const firstMonth = shiftMonth(currentMonth, -11);
  const days = eachDay(`${firstMonth}-01`, yesterday).filter(isWorkingDay);
  // The 100 h case goes in this month once enough of it has passed, else in the last one.
  const elapsed = workingDaysBetween(`${currentMonth}-01`, yesterday).length;
  const month100 = elapsed >= 12 ? currentMonth : shiftMonth(currentMonth, -1);
  const days100 = days.filter((d) => monthOf(d) === month100).length;
  // Enough per day to pass 100 h with a margin, in quarter hours.
  const perDay100 = Math.ceil((105 * 60) / Math.max(1, days100) / 15) * 15;

  return db.transaction(async (tx) => {
    const importId = await insertImport(tx, { source: 'demo', fileName: 'demo-generator', rowCount: 0 });
    // Pseudo-random parts from integer hashing of (person, day): cheap enough for 100k rows on PGlite.
    await tx.query(sql`
      with d as (
        select day::date as day, i::bigint as i, ${SEASON as unknown as number[]}::float8[] as season
          from unnest(${days}::date[]) with ordinality as t(day, i)
      ), p as (
        select e.id, e.employee_no = ${DEMO_100H_EMPLOYEE_NO} as is100, e.is_managerial, s.heteronomous,
               row_number() over (order by e.employee_no) as n,
               -- Each person's own level: 0.3–1.7 of the section's norm.
               0.3 + (abs(hashtext(e.employee_no)) % 1000) / 714.0 as level
          from employee e join section s on s.id = e.section_id where e.active
      ), r as (
        select p.id, p.is100, d.day,
               (((p.n * 7919 + d.i * 104729) * 2654435761) % 1000)::int as rnd,
               (((p.n * 104723 + d.i * 7907) * 2246822519) % 1000) / 1000.0 as spread,
               (case when p.heteronomous then 95 else 55 end) * (case when p.is_managerial then 0.6 else 1 end)
                 * p.level * d.season[extract(month from d.day)::int] as norm
          from p cross join d
      ), x as (
        select r.id, r.day, r.rnd < 40 and not (r.is100 and to_char(r.day, 'YYYY-MM') = ${month100}) as on_leave,
               case
                 when r.is100 and to_char(r.day, 'YYYY-MM') = ${month100} then ${perDay100}
                 when r.rnd < 40 then 0
                 else least(600, (round(r.norm * (0.3 + 1.4 * r.spread) / 15) * 15)::int)
               end as ot
          from r
      )
      insert into attendance_day (employee_id, work_date, start_time, end_time, ends_next_day, overtime_minutes,
                                  leave_type, leave_days, in_office_minutes, import_id)
      select x.id, x.day,
             case when x.on_leave then null else time '09:00' end,
             case when x.on_leave then null else time '17:45' + least(x.ot, 374) * interval '1 minute' end,
             false, x.ot,
             case when x.on_leave then '年次休暇' end,
             case when x.on_leave then 1 end,
             case when x.on_leave then null else x.ot end,
             ${importId}
        from x`);
    const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(
      sql`select count(*)::int as n from attendance_day where import_id = ${importId}`,
    );
    await tx.query(
      sql`update attendance_import set row_count = ${n}, changed_count = ${n} where id = ${importId}`,
    );
    const months = await refreshAggregatesForImport(tx, importId);
    return { months, month100 };
  });
}
