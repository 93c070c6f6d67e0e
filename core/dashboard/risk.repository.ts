import type { OpenAlert } from '../../contracts/tab-api/dashboard.contract.ts';
import type { Db } from '../db/db.ts';
import { fragment, prepared, sql } from '../db/sql.ts';

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
 * The fewest minutes that the factor projects to `level` or more: round(m × num / den) ≥ level
 * (halves up, as projectMonthEnd's Math.round) ⇔ 2·m·num ≥ (2·level − 1)·den.
 */
export function fewestMinutesAt(level: number, f: Pick<PaceFactor, 'num' | 'den'>): number {
  return Math.max(0, Math.ceil(((2 * level - 1) * f.den) / (2 * f.num)));
}

/**
 * The people below the manager (org_closure: their subtree now) projected at or over `level` this
 * month, most at risk first, at most `limit`; how many are, and how many have a record this month.
 *
 * For one section and one last working date the projection rises with the hours, so the people at
 * risk there are one range of overtime_month_section_date_idx (migration 0030), from the fewest
 * minutes that date's pace lifts to the level, and its first rows are the most at risk. The groups
 * are the (section, date) pairs with rows (overtime_month_section_date) in the sections where the
 * manager has people that month (org_known_month). Each range is counted in the index, and only
 * its first `limit` rows (with ties) are candidates for the names: someone further down a range has
 * `limit` people of higher projection before them. In a section whose rows are all the manager's
 * people but for him and the people above him (those not also below him: bad data can loop), those
 * few are left out by id; elsewhere each person is checked against the closure. The counts this
 * relies on stay exact while the imports run at once (migration 0031). Dates without a factor
 * (outside the month) count as final (factor 1), as projectMonthEnd does.
 */
export async function runningMonthAtRisk(
  db: Db,
  managerId: string,
  month: string,
  factors: readonly PaceFactor[],
  level: number,
  limit: number,
): Promise<{ people: PersonRunningMonth[]; atRisk: number; withData: number }> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer: ${limit}`);
  const m = `${month}-01`;
  const atRiskIn = fragment`
    o.month = ${m}::date and o.section_id = g.section_id and o.last_work_date = g.last_work_date
    and o.overtime_minutes >= g.fewest
    and case when g.whole then o.employee_id <> all(g.chain)
             else exists (select 1 from org_closure c
                           where c.ancestor = ${managerId}::uuid and c.descendant = o.employee_id and c.depth > 0) end`;
  // One statement for the names and both counts, kept prepared (making its plan took 1–2 ms).
  const rows = await db.query<Partial<PersonRunningMonth> & { total: number; withData: number }>(
    prepared(
      'running-month-at-risk',
      sql`
      with chain as (
        -- The manager and the people above him who are not also below him (a loop in the manager
        -- data puts someone on both sides; counted twice, a stranger would pass for one of his).
        -- Often in his section: a 局長 sits in the bureau's first 課.
        select ${managerId}::uuid || coalesce(array_agg(u.ancestor), '{}') as ids
          from org_closure u
         where u.descendant = ${managerId}::uuid and u.ancestor <> ${managerId}::uuid
           and not exists (select 1 from org_closure d
                            where d.ancestor = ${managerId}::uuid and d.descendant = u.ancestor and d.depth > 0)),
      sections as materialized (
        -- Whole: his people there (org_known_month) and the rows of his chain are all the rows there.
        select k.section_id, c.ids as chain,
               k.staff + (select count(*) from overtime_month s
                           where s.employee_id = any(c.ids) and s.month = k.month and s.section_id = k.section_id)
                 = (select coalesce(sum(d.n), 0) from overtime_month_section_date d
                     where d.month = k.month and d.section_id = k.section_id) as whole
          from org_known_month k cross join chain c
         where k.ancestor = ${managerId}::uuid and k.month = ${m}::date and k.staff > 0),
      pace as (select * from unnest(${factors.map((f) => f.date)}::date[], ${factors.map((f) => f.num)}::int[],
                                    ${factors.map((f) => f.den)}::int[], ${factors.map((f) => fewestMinutesAt(level, f))}::int[])
                        as f(d, num, den, fewest)),
      groups as materialized (
        select s.section_id, s.whole, s.chain, d.last_work_date, coalesce(p.num, 1) as num, coalesce(p.den, 1) as den,
               coalesce(p.fewest, ${level}::int) as fewest
          from sections s
          join overtime_month_section_date d on d.month = ${m}::date and d.section_id = s.section_id and d.n > 0
          left join pace p on p.d = d.last_work_date),
      counted as (
        select coalesce(sum(c.n), 0)::int as total
          from groups g cross join lateral (select count(*) as n from overtime_month o where ${atRiskIn}) c),
      candidates as materialized (
        select o.employee_id, o.overtime_minutes, g.last_work_date,
               -- round(minutes × num / den) in integers (Math.round of projectMonthEnd: halves up).
               (2 * o.overtime_minutes * g.num + g.den) / (2 * g.den) as projected
          from groups g
          cross join lateral (select o.employee_id, o.overtime_minutes from overtime_month o where ${atRiskIn}
                               order by o.overtime_minutes desc fetch first (${limit}::int) rows with ties) o),
      -- The projection of the last one shown: only those at or over it are read by name.
      cut as (select projected from candidates order by projected desc offset ${limit - 1} limit 1),
      top as (
        select r.employee_id, r.overtime_minutes, r.last_work_date, r.projected, e.employee_no,
               e.family_name || ' ' || e.given_name as name, e.section_id
          from candidates r join employee e on e.id = r.employee_id
         where r.projected >= coalesce((select projected from cut), 0)
         order by r.projected desc, e.employee_no
         limit ${limit}),
      -- The counts come in every row, and in a row of their own when nobody is named.
      counts as (
        select (select total from counted) as total,
               (select coalesce(sum(staff), 0)::int from org_known_month
                 where ancestor = ${managerId}::uuid and month = ${m}::date) as with_data)
      select t.employee_id::text as "employeeId", t.employee_no as "employeeNo", t.name, s.name as "sectionName",
             t.overtime_minutes as minutes, to_char(t.last_work_date, 'YYYY-MM-DD') as "lastWorkDate",
             c.total, c.with_data as "withData"
        from counts c
        left join (top t join section s on s.id = t.section_id) on true
       order by t.projected desc, t.employee_no`,
    ),
  );
  const people = rows.flatMap(({ total: _, withData: __, ...r }) =>
    r.employeeId === null || r.employeeId === undefined ? [] : [r as PersonRunningMonth],
  );
  return { people, atRisk: rows[0]?.total ?? 0, withData: rows[0]?.withData ?? 0 };
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
