import type { HiddenReason } from '../access/disclosure.rules.ts';
import { kindId, OTHER_KINDS_ID, viewerDisclosure } from '../access/disclosure.service.ts';
import { accessScope } from '../access/scope.ts';
import { buildViewer } from '../access/viewer.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { isSettled, recordOf } from '../delivery/delivery-records.repository.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import type { BureauKind } from '../org/org.table.ts';
import { addDays, monthOf, nextWorkingDay, tokyoDateOf } from '../shared/calendar.ts';
import type { Logger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import { shiftMonth, type YearMonth } from '../shared/year-month.ts';

/** One bureau's line of the monthly report, summed from its sections' aggregates (never from days). */
export interface BureauReportRow {
  bureauId: string;
  name: string;
  kind: BureauKind;
  staff: number;
  totalMinutes: number;
  ge100: number;
  lastYear: { staff: number; totalMinutes: number; ge100: number } | null;
  /** Why the line's figures are hidden from this executive (the dashboard's decision), or null. */
  hidden: HiddenReason | null;
}

/** A sum line of the report (headquarters + agencies, regional branches), decided like the rows. */
export type ReportSum = Omit<BureauReportRow, 'bureauId' | 'name' | 'kind'>;

export interface BureauReport {
  rows: BureauReportRow[];
  /** Present when the report has both regional branches and other bureaus. */
  sums: { other: ReportSum; regional: ReportSum } | null;
}

/** Every bureau (bureauIds = null) or the listed ones, for the month and the same month a year before. */
export async function bureauReport(
  db: Db,
  month: YearMonth,
  bureauIds: readonly string[] | null,
): Promise<BureauReportRow[]> {
  const rows = await db.query<{
    bureau_id: string;
    name: string;
    kind: BureauKind;
    staff: number | null;
    total: number | null;
    ge100: number | null;
    ly_staff: number | null;
    ly_total: number | null;
    ly_ge100: number | null;
  }>(sql`
    -- Bureaus as the org is now, summed from their sections: the tree the disclosure decision uses
    -- (overtime_bureau_month keeps the bureaus of the import; see dashboard.repository.ts).
    with bureau_now as (
      select s.bureau_id, m.month, sum(m.staff_count)::int as staff_count,
             sum(m.total_minutes)::float8 as total_minutes, sum(m.ge_100h)::int as ge_100h
        from overtime_section_month m join section s on s.id = m.section_id
       where m.month in (${`${month}-01`}::date, ${`${shiftMonth(month, -12)}-01`}::date)
       group by s.bureau_id, m.month)
    select b.id as bureau_id, b.name, b.kind,
           cur.staff_count as staff, cur.total_minutes as total, cur.ge_100h as ge100,
           ly.staff_count as ly_staff, ly.total_minutes as ly_total, ly.ge_100h as ly_ge100
      from bureau b
      left join bureau_now cur on cur.bureau_id = b.id and cur.month = ${`${month}-01`}::date
      left join bureau_now ly on ly.bureau_id = b.id and ly.month = ${`${shiftMonth(month, -12)}-01`}::date
     where (${bureauIds === null}::boolean or b.id = any(${bureauIds ?? []}::uuid[]))
     order by b.sort_order, b.code`);
  return rows.map((r) => ({
    bureauId: r.bureau_id,
    name: r.name,
    kind: r.kind,
    staff: r.staff ?? 0,
    totalMinutes: r.total ?? 0,
    ge100: r.ge100 ?? 0,
    lastYear:
      r.ly_staff === null
        ? null
        : { staff: r.ly_staff, totalMinutes: r.ly_total ?? 0, ge100: r.ly_ge100 ?? 0 },
    hidden: null,
  }));
}

/**
 * The report for one executive: their bureaus' lines and the regional / other sums, each cut by the
 * same disclosure decision as their dashboard (core/access/disclosure.service.ts), so the card and
 * the tab never disagree on what is hidden and cannot be combined to undo it.
 */
export async function reportFor(
  db: Db,
  executiveId: string,
  month: YearMonth,
  bureauIds: readonly string[],
  floor: number,
): Promise<BureauReport> {
  const employee = await findEmployeeById(db, executiveId);
  const rows = await bureauReport(db, month, bureauIds);
  if (!employee) return { rows: rows.map((r) => ({ ...r, hidden: 'residual', lastYear: null })), sums: null };
  const scope = await accessScope(db, await buildViewer(db, employee));
  const lastYearMonth = shiftMonth(month, -12);
  const decision = await viewerDisclosure(db, scope, [month, lastYearMonth], floor);
  const now = decision.at(month);
  const ly = decision.at(lastYearMonth);
  // The report's figures are all-staff totals and ≥100 h counts of everyone.
  const cut = <T extends ReportSum>(line: T, id: string): T => ({
    ...line,
    hidden: now.allStaffHidden(id),
    lastYear: line.lastYear && !ly.allStaffHidden(id) ? line.lastYear : null,
  });
  const sum = (list: BureauReportRow[]): ReportSum => ({
    staff: list.reduce((n, r) => n + r.staff, 0),
    totalMinutes: list.reduce((n, r) => n + r.totalMinutes, 0),
    ge100: list.reduce((n, r) => n + r.ge100, 0),
    lastYear: list.some((r) => r.lastYear)
      ? {
          staff: list.reduce((n, r) => n + (r.lastYear?.staff ?? 0), 0),
          totalMinutes: list.reduce((n, r) => n + (r.lastYear?.totalMinutes ?? 0), 0),
          ge100: list.reduce((n, r) => n + (r.lastYear?.ge100 ?? 0), 0),
        }
      : null,
    hidden: null,
  });
  const regional = rows.filter((r) => r.kind === 'regional_branch');
  const other = rows.filter((r) => r.kind !== 'regional_branch');
  return {
    rows: rows.map((r) => cut(r, r.bureauId)),
    sums:
      regional.length > 0 && other.length > 0
        ? { other: cut(sum(other), OTHER_KINDS_ID), regional: cut(sum(regional), kindId('regional_branch')) }
        : null,
  };
}

/** The first working day of the month of `today` (the report goes out on it). */
export function isFirstWorkingDayOfMonth(today: string): boolean {
  return nextWorkingDay(`${monthOf(today)}-01`) === today;
}

export interface ReportDeps {
  db: Db;
  messenger: ProactiveMessenger;
  logger: Logger;
  now: () => Date;
  minGroupSize: () => Promise<number>;
  card: (report: BureauReport, month: YearMonth, locale: 'ja' | 'en', minGroupSize: number) => object;
}

/**
 * On the first working day of a month, each executive (幹部) gets last month's report for the
 * bureaus they are assigned (no bureau = their own). Once per (month, executive): the
 * outbox key decides between runners and re-runs.
 */
export async function sendMonthlyReports(
  deps: ReportDeps,
  options: { force?: boolean } = {},
): Promise<number> {
  const today = tokyoDateOf(deps.now());
  if (!options.force && !isFirstWorkingDayOfMonth(today)) return 0;
  const month = monthOf(addDays(`${monthOf(today)}-01`, -1));
  const minGroup = await deps.minGroupSize();
  // An executive acts for the bureaus assigned to them; an assignment without a bureau means their own
  // (as core/access/viewer.ts reads it). hr/admin use the tab for the whole ministry.
  const executives = await deps.db.query<{
    id: string;
    oid: string | null;
    locale: 'ja' | 'en';
    bureau_ids: string[];
  }>(sql`
    select e.id, e.entra_oid::text as oid, e.locale, array_agg(coalesce(r.bureau_id, s.bureau_id)) as bureau_ids
      from role_assignment r
      join employee e on e.id = r.employee_id and e.active
      join section s on s.id = e.section_id
     where r.role = 'executive'
     group by e.id, e.entra_oid, e.locale`);
  let sent = 0;
  for (const x of executives) {
    // An executive without an Entra id cannot be reached (no record: nothing was sent).
    if (!x.oid) continue;
    // Once per (month, executive): the outbox key (overtime.report, month, executive) is the
    // record. One already settled is skipped; one a crashed run left queued is joined.
    const message = { purpose: 'overtime.report', subject: month, recipient: x.oid };
    if (isSettled(await recordOf(deps.db, message))) continue;
    const report = await reportFor(deps.db, x.id, month, x.bureau_ids, minGroup);
    // Not known in time (still queued) or failed: thrown, so the job's retry asks again.
    const outcome = await deps.messenger.sendCard(
      { aadObjectId: x.oid },
      deps.card(report, month, x.locale, minGroup),
      { purpose: message.purpose, key: message.subject },
    );
    if (outcome.ok) sent++;
  }
  return sent;
}
