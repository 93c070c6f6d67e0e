import type pg from 'pg';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { YearMonth } from '../shared/year-month.ts';

/** Serialises imports (any constant of this app's own; migrations use 4_242_001). */
const IMPORT_LOCK_KEY = 4_242_002;

/** Employee numbers of the list that exist in the register (active or not: past days still count). */
export async function knownEmployeeNos(db: Db, employeeNos: Iterable<string>): Promise<Set<string>> {
  const rows = await db.query<{ employee_no: string }>(
    sql`select employee_no from employee where employee_no = any(${[...employeeNos]}::text[])`,
  );
  return new Set(rows.map((r) => r.employee_no));
}

export async function insertImport(
  tx: Db,
  entry: {
    source: 'csv' | 'api' | 'demo';
    fileName?: string | null;
    checksum?: string | null;
    rowCount: number;
    importedBy?: string | null;
  },
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(sql`
    insert into attendance_import (source, file_name, checksum, row_count, imported_by)
    values (${entry.source}, ${entry.fileName ?? null}, ${entry.checksum ?? null}, ${entry.rowCount}, ${entry.importedBy ?? null})
    returning id`);
  return row!.id;
}

/**
 * The set-based merge: upserts the staged days (only rows whose values changed are written), then
 * recomputes the person-months those rows fall in and, from them, the years, sections and bureaus.
 * Everything the dashboards and alerts read is therefore in step when the transaction commits.
 */
