import { insertImport, refreshAggregatesForImport } from '../attendance/attendance-import.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import {
  addDays,
  eachDay,
  isWorkingDay,
  lastDayOfMonth,
  monthOf,
  tokyoDateOf,
  workingDaysBetween,
} from '../shared/calendar.ts';
import { shiftMonth, type YearMonth } from '../shared/year-month.ts';

/**
 * Busy-ness by calendar month: the ordinary Diet session (通常国会, January–June, peaking with the
 * budget bill in February–March) and the budget season (概算要求 in August, 査定 to the December
 * cabinet decision). July and April are the quiet months.
 */
const SEASON = [1.1, 1.45, 1.5, 0.95, 1.1, 1.2, 0.7, 1.0, 1.05, 1.15, 1.3, 1.4] as const;

/**
 * Annual leave by calendar month, per mille of working days: more around GW (May), the summer
 * (August) and the year end, little in the Diet's budget weeks (February–March). About 56‰ of
 * ~245 working days is ~14 days a year, the national civil service's average (人事院 年次報告書).
 */
const LEAVE_PER_MILLE = [55, 35, 35, 50, 75, 50, 60, 110, 55, 45, 45, 60] as const;

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
): Promise<{ months: YearMonth[]; month100: YearMonth; closedMonth: YearMonth }> {
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
  // A second, older case that the 課長 has already followed up (closeDemoCase marks it acted).
  const closedMonth = shiftMonth(month100, -2);
  const daysClosed = days.filter((d) => monthOf(d) === closedMonth).length;
  const perDayClosed = Math.ceil((102 * 60) / Math.max(1, daysClosed) / 15) * 15;
  const [closedPerson] = await db.query<{ no: string }>(sql`
    select e.employee_no as no from employee e
     where e.section_id = (select section_id from employee where employee_no = ${DEMO_100H_EMPLOYEE_NO})
       and not e.is_managerial and e.employee_no <> ${DEMO_100H_EMPLOYEE_NO} and e.active
     order by e.employee_no desc limit 1`);
  const closedNo = closedPerson?.no ?? '';

  return db.transaction(async (tx) => {
    const importId = await insertImport(tx, { source: 'demo', fileName: 'demo-generator', rowCount: 0 });
    // Pseudo-random parts from integer hashing of (person, day): cheap enough for 100k rows on PGlite.
    await tx.query(sql`
      with d as (
        select day::date as day, i::bigint as i, ${SEASON as unknown as number[]}::float8[] as season,
               ${LEAVE_PER_MILLE as unknown as number[]}::int[] as leave
          from unnest(${days}::date[]) with ordinality as t(day, i)
      ), p as (
        select e.id, e.employee_no = ${DEMO_100H_EMPLOYEE_NO} as is100, e.employee_no = ${closedNo} as is_closed,
               e.is_managerial, s.heteronomous,
               row_number() over (order by e.employee_no) as n,
               -- Each person's own level: 0.3–1.7 of the section's norm.
               0.3 + (abs(hashtext(e.employee_no)) % 1000) / 714.0 as level
          from employee e join section s on s.id = e.section_id where e.active
      ), r as (
        select p.id, p.is100, p.is_closed, d.day,
               (((p.n * 7919 + d.i * 104729) * 2654435761) % 1000)::int as rnd,
               (((p.n * 104723 + d.i * 7907) * 2246822519) % 1000) / 1000.0 as spread,
               (case when p.heteronomous then 95 else 55 end) * (case when p.is_managerial then 0.6 else 1 end)
                 * p.level * d.season[extract(month from d.day)::int] as norm,
               d.leave[extract(month from d.day)::int] as leave_per_mille
          from p cross join d
      ), x as (
        select r.id, r.day,
               r.rnd < r.leave_per_mille
                 and not (r.is100 and to_char(r.day, 'YYYY-MM') = ${month100})
                 and not (r.is_closed and to_char(r.day, 'YYYY-MM') = ${closedMonth}) as on_leave,
               case
                 when r.is100 and to_char(r.day, 'YYYY-MM') = ${month100} then ${perDay100}
                 when r.is_closed and to_char(r.day, 'YYYY-MM') = ${closedMonth} then ${perDayClosed}
                 when r.rnd < r.leave_per_mille then 0
                 else least(600, (round(r.norm * (0.3 + 1.4 * r.spread) / 15) * 15)::int)
               end as ot
          from r
      ), y as (
        select x.*, date_trunc('month', x.day)::date as month, extract(day from x.day)::int as slot from x
      )
      -- One row per person and month (migration 0017): slot d of each array is day d of the month.
      insert into attendance_month (employee_id, month, day_mask, start_time, end_time, ends_next_day, overtime_minutes,
                                    leave_type, leave_days, leave_minutes, in_office_minutes, logon_at, logoff_at, import_id)
      select k.id, k.month, bit_or(case when y.id is null then 0 else 1 << (s - 1) end),
             array_agg(case when not y.on_leave then time '09:00' end order by s),
             array_agg(case when not y.on_leave then time '17:45' + least(y.ot, 374) * interval '1 minute' end order by s),
             array_agg(case when y.id is not null then false end order by s),
             array_agg(y.ot order by s),
             array_agg(case when y.on_leave then '年次休暇' end order by s),
             array_agg(case when y.on_leave then 1::numeric end order by s),
             array_agg(null::integer order by s),
             array_agg(case when not y.on_leave then y.ot end order by s),
             array_agg(null::timestamp order by s), array_agg(null::timestamp order by s),
             ${importId}
        from (select distinct id, month from y) k
        cross join generate_series(1, 31) as s
        left join y on y.id = k.id and y.month = k.month and y.slot = s
       group by k.id, k.month`);
    // The leave days also count as leave taken (what the import does for real files).
    await tx.query(sql`
      insert into leave_taken (employee_id, day, kind, days, source)
      select employee_id, work_date, 'annual', 1, 'demo' from attendance_day
       where import_id = ${importId} and leave_type = '年次休暇'
      on conflict do nothing`);
    const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(
      sql`select count(*)::int as n from attendance_day where import_id = ${importId}`,
    );
    await tx.query(
      sql`update attendance_import set row_count = ${n}, changed_count = ${n} where id = ${importId}`,
    );
    const months = await refreshAggregatesForImport(tx, importId);
    await seedYearBefore(tx, firstMonth);
    return { months, month100, closedMonth };
  });
}

