import type { Db } from '../db/db.ts';
import { fragment, ident, sql } from '../db/sql.ts';
import type { IsoDate } from '../shared/calendar.ts';

/**
 * The two groups of the plan's overtime target: 地方支分部局 (bureau.kind regional_branch) and the
 * rest (本省内部部局 + 外局: headquarters, external_agency) — the disclosure tree's kind:other line.
 */
export type KindGroup = 'other' | 'regional';

const groupOf = fragment`case when b.kind = 'regional_branch' then 'regional' else 'other' end`;
const inScope = (bureauIds: readonly string[] | 'all') =>
  bureauIds === 'all' ? fragment`true` : fragment`b.id = any(${[...bureauIds]}::uuid[])`;

/** One bureau's month (the service adds bureaus up to the kind groups and the total). */
export interface GroupMonth {
  bureauId: string;
  group: KindGroup;
  /** 'YYYY-MM'. */
  month: string;
  staff: number;
  total: number;
}

/** One column of the maintained section aggregates (non-managerial), summed per bureau and month. */
const sectionMonthSum =
  (column: 'nm_total_minutes' | 'nm_ge_100h') =>
  (db: Db, bureauIds: readonly string[] | 'all', from: string, to: string): Promise<GroupMonth[]> =>
    db.query<GroupMonth>(sql`
    select b.id::text as "bureauId", ${groupOf} as "group", to_char(o.month, 'YYYY-MM') as month,
           sum(o.nm_staff_count)::int as staff, sum(o.${ident(column)})::float8 as total
      from overtime_section_month o join section s on s.id = o.section_id join bureau b on b.id = s.bureau_id
     where o.month between ${`${from}-01`}::date and ${`${to}-01`}::date and ${inScope(bureauIds)}
     group by 1, 2, 3 order by 3`);

/** Non-managerial overtime per group and month, from the maintained section aggregates. */
export const overtimeByGroup = sectionMonthSum('nm_total_minutes');

/**
 * Annual leave (年次休暇) days of non-managerial people per group and month, and the head count of
 * the month. Leave is read as the leave plan reads it (core/leave/leave-plan.repository.ts takenLeave):
 * the attendance day's 休暇種別 when it has one, else leave_taken.
 */
export async function annualLeaveByGroup(
  db: Db,
  bureauIds: readonly string[] | 'all',
  from: IsoDate,
  to: IsoDate,
): Promise<GroupMonth[]> {
  return db.query<GroupMonth>(sql`
    with taken as (
      select a.employee_id, a.work_date as day,
             least(1, coalesce(a.leave_days, a.leave_minutes / 465.0))::float8 as days
        from attendance_day a
       where a.work_date between ${from}::date and ${to}::date and a.leave_type ~ '(年次|年休)'
         and a.month between date_trunc('month', ${from}::date) and ${to}::date
         and coalesce(a.leave_days, a.leave_minutes / 465.0, 0) > 0
      union all
      select t.employee_id, t.day, t.days::float8 from leave_taken t
       where t.kind = 'annual' and t.day between ${from}::date and ${to}::date
         and not exists (select 1 from attendance_day a where a.employee_id = t.employee_id and a.work_date = t.day
                           and a.month = date_trunc('month', t.day)::date
                           and a.leave_type is not null)
    ), per_month as (
      select m.section_id, m.month, sum(x.days) as days
        from taken x join overtime_month m on m.employee_id = x.employee_id
                                          and m.month = date_trunc('month', x.day)::date and not m.is_managerial
       group by 1, 2
    )
    select b.id::text as "bureauId", ${groupOf} as "group", to_char(o.month, 'YYYY-MM') as month,
           sum(o.nm_staff_count)::int as staff, coalesce(sum(p.days), 0)::float8 as total
      from overtime_section_month o join section s on s.id = o.section_id join bureau b on b.id = s.bureau_id
      left join per_month p on p.section_id = o.section_id and p.month = o.month
     where o.month between date_trunc('month', ${from}::date) and ${to}::date and ${inScope(bureauIds)}
     group by 1, 2, 3 order by 3`);
}

/** Non-managerial people at 100 h or more in a month (延べ), per bureau and month. */
export const over100ByBureau = sectionMonthSum('nm_ge_100h');

/**
 * Seed 001's 100ｈ超え在庁者数: non-managerial people whose 在庁時間 of a month (overtime_month's
 * in_office_minutes, the time in the office beyond the regular hours that the 100 h doctor-interview
 * rule sums) was over `overMinutes`, per bureau and month (延べ). `recorded` counts the person-months
 * with any 在庁時間 in the attendance data at all: a month without one reads 0 min in the totals and
 * so is never "over", and the report says how many months the count rests on.
 */
export async function inOfficeOverByBureau(
  db: Db,
  bureauIds: readonly string[] | 'all',
  from: string,
  to: string,
  overMinutes: number,
): Promise<(GroupMonth & { recorded: number })[]> {
  return db.query(sql`
    select b.id::text as "bureauId", ${groupOf} as "group", to_char(m.month, 'YYYY-MM') as month,
           count(*)::int as staff, count(*) filter (where m.in_office_minutes > ${overMinutes})::float8 as total,
           count(*) filter (where exists (select 1 from unnest(a.in_office_minutes) io where io is not null))::int
             as recorded
      from overtime_month m join section s on s.id = m.section_id join bureau b on b.id = s.bureau_id
      left join attendance_month a on a.employee_id = m.employee_id and a.month = m.month
     where not m.is_managerial and m.month between ${`${from}-01`}::date and ${`${to}-01`}::date
       and ${inScope(bureauIds)}
     group by 1, 2, 3 order by 3`);
}
