import type { MyChildcare, MyLeavePlan } from '../../contracts/tab-api/me.contract.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';

/**
 * Reads for the 自分 page: the signed-in person's own rows in the other capabilities' tables.
 * Each query is for one employee id that the route takes from the viewer, never from the request.
 */

export async function annualLeaveOf(
  db: Db,
  employeeId: string,
  year: number,
  asOf: string,
): Promise<{ usedDays: number; grantedDays: number; carriedOverDays: number; plannedDays: number }> {
  const [row] = await db.query<{
    used: number;
    granted: number | null;
    carried: number | null;
    planned: number;
  }>(sql`
    select coalesce((select sum(days) from leave_taken
                      where employee_id = ${employeeId} and kind = 'annual'
                        and day between ${`${year}-01-01`}::date and ${asOf}::date), 0)::float8 as used,
           (select granted_days from leave_grant where employee_id = ${employeeId} and year = ${year})::float8 as granted,
           (select carried_over_days from leave_grant where employee_id = ${employeeId} and year = ${year})::float8 as carried,
           coalesce((select sum(case when d.kind in ('annual_am', 'annual_pm') then 0.5 else 1 end)
                       from leave_plan p
                       join leave_plan_day d on d.plan_id = p.id and d.version = p.current_version
                      where p.employee_id = ${employeeId} and d.kind like 'annual%'
                        and d.day > ${asOf}::date and d.day <= ${`${year}-12-31`}::date), 0)::float8 as planned`);
  return {
    usedDays: row?.used ?? 0,
    grantedDays: row?.granted ?? 20,
    carriedOverDays: row?.carried ?? 0,
    plannedDays: row?.planned ?? 0,
  };
}

/** Campaigns that target the person (latest first) and their plan in each. */
export async function leavePlansOf(db: Db, employeeId: string, limit = 6): Promise<MyLeavePlan[]> {
  const rows = await db.query<{
    id: string;
    title: string;
    kind: string;
    period_start: string;
    period_end: string;
    deadline: string;
    plan_id: string | null;
    days: number;
    updated_at: string | null;
  }>(sql`
    select c.id::text as id, c.title, c.kind, to_char(c.period_start, 'YYYY-MM-DD') as period_start,
           to_char(c.period_end, 'YYYY-MM-DD') as period_end, to_char(c.deadline, 'YYYY-MM-DD') as deadline,
           p.id::text as plan_id,
           coalesce((select sum(case when d.kind in ('annual_am', 'annual_pm') then 0.5 else 1 end)
                       from leave_plan_day d where d.plan_id = p.id and d.version = p.current_version), 0)::float8 as days,
           to_char(p.updated_at at time zone 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') as updated_at
      from leave_campaign c
      join employee e on e.id = ${employeeId}
      join section s on s.id = e.section_id
      join bureau b on b.id = s.bureau_id
      left join leave_plan p on p.campaign_id = c.id and p.employee_id = e.id
     where exists (select 1 from leave_campaign_target t where t.campaign_id = c.id and (
             (t.target_type = 'ministry' and t.target_id = b.ministry_id)
          or (t.target_type = 'bureau' and t.target_id = b.id::text)
          or (t.target_type = 'section' and t.target_id = s.id::text)))
     order by c.period_start desc
     limit ${limit}`);
  return rows.map((r) => ({
    campaignId: r.id,
    title: r.title,
    kind: r.kind,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    deadline: r.deadline,
    submitted: r.plan_id !== null,
    days: r.days,
    updatedAt: r.updated_at,
  }));
}

/** The person's open childcare case, or their latest one. */
export async function childcareOf(db: Db, employeeId: string): Promise<MyChildcare | null> {
  const [row] = await db.query<{
    status: string;
    due_date: string | null;
    birth_date: string | null;
    consent: boolean;
    current_version: number;
  }>(sql`
    select status, to_char(due_date, 'YYYY-MM-DD') as due_date, to_char(birth_date, 'YYYY-MM-DD') as birth_date, consent, current_version
      from childcare_case where employee_id = ${employeeId}
     order by (status <> 'closed') desc, created_at desc limit 1`);
  return row
    ? {
        status: row.status,
        dueDate: row.due_date,
        birthDate: row.birth_date,
        sharedWithManager: row.consent,
        version: row.current_version,
      }
    : null;
}

/** 100 h alerts about the person this month (so the page can say a doctor interview is due). */
export async function myAlertLevels(db: Db, employeeId: string, month: string): Promise<string[]> {
  const rows = await db.query<{ level: string }>(sql`
    select level from overtime_alert where employee_id = ${employeeId} and period = ${`${month}-01`}::date order by created_at`);
  return rows.map((r) => r.level);
}

/** 100 h alerts addressed to the person as manager that still wait for a follow-up action. */
export async function openFollowUps(db: Db, managerId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql`
    select count(*)::int as n from overtime_alert where manager_id = ${managerId} and follow_up = 'open'`);
  return row?.n ?? 0;
}