/**
 * The twelve months before the daily data, as monthly figures only (daily rows for a second year
 * would double the start-up time): the same seasons and personal levels at a slightly lower level,
 * so every month has last year's month to compare with. The section and bureau months are summed as the import does.
 */
async function seedYearBefore(tx: Db, firstDailyMonth: YearMonth): Promise<void> {
  const months = Array.from({ length: 12 }, (_, i) => shiftMonth(firstDailyMonth, i - 12));
  const workingDays = months.map((m) => workingDaysBetween(`${m}-01`, lastDayOfMonth(m)).length);
  await tx.query(sql`
    with m as (
      select to_date(month, 'YYYY-MM') as month, wd, i
        from unnest(${months}::text[], ${workingDays}::int[]) with ordinality as t(month, wd, i)
    ), p as (
      select e.id, e.section_id, e.is_managerial, s.heteronomous, e.employee_no,
             0.3 + (abs(hashtext(e.employee_no)) % 1000) / 714.0 as level
        from employee e join section s on s.id = e.section_id where e.active
    )
    insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, in_office_minutes,
                                days_recorded, last_work_date)
    select p.id, m.month, p.section_id, p.is_managerial,
           least(7200, round(0.94 * m.wd * (case when p.heteronomous then 95 else 55 end)
                 * (case when p.is_managerial then 0.6 else 1 end) * p.level
                 * (${SEASON as unknown as number[]}::float8[])[extract(month from m.month)::int]
                 * (0.75 + (abs(hashtext(p.employee_no || m.month::text)) % 500) / 1000.0))::int),
           0, m.wd, (m.month + interval '1 month - 1 day')::date
      from p cross join m
    on conflict (employee_id, month) do nothing`);
  const first = `${months[0]}-01`;
  const last = `${months[11]}-01`;
  await tx.query(sql`
    insert into overtime_section_month (section_id, month, staff_count, total_minutes, nm_staff_count, nm_total_minutes,
                                        nm_ge_45h, nm_ge_80h, nm_ge_100h, ge_100h)
    select section_id, month, count(*), sum(overtime_minutes),
           count(*) filter (where not is_managerial), coalesce(sum(overtime_minutes) filter (where not is_managerial), 0),
           count(*) filter (where not is_managerial and overtime_minutes >= 2700),
           count(*) filter (where not is_managerial and overtime_minutes >= 4800),
           count(*) filter (where not is_managerial and overtime_minutes >= 6000),
           count(*) filter (where overtime_minutes >= 6000)
      from overtime_month where month between ${first}::date and ${last}::date
     group by section_id, month
    on conflict (section_id, month) do nothing`);
  await tx.query(sql`
    insert into overtime_bureau_month (bureau_id, month, staff_count, total_minutes, nm_staff_count, nm_total_minutes,
                                       nm_ge_45h, nm_ge_80h, nm_ge_100h, ge_100h)
    select s.bureau_id, m.month, sum(staff_count), sum(total_minutes), sum(nm_staff_count), sum(nm_total_minutes),
           sum(nm_ge_45h), sum(nm_ge_80h), sum(nm_ge_100h), sum(ge_100h)
      from overtime_section_month m join section s on s.id = m.section_id
     where m.month between ${first}::date and ${last}::date
     group by s.bureau_id, m.month
    on conflict (bureau_id, month) do nothing`);
}

/**
 * The older demo case as its 課長 left it: raised when the month closed, followed up (he talked with
 * the person), so it is closed. Written directly: raising every level for a whole past month would
 * cost seconds of start-up for alerts nobody reads.
 */
export async function closeDemoCase(db: Db, month: YearMonth): Promise<void> {
  await db.query(sql`
    insert into overtime_alert (employee_id, period, level, value_minutes, threshold_minutes, raised_on, follow_up,
                                manager_id, acted_by, acted_at)
    select m.employee_id, m.month, 'month100', m.overtime_minutes, 6000, (m.month + interval '1 month')::date, 'acted',
           e.manager_id, e.manager_id, (m.month + interval '1 month 3 days')::timestamptz
      from overtime_month m join employee e on e.id = m.employee_id
     where m.month = ${`${month}-01`}::date and m.overtime_minutes >= 6000
    on conflict (employee_id, period, level) do nothing`);
}
