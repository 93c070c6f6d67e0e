import type { AlertCounts, PersonMonth } from '../../contracts/tab-api/dashboard.contract.ts';
import type { Db } from '../db/db.ts';
import { fragment, type SqlFragment, sql } from '../db/sql.ts';

/**
 * The dashboard's reads. Overtime comes only from the maintained aggregates (overtime_bureau_month,
 * overtime_section_month: SPEC §3 "dashboards never scan raw days"); per-person rows only from
 * overtime_month, for people the caller has already checked the viewer may see.
 *
 * Months are 'YYYY-MM' in and out; the tables store the 1st of the month.
 */

export type GroupLevel = 'bureau' | 'section';

export interface MonthFigures {
  staff: number;
  totalMinutes: number;
  nmStaff: number;
  nmTotalMinutes: number;
  nmGe45: number;
  nmGe80: number;
  nmGe100: number;
  ge100: number;
}

export interface GroupMonthRow extends MonthFigures {
  groupId: string;
  month: string;
}

export interface GroupInfo {
  id: string;
  name: string;
  code: string;
  /** Bureaus: headquarters / external_agency / regional_branch. Sections: the bureau's kind. */
  kind: string;
  bureauId: string;
  /**
   * Active employees now, counted only for groups the viewer manages someone in (for the "manages
   * all of it" test); null otherwise, and the month's aggregate head count stands in.
   */
  headcount: number | null;
  /** Of them, the viewer or people in the viewer's subtree. */
  managed: number;
}

/** The first day of a YYYY-MM month, as the monthly tables key it. */
export const firstOf = (month: string) => `${month}-01`;

const figuresSelect = fragment`
  sum(staff_count)::int as staff, sum(total_minutes)::float8 as total_minutes,
  sum(nm_staff_count)::int as nm_staff, sum(nm_total_minutes)::float8 as nm_total_minutes,
  sum(nm_ge_45h)::int as nm_ge45, sum(nm_ge_80h)::int as nm_ge80, sum(nm_ge_100h)::int as nm_ge100,
  sum(ge_100h)::int as ge100`;

interface FiguresRecord {
  group_id: string;
  month: string;
  staff: number;
  total_minutes: number;
  nm_staff: number;
  nm_total_minutes: number;
  nm_ge45: number;
  nm_ge80: number;
  nm_ge100: number;
  ge100: number;
}

const toFigures = (r: FiguresRecord): GroupMonthRow => ({
  groupId: r.group_id,
  month: r.month,
  staff: r.staff,
  totalMinutes: r.total_minutes,
  nmStaff: r.nm_staff,
  nmTotalMinutes: r.nm_total_minutes,
  nmGe45: r.nm_ge45,
  nmGe80: r.nm_ge80,
  nmGe100: r.nm_ge100,
  ge100: r.ge100,
});

/** The latest month any overtime aggregate holds, or null before the first import. */
export async function latestMonth(db: Db): Promise<string | null> {
  const [row] = await db.query<{ m: string | null }>(
    sql`select to_char(max(month), 'YYYY-MM') as m from overtime_bureau_month`,
  );
  return row?.m ?? null;
}

/** Months (newest first) that hold data, for the month picker. */
export async function monthsWithData(db: Db, limit = 36): Promise<string[]> {
  const rows = await db.query<{ m: string }>(sql`
    select to_char(month, 'YYYY-MM') as m from overtime_bureau_month group by month order by month desc limit ${limit}`);
  return rows.map((r) => r.m);
}

/**
 * A bureau's figures are the sum of its sections' as the org is NOW — the tree the disclosure
 * decision is built on (core/access/disclosure.service.ts) — not overtime_bureau_month, which keeps
 * the bureaus of the import: after a section moved bureau, a past month's bureau row still counted
 * it, and the row minus the bureau page's sections isolated a hidden 2-person room
 * (test/privacy/time-differencing.test.ts).
 */
const bureauSections = fragment`overtime_section_month m join section s on s.id = m.section_id`;

/** Per group (bureau or section) per month, for the given groups and months. */
export async function groupMonths(
  db: Db,
  level: GroupLevel,
  groupIds: string[],
  months: string[],
): Promise<GroupMonthRow[]> {
  if (groupIds.length === 0 || months.length === 0) return [];
  const dates = months.map(firstOf);
  const rows =
    level === 'bureau'
      ? await db.query<FiguresRecord>(sql`
          select s.bureau_id::text as group_id, to_char(m.month, 'YYYY-MM') as month, ${figuresSelect}
            from ${bureauSections}
           where s.bureau_id = any(${groupIds}::uuid[]) and m.month = any(${dates}::date[])
           group by s.bureau_id, m.month`)
      : await db.query<FiguresRecord>(sql`
          select section_id::text as group_id, to_char(month, 'YYYY-MM') as month, ${figuresSelect}
            from overtime_section_month
           where section_id = any(${groupIds}::uuid[]) and month = any(${dates}::date[])
           group by section_id, month`);
  return rows.map(toFigures);
}

