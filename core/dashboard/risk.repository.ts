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

/** Month-to-date overtime of these people (the viewer's own subtree, checked by the caller). */
export async function runningMonthOf(
  db: Db,
  personIds: string[],
  month: string,
): Promise<PersonRunningMonth[]> {
  if (personIds.length === 0) return [];
  return db.query<PersonRunningMonth>(sql`
    select e.id::text as "employeeId", e.employee_no as "employeeNo", e.family_name || ' ' || e.given_name as name,
           s.name as "sectionName", om.overtime_minutes as minutes, to_char(om.last_work_date, 'YYYY-MM-DD') as "lastWorkDate"
      from overtime_month om
      join employee e on e.id = om.employee_id
      join section s on s.id = e.section_id
     where om.month = ${`${month}-01`}::date and om.employee_id = any(${personIds}::uuid[])`);
}

export interface OpenAlert {
  id: number;
  employeeId: string;
  name: string;
  month: string;
  valueMinutes: number;
  raisedOn: string;
}

/** 100 h alerts still waiting for the manager's follow-up, whatever month they are about. */
export async function openAlertsOf(db: Db, personIds: string[]): Promise<OpenAlert[]> {
  if (personIds.length === 0) return [];
  return db.query<OpenAlert>(sql`
    select a.id::int as id, e.id::text as "employeeId", e.family_name || ' ' || e.given_name as name,
           to_char(a.period, 'YYYY-MM') as month, a.value_minutes as "valueMinutes", a.raised_on::text as "raisedOn"
      from overtime_alert a
      join employee e on e.id = a.employee_id
     where a.follow_up = 'open' and a.employee_id = any(${personIds}::uuid[])
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
