import type { Db } from '../db/db.ts';
import { maybeOne, one } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { IsoDate } from '../shared/calendar.ts';
import { AppError } from '../shared/errors.ts';
import { bilingual } from './leave.messages.ts';
import type { StoredPlan } from './leave.table.ts';
import type { LeaveKind, PlanEntry, SubmittedPlan, TakenLeave, TakenLeaveKind } from './leave.types.ts';
import { ANNUAL_GRANT_DAYS, type EntitlementBasis, openingEntitlement } from './leave-balance.rules.ts';

interface PlanRecord {
  id: string;
  campaign_id: string;
  employee_id: string;
  version: number;
  note: string | null;
  submitted_at: string;
  entries: PlanEntry[] | null;
}

const planSelect = `
  select p.id, p.campaign_id, p.employee_id, p.current_version as version, v.note, v.submitted_at::text as submitted_at,
         (select json_agg(json_build_object('date', d.day::text, 'kind', d.kind) order by d.day)
            from leave_plan_day d where d.plan_id = p.id and d.version = p.current_version) as entries
    from leave_plan p
    join leave_plan_version v on v.plan_id = p.id and v.version = p.current_version`;

const toPlan = (r: PlanRecord): StoredPlan => ({
  id: r.id,
  campaignId: r.campaign_id,
  employeeId: r.employee_id,
  version: r.version,
  entries: r.entries ?? [],
  note: r.note,
  submittedAt: r.submitted_at,
});

export async function findPlan(
  db: Db,
  campaignId: string,
  employeeId: string,
): Promise<StoredPlan | undefined> {
  const row = await maybeOne<PlanRecord>(db, {
    text: `${planSelect} where p.campaign_id = $1 and p.employee_id = $2`,
    values: [campaignId, employeeId],
  });
  return row ? toPlan(row) : undefined;
}

export async function findPlanById(db: Db, planId: string): Promise<StoredPlan | undefined> {
  const row = await maybeOne<PlanRecord>(db, {
    text: `${planSelect} where p.id::text = $1`,
    values: [planId],
  });
  return row ? toPlan(row) : undefined;
}

/**
 * Saves a new version of the person's plan. `baseVersion` is the version the card showed (null for
 * a first answer): if someone saved in between (another device), the save is refused rather than
 * silently overwriting it. Older versions are kept.
 */
export async function savePlanVersion(
  db: Db,
  input: {
    campaignId: string;
    employeeId: string;
    baseVersion: number | null;
    entries: readonly PlanEntry[];
    note: string | null;
    submittedBy: string;
  },
): Promise<StoredPlan> {
  return db.transaction(async (tx) => {
    await tx.query(sql`insert into leave_plan (campaign_id, employee_id, current_version) values (${input.campaignId}, ${input.employeeId}, 0)
                       on conflict (campaign_id, employee_id) do nothing`);
    const plan = await one<{ id: string; current_version: number }>(
      tx,
      sql`
      select id, current_version from leave_plan where campaign_id = ${input.campaignId} and employee_id = ${input.employeeId} for update`,
    );
    if ((input.baseVersion ?? 0) !== plan.current_version)
      throw new AppError(
        'conflict',
        bilingual({
          ja: 'この計画は別の画面で更新されています。最新のカード（「計画」と送信）から編集してください。',
          en: 'This plan was changed elsewhere. Open the latest card (send "plan") and edit from there.',
        }),
      );
    const version = plan.current_version + 1;
    await tx.query(sql`insert into leave_plan_version (plan_id, version, note, submitted_by)
                       values (${plan.id}, ${version}, ${input.note}, ${input.submittedBy})`);
    for (const e of input.entries)
      await tx.query(
        sql`insert into leave_plan_day (plan_id, version, day, kind) values (${plan.id}, ${version}, ${e.date}, ${e.kind})`,
      );
    await tx.query(
      sql`update leave_plan set current_version = ${version}, updated_at = now() where id = ${plan.id}`,
    );
    const saved = await maybeOne<PlanRecord>(tx, {
      text: `${planSelect} where p.id = $1`,
      values: [plan.id],
    });
    if (!saved) throw new Error('plan vanished inside its own transaction');
    return toPlan(saved);
  });
}

