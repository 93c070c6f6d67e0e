import type { Db } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';
import { shiftMonth, type YearMonth } from './year-month.ts';

/** One group's month as stored in overtime_section_month / overtime_bureau_month. */
export interface GroupMonth {
  id: string;
  name: string;
  month: YearMonth;
  staff: number;
  totalMinutes: number;
  nmStaff: number;
  nmTotalMinutes: number;
  nmGe45: number;
  nmGe80: number;
  nmGe100: number;
  ge100: number;
}

const groupColumns = fragment`
  coalesce(g.staff_count, 0)::int as staff, coalesce(g.total_minutes, 0)::float8 as "totalMinutes",
  coalesce(g.nm_staff_count, 0)::int as "nmStaff", coalesce(g.nm_total_minutes, 0)::float8 as "nmTotalMinutes",
  coalesce(g.nm_ge_45h, 0)::int as "nmGe45", coalesce(g.nm_ge_80h, 0)::int as "nmGe80",
  coalesce(g.nm_ge_100h, 0)::int as "nmGe100", coalesce(g.ge_100h, 0)::int as ge100`;

/** Bureaus (all, or the listed ones) for a month and the same month a year earlier. */
export async function bureauMonths(
  db: Db,
  months: YearMonth[],
  bureauIds: readonly string[] | null,
): Promise<GroupMonth[]> {
  return db.query<GroupMonth>(sql`
    select b.id, b.name, to_char(m.month, 'YYYY-MM') as month, ${groupColumns}
      from bureau b
      cross join unnest(${months.map((m) => `${m}-01`)}::date[]) as m(month)
      left join overtime_bureau_month g on g.bureau_id = b.id and g.month = m.month
     where (${bureauIds === null}::boolean or b.id = any(${bureauIds ?? []}::uuid[]))
     order by b.sort_order, b.code, m.month`);
}

/** Sections of one bureau, or the listed sections. */
export async function sectionMonths(
  db: Db,
  months: YearMonth[],
  filter: { bureauId: string } | { sectionIds: readonly string[] },
): Promise<(GroupMonth & { bureauId: string })[]> {
  const bureauId = 'bureauId' in filter ? filter.bureauId : null;
  const sectionIds = 'sectionIds' in filter ? filter.sectionIds : [];
  return db.query(sql`
    select s.id, s.name, s.bureau_id as "bureauId", to_char(m.month, 'YYYY-MM') as month, ${groupColumns}
      from section s
      cross join unnest(${months.map((m) => `${m}-01`)}::date[]) as m(month)
      left join overtime_section_month g on g.section_id = s.id and g.month = m.month
     where (s.bureau_id = ${bureauId}::uuid or s.id = any(${sectionIds}::uuid[]))
     order by s.code, m.month`);
}

/** The month and the same month last year, for year-on-year figures. */
export const withLastYear = (month: YearMonth): YearMonth[] => [shiftMonth(month, -12), month];

/** Sections every member of which is in the viewer's subtree (the viewer may see them below the floor). */
export async function whollyManagedSections(
  db: Db,
  sectionIds: readonly string[],
  subtree: readonly string[],
): Promise<Set<string>> {
  if (sectionIds.length === 0) return new Set();
  const rows = await db.query<{ id: string }>(sql`
    select s.id from section s
     where s.id = any(${sectionIds}::uuid[])
       and not exists (select 1 from employee e where e.section_id = s.id and e.active and not (e.id = any(${subtree}::uuid[])))`);
  return new Set(rows.map((r) => r.id));
}

export interface AlertListItem {
  id: number;
  level: string;
  period: YearMonth;
  valueMinutes: number;
  raisedOn: string;
  followUp: 'none' | 'open' | 'acted';
  employeeId: string;
  employeeName: string;
  sectionName: string;
  bureauId: string;
  managerName: string | null;
  actedAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  lastAction: string | null;
  /** Recipients the bot could not reach (no Teams conversation yet): someone must tell them. */
  unreachable: number;
}

/** Alerts of the given people (subtree) or bureaus (executive / WLB officer scope). */
export async function alertList(
  db: Db,
  scope: { employeeIds: readonly string[]; bureauIds: readonly string[] },
  filter: { openOnly: boolean; month?: YearMonth },
): Promise<AlertListItem[]> {
  return db.query<AlertListItem>(sql`
    select a.id, a.level, to_char(a.period, 'YYYY-MM') as period, a.value_minutes as "valueMinutes", a.raised_on::text as "raisedOn",
           a.follow_up as "followUp", e.id as "employeeId", e.family_name || ' ' || e.given_name as "employeeName",
           s.name as "sectionName", s.bureau_id as "bureauId", m.family_name || ' ' || m.given_name as "managerName",
           a.acted_at::text as "actedAt", a.reminded_at::text as "remindedAt", a.escalated_at::text as "escalatedAt",
           (select x.action from overtime_alert_action x where x.alert_id = a.id order by x.id desc limit 1) as "lastAction",
           (select count(*)::int from overtime_alert_delivery d where d.alert_id = a.id and d.status = 'no_conversation') as unreachable
      from overtime_alert a
      join employee e on e.id = a.employee_id
      join section s on s.id = e.section_id
      left join employee m on m.id = a.manager_id
     where (e.id = any(${scope.employeeIds}::uuid[]) or s.bureau_id = any(${scope.bureauIds}::uuid[]))
       and (not ${filter.openOnly}::boolean or a.follow_up = 'open')
       and (${filter.month ?? null}::text is null or a.period = (${filter.month ?? null}::text || '-01')::date)
     order by a.raised_on desc, a.id desc
     limit 500`);
}