/** Sum over the given groups per month in [from, to] (the trend chart). */
export async function trend(
  db: Db,
  level: GroupLevel,
  groupIds: string[],
  from: string,
  to: string,
): Promise<GroupMonthRow[]> {
  if (groupIds.length === 0) return [];
  const rows =
    level === 'bureau'
      ? await db.query<FiguresRecord>(sql`
          select 'all' as group_id, to_char(m.month, 'YYYY-MM') as month, ${figuresSelect}
            from ${bureauSections}
           where s.bureau_id = any(${groupIds}::uuid[]) and m.month between ${firstOf(from)}::date and ${firstOf(to)}::date
           group by m.month order by m.month`)
      : await db.query<FiguresRecord>(sql`
          select 'all' as group_id, to_char(month, 'YYYY-MM') as month, ${figuresSelect}
            from overtime_section_month
           where section_id = any(${groupIds}::uuid[]) and month between ${firstOf(from)}::date and ${firstOf(to)}::date
           group by month order by month`);
  return rows.map(toFigures);
}

/**
 * The groups (bureaus or sections) to show. For groups with someone of the viewer's subtree in them,
 * also their current headcount, to tell whether the viewer manages all of it. Other groups get no employee
 * scan at all (their size comes from the month's aggregate): a viewer without a subtree costs one
 * small query whatever the ministry's size.
 */
export async function groupInfo(
  db: Db,
  level: GroupLevel,
  filter: { bureauIds?: string[] | null; sectionIds?: string[] },
  /** Per group id, how many of its people are the viewer or in the viewer's subtree (empty: none). */
  managed: ReadonlyMap<string, number>,
  /** Head counts already known (the access scope keeps them with the subtree). */
  known: ReadonlyMap<string, number> = new Map(),
): Promise<GroupInfo[]> {
  const where: SqlFragment = filter.sectionIds
    ? fragment`s.id = any(${filter.sectionIds}::uuid[])`
    : filter.bureauIds
      ? fragment`b.id = any(${filter.bureauIds}::uuid[])`
      : fragment`true`;
  type Row = { id: string; name: string; code: string; kind: string; bureau_id: string };
  const groups =
    level === 'bureau'
      ? await db.query<Row>(sql`
          select b.id::text as id, b.name, b.code, b.kind, b.id::text as bureau_id
            from bureau b
           where ${filter.sectionIds ? fragment`b.id in (select s.bureau_id from section s where ${where})` : where}
           order by b.sort_order, b.code`)
      : await db.query<Row>(sql`
          select s.id::text as id, s.name, s.code, b.kind, b.id::text as bureau_id
            from section s join bureau b on b.id = s.bureau_id
           where ${where}
           order by b.sort_order, s.code`);
  // Head counts only where the viewer manages someone: elsewhere the answer is "no" without counting.
  const headcount = new Map<string, number>(known);
  const counted = groups.map((g) => g.id).filter((id) => (managed.get(id) ?? 0) > 0 && !headcount.has(id));
  if (counted.length > 0) {
    const group = level === 'bureau' ? fragment`s.bureau_id` : fragment`e.section_id`;
    for (const r of await db.query<{ group_id: string; n: number }>(sql`
      select ${group}::text as group_id, count(*)::int as n
        from employee e join section s on s.id = e.section_id
       where e.active and ${group} = any(${counted}::uuid[])
       group by ${group}`))
      headcount.set(r.group_id, r.n);
  }
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    code: g.code,
    kind: g.kind,
    bureauId: g.bureau_id,
    headcount: headcount.get(g.id) ?? null,
    managed: managed.get(g.id) ?? 0,
  }));
}

/**
 * Annual leave (年次休暇, calendar year) taken from 1 January to `asOf`, per group, by the people the
 * month's figures count there (overtime_month), the population the disclosure decision was made
 * for. Never today's members: a transfer or retirement after the month would change the figure, and
 * the change would be that one person's leave (test/privacy/time-differencing.test.ts).
 */
