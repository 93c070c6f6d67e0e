import type { OpenAlert } from '../../contracts/tab-api/dashboard.contract.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';

export interface PersonRunningMonth {
  employeeId: string;
  employeeNo: string;
  name: string;
  sectionName: string;
  minutes: number;
  /** The last date with attendance data: the pace counts working days up to here. */
  lastWorkDate: string;
}

/** Month-to-date overtime of everyone below the manager (org_closure: their subtree now). */
export async function runningMonthOf(
  db: Db,
  managerId: string,
  month: string,
): Promise<PersonRunningMonth[]> {
  return db.query<PersonRunningMonth>(sql`
    select e.id::text as "employeeId", e.employee_no as "employeeNo", e.family_name || ' ' || e.given_name as name,
           s.name as "sectionName", om.overtime_minutes as minutes, to_char(om.last_work_date, 'YYYY-MM-DD') as "lastWorkDate"
      from org_closure c
      join overtime_month om on om.employee_id = c.descendant
      join employee e on e.id = om.employee_id
      join section s on s.id = e.section_id
     where c.ancestor = ${managerId} and c.depth > 0 and om.month = ${`${month}-01`}::date`);
}

export type { OpenAlert };

/** 100 h alerts of everyone below the manager still waiting for follow-up, whatever month they are about. */
export async function openAlertsOf(db: Db, managerId: string): Promise<OpenAlert[]> {
  return db.query<OpenAlert>(sql`
    select a.id::int as id, e.id::text as "employeeId", e.family_name || ' ' || e.given_name as name,
           to_char(a.period, 'YYYY-MM') as month, a.value_minutes as "valueMinutes", a.raised_on::text as "raisedOn"
      from org_closure c
      join overtime_alert a on a.employee_id = c.descendant
      join employee e on e.id = a.employee_id
     where c.ancestor = ${managerId} and c.depth > 0 and a.follow_up = 'open'
     order by a.raised_on, a.id`);
}

/** How many 100 h alerts are open in these bureaus (or everywhere), whatever month: a count, no names. */
export async function openAlertCount(db: Db, bureauIds: string[] | null): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql`
    select count(*)::int as n
      from overtime_alert a
      join employee e on e.id = a.employee_id
      join section s on s.id = e.section_id
     where a.follow_up = 'open' and (${bureauIds === null}::boolean or s.bureau_id = any(${bureauIds ?? []}::uuid[]))`);
  return row?.n ?? 0;
}