/** Current plans of a campaign (optionally one section's people), keyed by employee number. */
export async function campaignPlans(
  db: Db,
  campaignId: string,
  opts: { sectionId?: string } = {},
): Promise<SubmittedPlan[]> {
  const rows = await db.query<{
    employee_no: string;
    entries: { date: string; kind: LeaveKind }[] | null;
  }>(sql`
    select e.employee_no,
           (select json_agg(json_build_object('date', d.day::text, 'kind', d.kind) order by d.day)
              from leave_plan_day d where d.plan_id = p.id and d.version = p.current_version) as entries
      from leave_plan p join employee e on e.id = p.employee_id
     where p.campaign_id = ${campaignId} and (${opts.sectionId ?? null}::uuid is null or e.section_id = ${opts.sectionId ?? null}::uuid)`);
  return rows.map((r) => ({ employeeNo: r.employee_no, entries: r.entries ?? [] }));
}

/**
 * Leave taken by the given people between two dates (both included), from the attendance data
 * (attendance_day, the days of attendance_month (migration 0017): free-text 休暇種別 with days or
 * minutes; 7h45m = 1 day) and from
 * leave_taken (other feeds, demo data). Where the attendance data has leave on a day, it wins.
 */
export async function takenLeave(
  db: Db,
  employeeIds: readonly string[],
  from: IsoDate,
  to: IsoDate,
): Promise<TakenLeave[]> {
  if (employeeIds.length === 0) return [];
  return db.query<TakenLeave>(sql`
    with attendance as (
      select a.employee_id, a.work_date as day,
             case when a.leave_type ~ '(年次|年休)' then 'annual'
                  when a.leave_type ~ '夏季' then 'summer'
                  when a.leave_type ~ '(病気|病休|介護休暇|欠勤)' then 'other'
                  else 'special' end as kind,
             least(1, coalesce(a.leave_days, a.leave_minutes / 465.0))::float8 as days
        from attendance_day a
       where a.employee_id = any(${employeeIds}::uuid[]) and a.work_date between ${from}::date and ${to}::date
         -- The month is the stored row's key: this is what reaches the index.
         and a.month between date_trunc('month', ${from}::date) and ${to}::date
         and a.leave_type is not null and coalesce(a.leave_days, a.leave_minutes / 465.0, 0) > 0
    ), taken as (
      select employee_id, day, kind, days from attendance
      union all
      select t.employee_id, t.day, t.kind, t.days::float8 from leave_taken t
       where t.employee_id = any(${employeeIds}::uuid[]) and t.day between ${from}::date and ${to}::date
         and not exists (select 1 from attendance a where a.employee_id = t.employee_id and a.day = t.day)
    )
    select e.employee_no as "employeeNo", x.day::text as date, x.kind, round(x.days::numeric, 3)::float8 as days
      from taken x join employee e on e.id = x.employee_id
     order by x.day`);
}

/**
 * Annual leave (年次休暇) taken by each of the given people between two dates, counted exactly as
 * takenLeave counts it (attendance data first, each day rounded to 3 decimals), summed in the
 * database: a page of 200 people reads 200 sums instead of their days. Only the four day arrays the
 * count needs are unpacked, and only for months with some leave. People without any are absent.
 */