export async function annualLeaveTaken(
  db: Db,
  level: GroupLevel,
  groupIds: string[],
  month: string,
  asOf: string,
): Promise<Map<string, number>> {
  if (groupIds.length === 0) return new Map();
  const group = level === 'bureau' ? fragment`s.bureau_id` : fragment`o.section_id`;
  const rows = await db.query<{ group_id: string; days: number }>(sql`
    select ${group}::text as group_id, sum(t.days)::float8 as days
      from overtime_month o
      join section s on s.id = o.section_id
      join leave_taken t on t.employee_id = o.employee_id
     where o.month = ${`${month}-01`}::date
       and t.kind = 'annual' and t.day between ${`${month.slice(0, 4)}-01-01`}::date and ${asOf}::date
       and ${group} = any(${groupIds}::uuid[])
     group by ${group}`);
  return new Map(rows.map((r) => [r.group_id, r.days]));
}

export type { AlertCounts, PersonMonth };

/**
 * 100 h alerts (level month100) of the month per group, by follow-up state, counted where the
 * month's figures count their people (overtime_month) — the population the disclosure decision was
 * made for. Not from dashboard_alert_count (0007), which files an alert under the person's section
 * at the time of the last click: after a transfer, one click moved a count to the new section and
 * "+1 after the published transfer" named who crossed 100 h (test/privacy/time-differencing.test.ts).
 * Read from overtime_alert_section_month (migration 0023), which keeps exactly those counts per
 * section in the transaction of every alert and person-month write: O(sections), not O(alerts).
 */
export async function alert100Counts(
  db: Db,
  level: GroupLevel,
  groupIds: string[],
  month: string,
): Promise<Map<string, AlertCounts>> {
  if (groupIds.length === 0) return new Map();
  const group = level === 'bureau' ? fragment`s.bureau_id` : fragment`c.section_id`;
  const rows = await db.query<{ group_id: string; open: number; acted: number }>(sql`
    select ${group}::text as group_id, sum(c.open_count)::int as open, sum(c.acted_count)::int as acted
      from overtime_alert_section_month c
      join section s on s.id = c.section_id
     where c.month = ${firstOf(month)}::date and ${group} = any(${groupIds}::uuid[])
     group by ${group}
    having sum(c.open_count) <> 0 or sum(c.acted_count) <> 0`);
  return new Map(rows.map((r) => [r.group_id, { open: r.open, acted: r.acted }]));
}

export interface CampaignRate {
  campaignId: string;
  title: string;
  kind: string;
  deadline: string;
  bureauId: string;
  targeted: number;
  responded: number;
  /** Targets the viewer knows one by one (themself and their subtree): they see those plans anyway. */
  knownTargets: number;
}

/**
 * Response rates of the latest campaigns per bureau (null = every bureau), counting only targets
 * inside those bureaus. Per bureau, so that the one disclosure rule can decide between the bureaus'
 * figures and their sum.
 */
export async function campaignRates(
  db: Db,
  bureauIds: string[] | null,
  /** Whose targets are known one by one: the viewer, and with their subtree (org_closure) if they manage. */
  knower: { viewerId: string; withSubtree: boolean },
  limit = 4,
): Promise<CampaignRate[]> {
  const inScope = bureauIds ? fragment`m.bureau_id = any(${bureauIds}::uuid[])` : fragment`true`;
  const rows = await db.query<{
    id: string;
    title: string;
    kind: string;
    deadline: string;
    bureau_id: string;
    targeted: number;
    responded: number;
    known: number;
  }>(sql`
    with recent as (
      select id, title, kind, deadline from leave_campaign order by period_start desc, created_at desc limit ${limit}
    ), targets as (
      -- Enrolled members where they were enrolled (migration 0021): movers and leavers do not change
      -- a bureau's count, so two looks cannot be subtracted to learn whether one person answered.
      select m.campaign_id, m.employee_id, m.bureau_id
        from recent c
        join leave_campaign_member m on m.campaign_id = c.id
       where ${inScope}
    )
    select c.id::text as id, c.title, c.kind, to_char(c.deadline, 'YYYY-MM-DD') as deadline, tg.bureau_id::text as bureau_id,
           count(tg.employee_id)::int as targeted, count(p.id)::int as responded,
           count(tg.employee_id) filter (where tg.employee_id = ${knower.viewerId}::uuid or k.descendant is not null)::int as known
      from recent c
      join targets tg on tg.campaign_id = c.id
      left join leave_plan p on p.campaign_id = c.id and p.employee_id = tg.employee_id
      left join org_closure k on ${knower.withSubtree}::boolean and k.ancestor = ${knower.viewerId}::uuid and k.descendant = tg.employee_id
     group by c.id, c.title, c.kind, c.deadline, tg.bureau_id
     order by c.deadline desc, c.id`);
  return rows.map((r) => ({
    campaignId: r.id,
    title: r.title,
    kind: r.kind,
    deadline: r.deadline,
    bureauId: r.bureau_id,
    targeted: r.targeted,
    responded: r.responded,
    knownTargets: r.known,
  }));
}
