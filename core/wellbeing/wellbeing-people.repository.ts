import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { IsoDate } from '../shared/calendar.ts';

/** Who the wellbeing messages go to: an active person with how to reach them and who their manager is. */
export interface Addressee {
  id: string;
  name: string;
  oid: string | null;
  locale: 'ja' | 'en';
  managerId: string | null;
  sectionId: string;
  sectionCode: string;
  sectionName: string;
}

export async function activePeople(db: Db, ids?: readonly string[]): Promise<Addressee[]> {
  const rows = await db.query<{
    id: string;
    name: string;
    oid: string | null;
    locale: 'ja' | 'en';
    manager_id: string | null;
    section_id: string;
    section_code: string;
    section_name: string;
  }>(sql`
    select e.id::text as id, e.family_name || ' ' || e.given_name as name, e.entra_oid::text as oid, e.locale,
           e.manager_id::text as manager_id, s.id::text as section_id, s.code as section_code, s.name as section_name
      from employee e join section s on s.id = e.section_id
     where e.active and (${ids ? [...ids] : null}::uuid[] is null or e.id = any(${ids ? [...ids] : null}::uuid[]))
     order by e.employee_no`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    oid: r.oid,
    locale: r.locale,
    managerId: r.manager_id,
    sectionId: r.section_id,
    sectionCode: r.section_code,
    sectionName: r.section_name,
  }));
}

const OFF_KINDS = {
  morning: ['annual_full', 'annual_am', 'summer', 'special_other'],
  afternoon: ['annual_full', 'annual_pm', 'summer', 'special_other'],
} as const;

/**
 * People off in the morning or the afternoon of `date` by the current version of any leave plan (a
 * whole day, or that half: 午前休 / 午後休). The morning card asks about a start they will not make;
 * the 定時退庁日 nudge comes at the end of a day they are not there.
 */
export async function plannedLeaveOn(
  db: Db,
  date: IsoDate,
  part: keyof typeof OFF_KINDS,
): Promise<Set<string>> {
  const rows = await db.query<{ employee_id: string }>(sql`
    select distinct p.employee_id::text as employee_id
      from leave_plan p join leave_plan_day d on d.plan_id = p.id and d.version = p.current_version
     where d.day = ${date}::date and d.kind = any(${[...OFF_KINDS[part]]}::text[])`);
  return new Set(rows.map((r) => r.employee_id));
}

export async function leaveOnTimeOptOuts(db: Db): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>(sql`select employee_id::text as id from leave_on_time_opt_out`);
  return new Set(rows.map((r) => r.id));
}

/** Opts out (true) or back in (false); returns whether anything changed. */
export async function setLeaveOnTimeOptOut(db: Db, employeeId: string, optOut: boolean): Promise<boolean> {
  const rows = optOut
    ? await db.query(sql`
        insert into leave_on_time_opt_out (employee_id) values (${employeeId}) on conflict do nothing returning 1 as x`)
    : await db.query(
        sql`delete from leave_on_time_opt_out where employee_id = ${employeeId} returning 1 as x`,
      );
  return rows.length > 0;
}