export async function mergeStage(
  tx: Db,
  importId: number,
): Promise<{ changed: number; months: YearMonth[] }> {
  await tx.exec(`
    create temporary table if not exists attendance_touched (employee_id uuid not null, month date not null) on commit drop;
    create temporary table if not exists attendance_touched_section (section_id uuid not null, month date not null) on commit drop;`);

  // One import at a time: inserting the days found missing (cheaper than ON CONFLICT per row for a
  // million fresh rows) relies on no other import adding the same days meanwhile.
  await tx.query(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
  if (tx.driver === 'postgres')
    // For this transaction only: the million-row joins then hash in memory in one batch instead of
    // spilling to 16 batches on disk (the default 4 MB), and JIT compilation (≈0.5 s) is not worth it.
    // The staging table's statistics let the planner see a million rows, not a guess from its size.
    await tx.exec(`set local work_mem = '256MB'; set local jit = off; analyze attendance_stage;`);
  // One pass over the staged rows against the stored days: each row is new, changed or the same;
  // only the first two are written. (Re-importing a file then reads the days once, not twice.)
  const [{ changed } = { changed: 0 }] = await tx.query<{ changed: number }>(sql`
    with diff as materialized (
      select e.id as employee_id, s.work_date, s.start_time, s.end_time, s.ends_next_day, s.overtime_minutes, s.leave_type,
             s.leave_days, s.leave_minutes, s.in_office_minutes, s.logon_at, s.logoff_at, d.employee_id is not null as stored
        from attendance_stage s
        join employee e on e.employee_no = s.employee_no
        left join attendance_day d on d.employee_id = e.id and d.work_date = s.work_date
       where d.employee_id is null
          or (d.start_time, d.end_time, d.ends_next_day, d.overtime_minutes, d.leave_type, d.leave_days, d.leave_minutes,
              d.in_office_minutes, d.logon_at, d.logoff_at)
             is distinct from
             (s.start_time, s.end_time, s.ends_next_day, s.overtime_minutes, s.leave_type, s.leave_days, s.leave_minutes,
              s.in_office_minutes, s.logon_at, s.logoff_at)
    ), updated as (
      update attendance_day d set
        start_time = s.start_time, end_time = s.end_time, ends_next_day = s.ends_next_day,
        overtime_minutes = s.overtime_minutes, leave_type = s.leave_type, leave_days = s.leave_days,
        leave_minutes = s.leave_minutes, in_office_minutes = s.in_office_minutes,
        logon_at = s.logon_at, logoff_at = s.logoff_at, import_id = ${importId}::bigint, updated_at = now()
        from diff s
       where s.stored and d.employee_id = s.employee_id and d.work_date = s.work_date
      returning d.employee_id, d.work_date
    ), inserted as (
      insert into attendance_day (employee_id, work_date, start_time, end_time, ends_next_day, overtime_minutes, leave_type,
                                  leave_days, leave_minutes, in_office_minutes, logon_at, logoff_at, import_id)
      select s.employee_id, s.work_date, s.start_time, s.end_time, s.ends_next_day, s.overtime_minutes, s.leave_type,
             s.leave_days, s.leave_minutes, s.in_office_minutes, s.logon_at, s.logoff_at, ${importId}::bigint
        from diff s
       where not s.stored
       -- In key order the primary-key index is filled page by page (≈20% faster for a big file).
       order by s.employee_id, s.work_date
      returning employee_id, work_date
    ), changed as (
      select employee_id, work_date from updated union all select employee_id, work_date from inserted
    ), touched as (
      insert into attendance_touched (employee_id, month)
      select distinct employee_id, date_trunc('month', work_date)::date from changed
    )
    select count(*)::int as changed from changed`);
  await tx.query(sql`update attendance_import set changed_count = ${changed} where id = ${importId}`);
  if (changed === 0) return { changed, months: [] };

  await refreshAggregates(tx);
  const months = await tx.query<{ month: string }>(
    sql`select distinct to_char(month, 'YYYY-MM') as month from attendance_touched order by 1`,
  );
  return { changed, months: months.map((m) => m.month) };
}

/**
 * For days written straight into attendance_day by set-based SQL (the demo generator): recomputes
 * the aggregates of every person-month those days fall in, as the merge does.
 */
export async function refreshAggregatesForImport(tx: Db, importId: number): Promise<YearMonth[]> {
  await tx.exec(`
    create temporary table if not exists attendance_touched (employee_id uuid not null, month date not null) on commit drop;
    create temporary table if not exists attendance_touched_section (section_id uuid not null, month date not null) on commit drop;`);
  await tx.query(sql`
    insert into attendance_touched (employee_id, month)
    select distinct employee_id, date_trunc('month', work_date)::date from attendance_day where import_id = ${importId}`);
  await refreshAggregates(tx);
  const months = await tx.query<{ month: string }>(
    sql`select distinct to_char(month, 'YYYY-MM') as month from attendance_touched order by 1`,
  );
  return months.map((m) => m.month);
}

/** Recomputes everything above the days for the (employee, month) pairs in attendance_touched. */
async function refreshAggregates(tx: Db): Promise<void> {
  // Tens of thousands of person-months after a big file: with statistics the planner reads their
  // days in one pass rather than one index range scan per person-month.
  if (tx.driver === 'postgres') await tx.exec('analyze attendance_touched');
  // Sections the touched months belonged to before (a person who moved leaves their old section).
  await tx.exec(`
    insert into attendance_touched_section (section_id, month)
    select m.section_id, m.month from overtime_month m join attendance_touched t using (employee_id, month);

    insert into overtime_month as m (employee_id, month, section_id, is_managerial, overtime_minutes, in_office_minutes,
                                     days_recorded, last_work_date)
    -- The touched people's days summed per month first, then kept for the touched months: one
    -- hash aggregate, instead of testing each day against every touched month of its person.
    select t.employee_id, t.month, e.section_id, e.is_managerial, a.overtime_minutes, a.in_office_minutes,
           a.days_recorded, a.last_work_date
      from (select distinct employee_id, month from attendance_touched) t
      join employee e on e.id = t.employee_id
      join (select d.employee_id, date_trunc('month', d.work_date)::date as month, sum(d.overtime_minutes) as overtime_minutes,
                   coalesce(sum(d.in_office_minutes), 0) as in_office_minutes, count(*) as days_recorded,
                   max(d.work_date) as last_work_date
              from attendance_day d
             where d.employee_id in (select employee_id from attendance_touched)
             group by 1, 2) a on a.employee_id = t.employee_id and a.month = t.month
    on conflict (employee_id, month) do update set
      section_id = excluded.section_id, is_managerial = excluded.is_managerial, overtime_minutes = excluded.overtime_minutes,
      in_office_minutes = excluded.in_office_minutes, days_recorded = excluded.days_recorded,
      last_work_date = excluded.last_work_date, updated_at = now();

    insert into attendance_touched_section (section_id, month)
    select distinct e.section_id, t.month from attendance_touched t join employee e on e.id = t.employee_id;

    -- Overtime year = April–March; months_over_45h uses the plan's 45 h band.
    insert into overtime_year (employee_id, fiscal_year, overtime_minutes, months_over_45h)
    select m.employee_id, y.fiscal_year, sum(m.overtime_minutes), count(*) filter (where m.overtime_minutes > 45 * 60)
      from (select distinct employee_id, extract(year from month - interval '3 months')::int as fiscal_year
              from attendance_touched) y
      join overtime_month m on m.employee_id = y.employee_id
                           and m.month >= make_date(y.fiscal_year, 4, 1) and m.month < make_date(y.fiscal_year + 1, 4, 1)
     group by m.employee_id, y.fiscal_year
    on conflict (employee_id, fiscal_year) do update set
      overtime_minutes = excluded.overtime_minutes, months_over_45h = excluded.months_over_45h, updated_at = now();

    insert into overtime_section_month (section_id, month, staff_count, total_minutes, nm_staff_count, nm_total_minutes,
                                        nm_ge_45h, nm_ge_80h, nm_ge_100h, ge_100h)
    select ts.section_id, ts.month, count(m.employee_id), coalesce(sum(m.overtime_minutes), 0),
           count(m.employee_id) filter (where not m.is_managerial),
           coalesce(sum(m.overtime_minutes) filter (where not m.is_managerial), 0),
           count(*) filter (where not m.is_managerial and m.overtime_minutes >= 45 * 60),
           count(*) filter (where not m.is_managerial and m.overtime_minutes >= 80 * 60),
           count(*) filter (where not m.is_managerial and m.overtime_minutes >= 100 * 60),
           count(*) filter (where m.overtime_minutes >= 100 * 60)
      from (select distinct section_id, month from attendance_touched_section) ts
      left join overtime_month m on m.section_id = ts.section_id and m.month = ts.month
     group by ts.section_id, ts.month
    on conflict (section_id, month) do update set
      staff_count = excluded.staff_count, total_minutes = excluded.total_minutes, nm_staff_count = excluded.nm_staff_count,
      nm_total_minutes = excluded.nm_total_minutes, nm_ge_45h = excluded.nm_ge_45h, nm_ge_80h = excluded.nm_ge_80h,
      nm_ge_100h = excluded.nm_ge_100h, ge_100h = excluded.ge_100h, updated_at = now();

    insert into overtime_bureau_month (bureau_id, month, staff_count, total_minutes, nm_staff_count, nm_total_minutes,
                                       nm_ge_45h, nm_ge_80h, nm_ge_100h, ge_100h)
    select s.bureau_id, sm.month, sum(sm.staff_count), sum(sm.total_minutes), sum(sm.nm_staff_count), sum(sm.nm_total_minutes),
           sum(sm.nm_ge_45h), sum(sm.nm_ge_80h), sum(sm.nm_ge_100h), sum(sm.ge_100h)
      from (select distinct s2.bureau_id, ts.month from attendance_touched_section ts join section s2 on s2.id = ts.section_id) tb
      join section s on s.bureau_id = tb.bureau_id
      join overtime_section_month sm on sm.section_id = s.id and sm.month = tb.month
     group by s.bureau_id, sm.month
    on conflict (bureau_id, month) do update set
      staff_count = excluded.staff_count, total_minutes = excluded.total_minutes, nm_staff_count = excluded.nm_staff_count,
      nm_total_minutes = excluded.nm_total_minutes, nm_ge_45h = excluded.nm_ge_45h, nm_ge_80h = excluded.nm_ge_80h,
      nm_ge_100h = excluded.nm_ge_100h, ge_100h = excluded.ge_100h, updated_at = now();`);
}

/**
 * Runs fn in one transaction. On the server the transaction holds a connection of its own so that
 * COPY can stream into it; on PGlite it is the ordinary Db transaction.
 */
export async function withImportTransaction<T>(
  db: Db,
  fn: (tx: Db, client?: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (db.driver !== 'postgres') return db.transaction((tx) => fn(tx));
  const client = await (db.native as pg.Pool).connect();
  const tx = clientDb(client, db.native as pg.Pool);
  try {
    await client.query('begin');
    const result = await fn(tx, client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** The Db seam over one pooled connection already inside a transaction (nested calls join it). */
function clientDb(client: pg.PoolClient, pool: pg.Pool): Db {
  const db: Db = {
    driver: 'postgres',
    native: pool,
    async query<R>(q: { text: string; values: unknown[] }) {
      return (await client.query(q.text, q.values)).rows as R[];
    },
    async exec(text) {
      await client.query(text);
    },
    transaction: (fn) => fn(db),
    async executeSql(text, values) {
      return { rows: (await client.query(text, values as unknown[])).rows };
    },
    async close() {},
  };
  return db;
}

export interface ImportSummary {
  id: number;
  source: string;
  fileName: string | null;
  rowCount: number;
  changedCount: number;
  importedAt: string;
  importedBy: string | null;
}

/** The last 50 imports, newest first, with who ran them (the import page's history). */
export async function recentImports(db: Db): Promise<ImportSummary[]> {
  return db.query<ImportSummary>(sql`
    select i.id, i.source, i.file_name as "fileName", i.row_count as "rowCount", i.changed_count as "changedCount",
           i.imported_at::text as "importedAt", e.family_name || ' ' || e.given_name as "importedBy"
      from attendance_import i left join employee e on e.id = i.imported_by
     order by i.id desc limit 50`);
}
