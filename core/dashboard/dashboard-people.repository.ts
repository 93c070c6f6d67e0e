import type { PersonMonth } from '../../contracts/tab-api/dashboard.contract.ts';
import type { Db } from '../db/db.ts';
import { fragment, prepared, sql } from '../db/sql.ts';
import { firstOf } from './dashboard.repository.ts';

/** People-level reads of the dashboard: a section's people list and one person's own months. */

/**
 * Which way peopleMonth finds the people: 'by_hours' reads the section's month in hours order
 * (overtime_month_section_hours_idx) and checks each row against the closure with one probe, until
 * the list is full — cheap when the viewer's people are most of the section; 'by_closure' reads the
 * viewer's people in the section from the closure and their months by key — cheap when they are
 * few. The caller picks the cheaper from the counts it has (peoplePath).
 */
export type PeoplePath = 'by_hours' | 'by_closure';

/**
 * The cheaper path for a section of `sectionStaff` people this month of whom `visible` are the
 * viewer's, the viewer having `subtree` people in all: rows read in hours order until `limit` of
 * theirs came up, against all their closure rows plus one probe per person of the section.
 */
export function peoplePath(
  limit: number,
  sectionStaff: number,
  visible: number,
  subtree: number,
): PeoplePath {
  if (visible <= 0) return 'by_closure';
  const byHours = Math.min(sectionStaff, (limit * sectionStaff) / visible);
  return byHours <= subtree + visible ? 'by_hours' : 'by_closure';
}

/**
 * Up to `limit` of the people the viewer may see in a section now — the people of their subtree
 * whose section it is (org_closure keeps each one's section) and themself if they sit there — most
 * overtime first, in one statement: the top from the section's month (by the path given), then
 * people without a row there (no data yet, or moved in) to fill the rest of the list. Nobody's id is
 * sent.
 */
export async function peopleMonth(
  db: Db,
  viewer: { id: string; sitsHere: boolean },
  sectionId: string,
  month: string,
  limit: number,
  path: PeoplePath = 'by_hours',
): Promise<PersonMonth[]> {
  const m = firstOf(month);
  const top =
    path === 'by_hours'
      ? fragment`
          select o.employee_id as id, o.overtime_minutes from overtime_month o
           where o.month = ${m}::date and o.section_id = ${sectionId}::uuid
             and ((${viewer.sitsHere}::boolean and o.employee_id = ${viewer.id}::uuid)
                  -- A scalar probe, not a join: the scan stays in hours order and stops at the limit.
                  -- Written as a bare boolean subquery, which the planner takes to keep half the rows
                  -- (compared with a value it guessed 0.5 %, costed the whole section and compiled
                  -- the statement with JIT: 50 ms for 200 rows).
                  or (select true from org_closure c
                       where c.ancestor = ${viewer.id}::uuid and c.descendant = o.employee_id and c.depth > 0
                         and c.section_id = ${sectionId}::uuid))
           order by o.overtime_minutes desc, o.employee_id
           limit ${limit}`
      : fragment`
          select o.employee_id as id, o.overtime_minutes
            from (select c.descendant as id from org_closure c
                   where c.ancestor = ${viewer.id}::uuid and c.depth > 0 and c.section_id = ${sectionId}::uuid
                  union all
                  select ${viewer.id}::uuid where ${viewer.sitsHere}::boolean) p
            join overtime_month o on o.employee_id = p.id and o.month = ${m}::date and o.section_id = ${sectionId}::uuid
           order by o.overtime_minutes desc, o.employee_id
           limit ${limit}`;
  const rows = await db.query<{
    id: string;
    employee_no: string;
    name: string;
    is_managerial: boolean;
    minutes: number | null;
    last_year: number | null;
    alert: string | null;
  }>(
    // Prepared: a section chief's page runs it on every request, and planning it took about as
    // long as running it. Two texts, one name each.
    prepared(
      `people-month:${path}`,
      sql`
    with top as materialized (${top}),
    rest as (
      -- Only when the top is short of the limit (the count is evaluated once, before any scan).
      select e.id from employee e
       where (select count(*) from top) < ${limit}
         and (e.id in (select c.descendant from org_closure c
                        where c.ancestor = ${viewer.id}::uuid and c.depth > 0 and c.section_id = ${sectionId}::uuid)
              or (${viewer.sitsHere}::boolean and e.id = ${viewer.id}::uuid))
         and not exists (select 1 from top where top.id = e.id)
       order by e.employee_no limit ${limit}
    ),
    chosen as (
      select id from (select id, 0 as part from top union all select id, 1 from rest) x
       order by part limit ${limit}
    )
    select e.id::text as id, e.employee_no, e.family_name || ' ' || e.given_name as name, e.is_managerial,
           om.overtime_minutes as minutes, ly.overtime_minutes as last_year,
           (select a.follow_up from overtime_alert a where a.employee_id = e.id and a.level = 'month100' and a.period = ${m}::date) as alert
      from chosen
      join employee e on e.id = chosen.id
      left join overtime_month om on om.employee_id = e.id and om.month = ${m}::date
      left join overtime_month ly on ly.employee_id = e.id and ly.month = (${m}::date - interval '1 year')::date
     order by om.overtime_minutes desc nulls last, e.employee_no`,
    ),
  );
  return rows.map((r) => ({
    employeeId: r.id,
    employeeNo: r.employee_no,
    name: r.name,
    isManagerial: r.is_managerial,
    minutes: r.minutes,
    lastYearMinutes: r.last_year,
    annualLeaveDays: 0,
    alert100: r.alert === 'open' || r.alert === 'acted' || r.alert === 'none' ? r.alert : null,
  }));
}

/** One person's months in [from, to]. */
export async function personMonths(
  db: Db,
  employeeId: string,
  from: string,
  to: string,
): Promise<
  { month: string; minutes: number; inOfficeMinutes: number; lastWorkDate: string; daysRecorded: number }[]
> {
  const rows = await db.query<{
    month: string;
    minutes: number;
    in_office: number;
    last_work_date: string;
    days_recorded: number;
  }>(sql`
    select to_char(month, 'YYYY-MM') as month, overtime_minutes as minutes, in_office_minutes as in_office,
           to_char(last_work_date, 'YYYY-MM-DD') as last_work_date, days_recorded
      from overtime_month
     where employee_id = ${employeeId} and month between ${firstOf(from)}::date and ${firstOf(to)}::date
     order by month`);
  return rows.map((r) => ({
    month: r.month,
    minutes: r.minutes,
    inOfficeMinutes: r.in_office,
    lastWorkDate: r.last_work_date,
    daysRecorded: r.days_recorded,
  }));
}