export async function annualLeaveByPerson(
  db: Db,
  employeeIds: readonly string[],
  from: IsoDate,
  to: IsoDate,
): Promise<Map<string, number>> {
  if (employeeIds.length === 0) return new Map();
  const rows = await db.query<{ id: string; days: number }>(sql`
    with attendance as (
      select m.employee_id, m.month + (u.slot - 1)::integer as day, u.leave_type,
             least(1, coalesce(u.leave_days, u.leave_minutes / 465.0))::float8 as days
        from attendance_month m
        cross join lateral unnest(m.overtime_minutes, m.leave_type, m.leave_days, m.leave_minutes)
             with ordinality as u(overtime_minutes, leave_type, leave_days, leave_minutes, slot)
       where m.employee_id = any(${employeeIds}::uuid[])
         and m.month between date_trunc('month', ${from}::date) and ${to}::date
         and array_remove(m.leave_type, null) <> '{}'::text[]
         and u.overtime_minutes is not null and u.leave_type is not null
         and coalesce(u.leave_days, u.leave_minutes / 465.0, 0) > 0
         and m.month + (u.slot - 1)::integer between ${from}::date and ${to}::date
    )
    select x.employee_id::text as id, sum(round(x.days::numeric, 3))::float8 as days from (
      select employee_id, days from attendance where leave_type ~ '(年次|年休)'
      union all
      select t.employee_id, t.days::float8 from leave_taken t
       where t.employee_id = any(${employeeIds}::uuid[]) and t.kind = 'annual'
         and t.day between ${from}::date and ${to}::date
         and not exists (select 1 from attendance a where a.employee_id = t.employee_id and a.day = t.day)
    ) x
     group by x.employee_id`);
  return new Map(rows.map((r) => [r.id, r.days]));
}

export async function recordTakenLeave(
  db: Db,
  rows: readonly { employeeId: string; date: IsoDate; kind: TakenLeaveKind; days: number; source?: string }[],
): Promise<void> {
  for (const r of rows)
    await db.query(sql`
      insert into leave_taken (employee_id, day, kind, days, source) values (${r.employeeId}, ${r.date}, ${r.kind}, ${r.days}, ${r.source ?? 'attendance'})
      on conflict (employee_id, day, kind) do update set days = excluded.days, source = excluded.source`);
}

/**
 * The year's annual-leave entitlement (openingEntitlement): the opening balance imported from the
 * attendance system, a recorded grant row, or 20 days + the carry-over computed from last year's
 * grant, carry and annual leave used (attendance data first, as takenLeave counts it).
 */
export async function annualGrant(
  db: Db,
  employeeId: string,
  year: number,
): Promise<{ grantedDays: number; carriedOverDays: number; basis: EntitlementBasis }> {
  const rows = await db.query<{ year: number; granted: number; carried: number; opening: number | null }>(sql`
    select year, granted_days::float8 as granted, carried_over_days::float8 as carried,
           opening_balance_days::float8 as opening
      from leave_grant where employee_id = ${employeeId} and year in (${year}, ${year - 1})`);
  const thisYear = rows.find((r) => r.year === year);
  const lastYear = rows.find((r) => r.year === year - 1);
  const needLastYear = !thisYear;
  const lastUsed = needLastYear
    ? (await takenLeave(db, [employeeId], `${year - 1}-01-01`, `${year - 1}-12-31`))
        .filter((t) => t.kind === 'annual')
        .reduce((sum, t) => sum + t.days, 0)
    : 0;
  // Without a row for last year the person still had the standard 20 days then, if they used any.
  const last = lastYear
    ? { grantedDays: lastYear.granted, carriedOverDays: lastYear.carried }
    : lastUsed > 0
      ? { grantedDays: ANNUAL_GRANT_DAYS, carriedOverDays: 0 }
      : null;
  return openingEntitlement({
    year,
    thisYear: thisYear
      ? {
          grantedDays: thisYear.granted,
          carriedOverDays: thisYear.carried,
          openingBalanceDays: thisYear.opening,
        }
      : null,
    lastYear: last,
    lastYearUsedDays: lastUsed,
  });
}

/** Opening balances from the attendance system's export (docs/attendance-csv.md); all or nothing. */
export async function saveOpeningBalances(
  db: Db,
  rows: readonly { employeeId: string; year: number; days: number; source: string }[],
): Promise<void> {
  for (const r of rows)
    await db.query(sql`
      insert into leave_grant (employee_id, year, opening_balance_days, opening_balance_source)
      values (${r.employeeId}, ${r.year}, ${r.days}, ${r.source})
      on conflict (employee_id, year) do update
        set opening_balance_days = excluded.opening_balance_days, opening_balance_source = excluded.opening_balance_source`);
}
