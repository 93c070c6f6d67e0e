import type { Db } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';
import type { IsoDate } from '../shared/calendar.ts';
import type { PunchDay } from './punch.ts';

/** A day with where the month's figures count the person (overtime_month: section at that month). */
export interface PunchRow extends PunchDay {
  employeeId: string;
  /** Null when the person has no monthly row (not counted in any aggregate). */
  sectionId: string | null;
  /** Managerial at that month (overtime_month.is_managerial); null without a monthly row. */
  isManagerial: boolean | null;
}

/**
 * The imported days of [from, to], ordered by person and date; only people in `employeeIds` when
 * given. Times as local clock strings, so no driver time-zone conversion touches them.
 */
export async function punchDays(
  db: Db,
  from: IsoDate,
  to: IsoDate,
  employeeIds?: readonly string[],
): Promise<PunchRow[]> {
  const only = employeeIds ? fragment`and d.employee_id = any(${[...employeeIds]}::uuid[])` : fragment``;
  const rows = await db.query<{
    employee_id: string;
    work_date: string;
    start_time: string | null;
    end_time: string | null;
    ends_next_day: boolean;
    on_leave: boolean;
    logon_at: string | null;
    logoff_at: string | null;
    section_id: string | null;
    is_managerial: boolean | null;
  }>(sql`
    select d.employee_id::text as employee_id, to_char(d.work_date, 'YYYY-MM-DD') as work_date,
           to_char(d.start_time, 'HH24:MI') as start_time, to_char(d.end_time, 'HH24:MI') as end_time,
           d.ends_next_day, (d.leave_type is not null and coalesce(d.leave_days, 0) >= 1) as on_leave,
           to_char(d.logon_at, 'YYYY-MM-DD"T"HH24:MI') as logon_at,
           to_char(d.logoff_at, 'YYYY-MM-DD"T"HH24:MI') as logoff_at,
           m.section_id::text as section_id, m.is_managerial
      from attendance_day d
      left join overtime_month m on m.employee_id = d.employee_id
                                and m.month = d.month
     where d.work_date between ${from}::date and ${to}::date ${only}
       and d.month between date_trunc('month', ${from}::date) and ${to}::date
     order by d.employee_id, d.work_date`);
  return rows.map((r) => ({
    employeeId: r.employee_id,
    sectionId: r.section_id,
    isManagerial: r.is_managerial,
    date: r.work_date,
    start: r.start_time,
    end: r.end_time,
    endsNextDay: r.ends_next_day,
    onLeave: r.on_leave,
    logonAt: r.logon_at,
    logoffAt: r.logoff_at,
  }));
}

/** Groups rows (ordered by person) per person. */
export function byPerson<T extends { employeeId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.employeeId);
    if (list) list.push(r);
    else out.set(r.employeeId, [r]);
  }
  return out;
}

export type GapOutcome = 'overtime_confirmed' | 'self_study' | 'standby' | 'other';

export interface GapReview {
  employeeId: string;
  workDate: IsoDate;
  outcome: GapOutcome;
  comment: string | null;
  reviewedBy: string;
  reviewedAt: string;
}

export async function gapReviews(db: Db, employeeIds: readonly string[], from: IsoDate, to: IsoDate) {
  const rows = await db.query<{
    employee_id: string;
    work_date: string;
    outcome: GapOutcome;
    comment: string | null;
    reviewed_by: string;
    reviewed_at: string;
  }>(sql`
    select employee_id::text as employee_id, to_char(work_date, 'YYYY-MM-DD') as work_date, outcome, comment,
           reviewed_by::text as reviewed_by, to_char(reviewed_at at time zone 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI') as reviewed_at
      from office_gap_review
     where employee_id = any(${[...employeeIds]}::uuid[]) and work_date between ${from}::date and ${to}::date`);
  return new Map<string, GapReview>(
    rows.map((r) => [
      `${r.employee_id}|${r.work_date}`,
      {
        employeeId: r.employee_id,
        workDate: r.work_date,
        outcome: r.outcome,
        comment: r.comment,
        reviewedBy: r.reviewed_by,
        reviewedAt: r.reviewed_at,
      },
    ]),
  );
}

/** Records (or corrects) the answer for one person and day; returns the previous answer for the audit. */
export async function saveGapReview(
  db: Db,
  review: { employeeId: string; workDate: IsoDate; outcome: GapOutcome; comment: string | null; by: string },
): Promise<{ previous: GapOutcome | null }> {
  const [prev] = await db.query<{ outcome: GapOutcome }>(sql`
    select outcome from office_gap_review
     where employee_id = ${review.employeeId} and work_date = ${review.workDate}::date for update`);
  await db.query(sql`
    insert into office_gap_review (employee_id, work_date, outcome, comment, reviewed_by)
    values (${review.employeeId}, ${review.workDate}::date, ${review.outcome}, ${review.comment}, ${review.by})
    on conflict (employee_id, work_date) do update
       set outcome = excluded.outcome, comment = excluded.comment,
           reviewed_by = excluded.reviewed_by, reviewed_at = now()`);
  return { previous: prev?.outcome ?? null };
}

/**
 * The imported 休暇種別 of people's days in [from, to] (whole or partial days of leave), for figures
 * that need the type itself (childcare take-up from what was taken). Next to punchDays so that every
 * read of attendance_day for issue 19 is in one file.
 */
export async function leaveTypeDays(
  db: Db,
  employeeIds: readonly string[],
  from: IsoDate,
  to: IsoDate,
): Promise<{ employeeId: string; date: IsoDate; leaveType: string }[]> {
  if (employeeIds.length === 0) return [];
  const rows = await db.query<{ employee_id: string; work_date: string; leave_type: string }>(sql`
    select employee_id::text as employee_id, to_char(work_date, 'YYYY-MM-DD') as work_date, leave_type
      from attendance_day
     where employee_id = any(${[...employeeIds]}::uuid[]) and work_date between ${from}::date and ${to}::date
       and leave_type is not null and coalesce(leave_days, leave_minutes / 465.0, 0) > 0
     order by employee_id, work_date`);
  return rows.map((r) => ({ employeeId: r.employee_id, date: r.work_date, leaveType: r.leave_type }));
}
