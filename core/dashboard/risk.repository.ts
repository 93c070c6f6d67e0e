import type { OpenAlert } from '../../contracts/tab-api/dashboard.contract.ts';
import type { Db } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';

export interface PersonRunningMonth {
  employeeId: string;
  employeeNo: string;
  name: string;
  sectionName: string;
  minutes: number;
  /** The last date with attendance data: the pace counts working days up to here. */
  lastWorkDate: string;
}

/** For each date a person's month may end at: projected = round(minutes × num / den). */
export interface PaceFactor {
  date: string;
  num: number;
  den: number;
}

/**
 * The people below the manager (org_closure: their subtree now) projected at or over `level` this
 * month, most at risk first, at most `limit`; how many are, and how many have a record this month.
 * The sections searched are those where the manager's people have a month (org_known_month, kept by
 * triggers), each by its index in hours order down to the lowest minutes that any pace could lift to
 * the level: a bureau head's 40,000 people are not read one by one, and nobody under the level is
 * read by name. Dates without a factor (outside the month) count as final (factor 1), as
 * projectMonthEnd does.
 */
export async function runningMonthAtRisk(
  db: Db,
  managerId: string,
  month: string,
  factors: readonly PaceFactor[],
  level: number,
  limit: number,
): Promise<{ people: PersonRunningMonth[]; atRisk: number; withData: number }> {
  const m = `${month}-01`;
  // No pace lifts fewer minutes than this to the level (the largest factor applied).
  const floor = Math.min(level, ...factors.map((f) => Math.floor(((level - 1) * f.den) / f.num)));
  const [rows, [counts]] = await Promise.all([
    db.query<PersonRunningMonth & { total: number }>(sql`
      with known as materialized (
        -- A section whose every month row is one of the manager's people (his count there, kept by
        -- triggers, equals the rows there now) needs no check of each person against the closure.
        select k.section_id,
               k.staff = (select count(*) from overtime_month o where o.month = k.month and o.section_id = k.section_id) as whole
          from org_known_month k where k.ancestor = ${managerId}::uuid and k.month = ${m}::date),
      pace as (select * from unnest(${factors.map((f) => f.date)}::date[], ${factors.map((f) => f.num)}::int[],
                                    ${factors.map((f) => f.den)}::int[]) as f(d, num, den)),
      risky as materialized (
        select o.employee_id, o.overtime_minutes, o.last_work_date, x.projected
          from known k
          cross join lateral (select employee_id, overtime_minutes, last_work_date from overtime_month o
                               where o.month = ${m}::date and o.section_id = k.section_id
                                 and o.overtime_minutes >= ${floor}
                              -- offset 0: one range of the hours index per section, not a join
                              -- over the whole month.
                              offset 0) o
          left join pace p on p.d = o.last_work_date
          -- round(minutes × num / den) in integers (Math.round of projectMonthEnd: halves up).
          cross join lateral (select (2 * o.overtime_minutes * coalesce(p.num, 1) + coalesce(p.den, 1))
                                     / (2 * coalesce(p.den, 1)) as projected) x
         where x.projected >= ${level}
           and (k.whole
                or exists (select 1 from org_closure c
                            where c.ancestor = ${managerId}::uuid and c.descendant = o.employee_id and c.depth > 0))
      ),
      -- The projection of the last one shown: only those at or over it are read by name.
      cut as (select projected from risky order by projected desc offset ${limit - 1} limit 1),
      top as (
        select r.employee_id, r.overtime_minutes, r.last_work_date, r.projected, e.employee_no,
               e.family_name || ' ' || e.given_name as name, e.section_id
          from risky r join employee e on e.id = r.employee_id
         where r.projected >= coalesce((select projected from cut), 0)
         order by r.projected desc, e.employee_no
         limit ${limit})
      select t.employee_id::text as "employeeId", t.employee_no as "employeeNo", t.name, s.name as "sectionName",
             t.overtime_minutes as minutes, to_char(t.last_work_date, 'YYYY-MM-DD') as "lastWorkDate",
             (select count(*) from risky)::int as total
        from top t join section s on s.id = t.section_id
       order by t.projected desc, t.employee_no`),
    db.query<{ with_data: number }>(sql`
      select coalesce(sum(staff), 0)::int as with_data from org_known_month
       where ancestor = ${managerId}::uuid and month = ${m}::date`),
  ]);
  return {
    people: rows.map(({ total: _, ...r }) => r),
    atRisk: rows[0]?.total ?? 0,
    withData: counts?.with_data ?? 0,
  };
}

export type { OpenAlert };

/** How many 100 h alerts of everyone below the manager are open, any month (org_open_alerts, 0023). */
export async function openAlertTotalOf(db: Db, managerId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql`
    select coalesce((select open_count from org_open_alerts where ancestor = ${managerId}::uuid), 0)::int as n`);
  return row?.n ?? 0;
}

/**
 * The first `limit` 100 h alerts of everyone below the manager still waiting for follow-up, whatever
 * month they are about, oldest first. Read either in date order from the open alerts, each checked
 * against the closure ('by_date': about limit × all open ÷ the manager's open alerts index entries),
 * or person by person from the closure ('by_person': one probe per person below the manager); the
 * caller picks the cheaper. Names are read for the chosen rows only.
 */
export async function openAlertsOf(
  db: Db,
  managerId: string,
  limit: number,
  path: 'by_date' | 'by_person',
): Promise<OpenAlert[]> {
  const chosen =
    path === 'by_date'
      ? fragment`
          select a.id, a.employee_id, a.period, a.value_minutes, a.raised_on
            from overtime_alert a
           where a.follow_up = 'open'
             -- A scalar check, not a join: the scan stays in (raised_on, id) order and stops at the limit.
             and (select c.depth from org_closure c where c.ancestor = ${managerId}::uuid and c.descendant = a.employee_id) > 0
           order by a.raised_on, a.id
           limit ${limit}`
      : fragment`
          select a.id, a.employee_id, a.period, a.value_minutes, a.raised_on
            from org_closure c
            join overtime_alert a on a.employee_id = c.descendant and a.follow_up = 'open'
           where c.ancestor = ${managerId}::uuid and c.depth > 0
           order by a.raised_on, a.id
           limit ${limit}`;
  return db.query<OpenAlert>(sql`
    select a.id::int as id, e.id::text as "employeeId", e.family_name || ' ' || e.given_name as name,
           to_char(a.period, 'YYYY-MM') as month, a.value_minutes as "valueMinutes", a.raised_on::text as "raisedOn"
      from (${chosen}) a
      join employee e on e.id = a.employee_id
     order by a.raised_on, a.id`);
}

/**
 * How many 100 h alerts are open in these bureaus (or everywhere), whatever month, by the person's
 * section now: a count, no names. From overtime_alert_open_section (migration 0023), which triggers
 * keep per section with every alert and every move: O(sections), not a join of every open alert to
 * employee.
 */
export async function openAlertCount(db: Db, bureauIds: string[] | null): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql`
    select coalesce(sum(c.open_count), 0)::int as n
      from overtime_alert_open_section c
      join section s on s.id = c.section_id
     where (${bureauIds === null}::boolean or s.bureau_id = any(${bureauIds ?? []}::uuid[]))`);
  return row?.n ?? 0;
}
