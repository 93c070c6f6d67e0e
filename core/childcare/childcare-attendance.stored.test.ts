import holidayJp from '@holiday-jp/holiday_jp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { accessScope } from '../access/scope.ts';
import { buildViewer } from '../access/viewer.ts';
import type { AttendanceDay } from '../attendance/attendance.parse.ts';
import { storeDays } from '../attendance/attendance-import.service.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { prng } from '../demo/demo-org.generator.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import { writeSetting } from '../settings/settings.repository.ts';
import { addDays } from '../shared/calendar.ts';
import { followUpReport } from '../wellbeing/follow-up-report.service.ts';
import { openCase } from './childcare.repository.ts';
import { takeUpFor } from './childcare-take-up.service.ts';

/**
 * The three take-up rates "from what was actually taken" (issue 19), on stored data: generated
 * births (through the childcare repository) and the fathers' leave days (through the attendance
 * import), against an independent SQL computation by fiscal year of birth. The SQL states the rules
 * on its own (docs/childcare.md, the defaults of core/childcare/childcare.settings.ts):
 *
 * - 配偶者出産休暇: working days from 7 days before the birth (admission unknown) to birth + 14, at most 2;
 *   育児参加のための休暇: working days from 8 (multiple birth 14) weeks before the due date (or the
 *   birth, if earlier) to the day before the 1st birthday, at most 5 — the earliest days count;
 * - 育児休業: runs of recorded days joined over weekends and holidays; a run before the birth does not
 *   count, nor an ordinary one (starting on day 58 or later) ending after the day before the 3rd birthday;
 * - 男の産休 ≥ 5 days; 育児休業 ≥ 14 calendar days; first year: leave days within [birth, 1st birthday − 1]
 *   plus weekends/holidays enclosed between leave days ≥ 30.
 * Non-working days are weekends, 12/29–1/3 and the national holidays (the holiday_jp table as data).
 */
