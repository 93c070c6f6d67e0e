import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { YearMonth } from '../shared/year-month.ts';

/** SQL of 特例業務 designations, 面接指導 requests and the section-kind history they rely on. */

/**
 * Of these people, those who worked in a 他律 section in a month of [from, before) — the section
 * each month's hours were recorded in (overtime_month keeps it per person per month: the per-person
 * history of section kinds). For 人事院規則15-14 第16条の2の2 第1項第1号ロ.
 */
export async function heteronomousEarlier(
  db: Db,
  employeeIds: readonly string[],
  from: YearMonth,
  before: YearMonth,
): Promise<Set<string>> {
  if (employeeIds.length === 0 || from >= before) return new Set();
  const rows = await db.query<{ employee_id: string }>(sql`
    select distinct m.employee_id from overtime_month m join section s on s.id = m.section_id
     where m.employee_id = any(${employeeIds}::uuid[]) and s.heteronomous
       and m.month >= ${`${from}-01`}::date and m.month < ${`${before}-01`}::date`);
  return new Set(rows.map((r) => r.employee_id));
}

export interface AlertOwner {
  id: number;
  level: string;
  employee_id: string;
  manager_id: string | null;
  escalated_to: string | null;
  bureau_id: string;
}

export async function alertOwner(db: Db, alertId: number): Promise<AlertOwner | undefined> {
  const [row] = await db.query<AlertOwner>(sql`
    select a.id, a.level, a.employee_id, a.manager_id, a.escalated_to, s.bureau_id
      from overtime_alert a join employee e on e.id = a.employee_id join section s on s.id = e.section_id
     where a.id = ${alertId} for update of a`);
  return row;
}

export async function designationOf(
  db: Db,
  alertId: number,
): Promise<{ reason_code: string; reason_text: string | null; designated_at: string } | undefined> {
  const [row] = await db.query<{
    reason_code: string;
    reason_text: string | null;
    designated_at: string;
  }>(sql`
    select reason_code, reason_text, designated_at::text as designated_at from overtime_special_duty where alert_id = ${alertId}`);
  return row;
}

/** Inserts the designation unless the alert has one; true when this call recorded it. */
export async function insertDesignation(
  db: Db,
  d: {
    alertId: number;
    employeeId: string;
    bureauId: string;
    reasonCode: string;
    reasonText: string | null;
    by: string;
  },
): Promise<boolean> {
  const rows = await db.query<{ alert_id: number }>(sql`
    insert into overtime_special_duty (alert_id, employee_id, bureau_id, reason_code, reason_text, designated_by)
    values (${d.alertId}, ${d.employeeId}, ${d.bureauId}, ${d.reasonCode}, ${d.reasonText}, ${d.by})
    on conflict (alert_id) do nothing returning alert_id`);
  return rows.length > 0;
}

/**
 * Cap excesses of an overtime year (April–March, the year of overtime_year) by bureau and reason,
 * undesignated ones as reason null: the basis of HR's 要因の整理・分析・検証 (第16条の2の2 第3項).
 */
export async function specialDutyByBureau(
  db: Db,
  fiscalYear: number,
): Promise<
  { bureau_id: string; bureau_name: string; reason_code: string | null; excesses: number; people: number }[]
> {
  return db.query(sql`
    select b.id as bureau_id, b.name as bureau_name, d.reason_code,
           count(*)::int as excesses, count(distinct a.employee_id)::int as people
      from overtime_alert a
      join employee e on e.id = a.employee_id
      join section s on s.id = e.section_id
      left join overtime_special_duty d on d.alert_id = a.id
      join bureau b on b.id = coalesce(d.bureau_id, s.bureau_id)
     where a.level in ('over_month_cap', 'over_annual_cap', 'over_average_cap', 'over_months_count')
       and a.period >= make_date(${fiscalYear}::int, 4, 1) and a.period < make_date(${fiscalYear}::int + 1, 4, 1)
     group by b.id, b.name, b.sort_order, d.reason_code
     order by b.sort_order, b.name, d.reason_code nulls last`);
}

export async function insertInterviewRequest(
  db: Db,
  r: { alertId: number; employeeId: string; contactStatus: 'sent' | 'no_contact' },
): Promise<boolean> {
  const rows = await db.query<{ id: number }>(sql`
    insert into overtime_interview_request (alert_id, employee_id, contact_status)
    values (${r.alertId}, ${r.employeeId}, ${r.contactStatus})
    on conflict (alert_id) do nothing returning id`);
  return rows.length > 0;
}

export async function interviewRequested(db: Db, alertId: number): Promise<boolean> {
  const rows = await db.query(sql`select 1 from overtime_interview_request where alert_id = ${alertId}`);
  return rows.length > 0;
}