describe('childcare take-up from attendance, on stored data', () => {
  let database: TestDatabase;
  let db: Db;
  let hrId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await writeDemoOrg(db, 120);
    const people = await db.query<{ id: string; employee_no: string }>(
      sql`select id, employee_no from employee where active order by employee_no`,
    );
    hrId = people[0]!.id;
    await db.query(
      sql`insert into role_assignment (employee_id, role, bureau_id) values (${hrId}, 'hr', null) on conflict do nothing`,
    );
    await writeSetting(db, 'privacy', { minGroupSize: 2 }, hrId);

    const rand = prng(1919);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const days: AttendanceDay[] = [];
    let line = 0;
    const fathers = people.slice(1, 91);
    for (const [k, father] of fathers.entries()) {
      // Births over FY2025 and the first half of FY2026; the data run to 2026-11-30.
      const birth = addDays('2025-04-01', int(0, 540));
      const due = addDays(birth, int(-20, 14));
      const multipleBirth = rand() < 0.1;
      await openCase(db, {
        employeeId: father.id,
        source: 'report',
        reportedOn: addDays(due, -150),
        dueDate: due,
        birthDate: birth,
        multipleBirth,
      });
      const taken = new Map<string, string>();
      const put = (date: string, type: string) => {
        if (date <= '2026-11-30' && !taken.has(date)) taken.set(date, type);
      };
      // 配偶者出産休暇: 0–4 days around the birth, some outside the window or on a weekend.
      for (let i = int(0, 4); i > 0; i--) put(addDays(birth, int(-10, 17)), '配偶者出産休暇');
      // A few fathers have such days long before (an earlier child, a mislabelled day).
      if (k % 6 === 0) for (const d of [-200, -199, -198]) put(addDays(birth, d), '配偶者出産休暇');
      // 育児参加のための休暇: 0–7 days, mostly in the first months, some before the birth.
      for (let i = int(0, 7); i > 0; i--) put(addDays(birth, int(-70, 200)), '育児参加のための休暇');
      if (k % 9 === 0) for (let d = 0; d < 6; d++) put(addDays(birth, 30 + d), '育児参加のための休暇');
      // 育児休業: recorded on working days; half the fathers take a block, some a second one, a few
      // start one before the birth (refused by the rules: 休業 is for a child that exists).
      if (rand() < 0.55) {
        const start = addDays(birth, int(k % 11 === 0 ? -6 : 0, 70));
        const length = int(3, 40);
        for (let d = 0; d < length; d++) {
          const date = addDays(start, d);
          if (isWorking(date)) put(date, d % 7 === 3 && k % 2 === 0 ? '産後パパ育休' : '育児休業');
        }
      }
      if (rand() < 0.2) {
        const start = addDays(birth, int(100, 300));
        for (let d = 0; d < int(10, 60); d++)
          if (isWorking(addDays(start, d))) put(addDays(start, d), '育児休業');
      }
      // Ordinary leave, which does not count.
      for (let i = int(0, 3); i > 0; i--) put(addDays(birth, int(-30, 300)), '年次休暇');
      for (const [date, leaveType] of taken)
        days.push({
          line: ++line,
          employeeNo: father.employee_no,
          date,
          startTime: null,
          endTime: null,
          endsNextDay: false,
          overtimeMinutes: 0,
          leaveType,
          leaveDays: 1,
          leaveMinutes: null,
          inOfficeMinutes: null,
          logonAt: null,
          logoffAt: null,
        });
    }
    await storeDays(db, days, { id: null, label: 'test' }, { source: 'api' });
  }, 240_000);
  afterAll(() => database?.drop());

  const independent = async (fiscalYear: number) => {
    const holidays = Object.keys(holidayJp.holidays).filter((d) => d >= '2024-01-01' && d <= '2029-12-31');
    const rows = await db.query<{
      bureau: string | null;
      births: number;
      special: number;
      childcare: number;
      first_year: number;
    }>(sql`
      with cases as (
        select c.id, c.employee_id, c.birth_date as b, coalesce(c.due_date, c.birth_date) as u, c.multiple_birth as m,
               case when extract(day from c.birth_date + interval '12 months') = extract(day from c.birth_date)
                    then (c.birth_date + interval '12 months')::date - 1 else (c.birth_date + interval '12 months')::date end as y1,
               case when extract(day from c.birth_date + interval '36 months') = extract(day from c.birth_date)
                    then (c.birth_date + interval '36 months')::date - 1 else (c.birth_date + interval '36 months')::date end as y3
          from childcare_case c where c.birth_date is not null and c.status <> 'closed'
      ), cal as (
        select g::date as d, (extract(isodow from g) in (6, 7) or to_char(g, 'MM-DD') >= '12-29'
                              or to_char(g, 'MM-DD') <= '01-03' or g::date = any(${holidays}::date[])) as closed
          from generate_series('2024-01-01'::date, '2029-12-31'::date, interval '1 day') g
      ), leave as (
        select x.id, a.work_date as d, a.leave_type as t, cal.closed
          from cases x join attendance_day a on a.employee_id = x.employee_id join cal on cal.d = a.work_date
         where a.leave_type is not null and coalesce(a.leave_days, a.leave_minutes / 465.0, 0) > 0
      ), special as (
        select id, d from (
          select l.id, l.d, k.kind, row_number() over (partition by l.id, k.kind order by l.d) as n
            from leave l join cases x on x.id = l.id
            cross join lateral (select case when l.t ~ '配偶者出産' then 'spouse' when l.t ~ '育児参加' then 'part' end as kind) k
           where not l.closed
             and ((k.kind = 'spouse' and l.d between x.b - 7 and x.b + 14)
               or (k.kind = 'part' and l.d between least(x.b, x.u - 7 * (case when x.m then 14 else 8 end)) and x.y1))) s
         where n <= case kind when 'spouse' then 2 else 5 end
      ), cc as (
        select id, d, lag(d) over (partition by id order by d) as prev from leave
         where t !~ '配偶者出産' and t !~ '育児参加' and t ~ '(育児休業|育休|産後パパ)'
      ), cc_runs as (
        select id, d, sum(case when prev is null or exists (select 1 from cal where cal.d > cc.prev and cal.d < cc.d and not cal.closed)
                               then 1 else 0 end) over (partition by id order by d) as grp from cc
      ), runs as (
        select r.id, min(r.d) as s, max(r.d) as e from cc_runs r group by r.id, r.grp
      ), kept_runs as (
        select r.id, r.s, r.e from runs r join cases x on x.id = r.id
         where r.s >= x.b and (r.s < x.b + 57 or r.e <= x.y3)
      ), off_days as (
        select id, d from special
        union select id, g::date from kept_runs, generate_series(s, e, interval '1 day') g
      ), first_year as (
        select o.id, o.d from off_days o join cases x on x.id = o.id where o.d between x.b and x.y1
        union
        select x.id, c.d from cases x join cal c on c.closed and c.d between x.b and x.y1
         where not exists (select 1 from off_days o where o.id = x.id and o.d = c.d)
           and exists (select 1 from off_days o where o.id = x.id and o.d = (
                 select max(c2.d) from cal c2 where c2.d < c.d
                    and (not c2.closed or exists (select 1 from off_days o2 where o2.id = x.id and o2.d = c2.d))))
           and exists (select 1 from off_days o where o.id = x.id and o.d = (
                 select min(c2.d) from cal c2 where c2.d > c.d
                    and (not c2.closed or exists (select 1 from off_days o2 where o2.id = x.id and o2.d = c2.d))))
      ), per_case as (
        select x.id, sec.bureau_id,
               (select count(*) from special s where s.id = x.id) as special_days,
               (select coalesce(sum(r.e - r.s + 1), 0) from kept_runs r where r.id = x.id) as childcare_days,
               (select count(*) from first_year f where f.id = x.id) as first_year_days
          from cases x join employee e on e.id = x.employee_id join section sec on sec.id = e.section_id
         where (case when extract(month from x.b) >= 4 then extract(year from x.b) else extract(year from x.b) - 1 end) = ${fiscalYear}
      )
      -- The fathers do not move: the bureau at the birth is today's.
      select bureau_id::text as bureau, count(*)::int as births, count(*) filter (where special_days >= 5)::int as special,
             count(*) filter (where childcare_days >= 14)::int as childcare,
             count(*) filter (where first_year_days >= 30)::int as first_year
        from per_case group by grouping sets ((bureau_id), ())`);
    return {
      total: rows.find((r) => r.bureau === null)!,
      bureaus: new Map(rows.filter((r) => r.bureau !== null).map((r) => [r.bureau!, r])),
    };
  };

  it.each([2025, 2026])(
    'FY%i: the three rates from the stored leave days equal the SQL computation',
    async (fy) => {
      const scope = await accessScope(db, await buildViewer(db, (await findEmployeeById(db, hrId))!));
      const view = await takeUpFor(db, scope, fy, { floor: 2 });
      const { total: want, bureaus } = await independent(fy);
      const got = view.fromAttendance.total;
      expect(got.hidden).toBeNull();
      expect(got.births).toBe(want.births);
      expect({
        special: got.specialLeave5Days.met,
        childcare: got.childcareLeave2Weeks.met,
        firstYear: got.firstYear1Month.met,
      }).toEqual({ special: want.special, childcare: want.childcare, firstYear: want.first_year });
      expect(got.specialLeave5Days.rate).toBeCloseTo(want.special / want.births, 10);
      expect(got.childcareLeave2Weeks.rate).toBeCloseTo(want.childcare / want.births, 10);
      expect(got.firstYear1Month.rate).toBeCloseTo(want.first_year / want.births, 10);
      // Per bureau, wherever the bureau is shown.
      let shown = 0;
      for (const { bureauId, figures } of view.fromAttendance.bureaus) {
        if (figures.hidden) continue;
        shown++;
        const b = bureaus.get(bureauId);
        expect(
          [
            figures.births,
            figures.specialLeave5Days.met,
            figures.childcareLeave2Weeks.met,
            figures.firstYear1Month.met,
          ],
          bureauId,
        ).toEqual([b?.births ?? 0, b?.special ?? 0, b?.childcare ?? 0, b?.first_year ?? 0]);
      }
      expect(shown).toBeGreaterThan(1);
      // The follow-up report prints the same rates (％, one decimal) in its 勤怠 rows.
      const report = await followUpReport(db, scope, fy === 2025 ? '2026-03' : '2026-10');
      const printed = report.rows
        .filter((r) => r.unit === '省全体' && r.measure.endsWith('（勤怠の休暇種別による）'))
        .map((r) => r.value);
      const pct = (met: number) => Math.round((met / want.births) * 1000) / 10;
      expect(printed).toEqual([pct(want.childcare), pct(want.special), pct(want.first_year)]);
      // Not a trivial comparison: births in the year, and each rate neither 0 nor 100 %.
      expect(want.births).toBeGreaterThan(20);
      for (const met of [want.special, want.childcare, want.first_year]) {
        expect(met).toBeGreaterThan(0);
        expect(met).toBeLessThan(want.births);
      }
    },
  );
});

/** A working day by the holiday_jp table itself (the test's own calendar, not core/shared/calendar). */
function isWorking(date: string): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  const md = date.slice(5);
  return dow !== 0 && dow !== 6 && md < '12-29' && md > '01-03' && !(date in holidayJp.holidays);
}
