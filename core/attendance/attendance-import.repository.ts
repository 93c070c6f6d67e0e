import type pg from 'pg';
import type { ImportSummary } from '../../contracts/tab-api/attendance.contract.ts';
import type { Db } from '../db/db.ts';
import { transactionOnConnection } from '../db/postgres.ts';
import { sql } from '../db/sql.ts';
import type { YearMonth } from '../shared/year-month.ts';
import { DAY_ARRAYS } from './attendance-month.repository.ts';

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
 * One import at a time, from before the stored months are read until the commit: two imports
 * merging into the same person-month would each start from the month as it was and the later would
 * drop the other's days.
 */
export async function lockImports(tx: Db): Promise<void> {
  await tx.query(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
}

/**
 * Looks the file's person-months up among the stored ones, once: those stored exactly as the file
 * has them (their hash is the stored file_hash, migration 0024) need neither staging nor merging,
 * which is what makes re-importing a file cheap; the rest are marked `stored` or not, so the merge
 * compares only the months that exist with what is stored (a month a file brings for the first time,
 * the usual case of a monthly export, is written without reading anything). Returns the positions
 * in `months` of the unchanged ones.
 */
export async function lookUpStoredMonths(
  tx: Db,
  months: readonly { employeeNo: string; month: string; hash: string; stored: boolean }[],
): Promise<Set<number>> {
  if (months.length === 0) return new Set();
  // Two rows back, however many months: the positions as strings.
  const rows = await tx.query<{ same: boolean; positions: string }>(sql`
    select m.file_hash = u.hash as same, string_agg((u.i - 1)::text, ',') as positions
      from unnest(${arrayText(months.map((m) => m.employeeNo))}::text[],
                  ${arrayText(months.map((m) => m.month))}::date[],
                  ${arrayText(months.map((m) => m.hash))}::uuid[]) with ordinality as u(no, month, hash, i)
      join employee e on e.employee_no = u.no
      join attendance_month m on m.employee_id = e.id and m.month = u.month
     group by 1`);
  const unchanged = new Set<number>();
  for (const row of rows)
    for (const i of row.positions.split(',').map(Number)) {
      months[i]!.stored = true;
      if (row.same) unchanged.add(i);
    }
  return unchanged;
}

/**
 * An array parameter as its literal ('{"a","b"}'), every element quoted: node-postgres escapes each
 * element with two regular expressions (≈25 ms of a million-row re-import's main thread); here
 * only the elements that hold a quote or a backslash are escaped.
 */
function arrayText(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out += `${i === 0 ? '"' : ',"'}${NEEDS_ESCAPE.test(v) ? v.replace(/[\\"]/g, '\\$&') : v}"`;
  }
  return `${out}}`;
}
const NEEDS_ESCAPE = /[\\"]/;

const DAY_COLUMNS = DAY_ARRAYS;
/** A month the file covers wholly (every stored day is in the file) is taken as staged; else per slot. */
const merged = DAY_COLUMNS.map(
  (c) =>
    `case when d.employee_id is null or d.day_mask & ~s.day_mask = 0 then s.${c} else attendance_pick(s.day_mask, s.${c}, d.${c}) end as ${c}`,
).join(',\n             ');
/** The element type of each day array (attendance-stage.ts stages an array empty all month as null). */
const DAY_TYPES: Record<(typeof DAY_COLUMNS)[number], string> = {
  start_time: 'time',
  end_time: 'time',
  ends_next_day: 'boolean',
  overtime_minutes: 'integer',
  leave_type: 'text',
  leave_days: 'numeric',
  leave_minutes: 'integer',
  in_office_minutes: 'integer',
  logon_at: 'timestamp',
  logoff_at: 'timestamp',
};
/** The staged arrays with their 31 slots (a constant the planner folds once). */
const staged = DAY_COLUMNS.map(
  (c) => `coalesce(st.${c}, array_fill(null::${DAY_TYPES[c]}, array[31])) as ${c}`,
).join(', ');
/** Slot i of the staged month differs from the stored one (or is new). */
const slotChanged = `(d.day_mask & (1 << (i - 1)) = 0 or (${DAY_COLUMNS.map((c) => `s.${c}[i]`).join(', ')})
                    is distinct from (${DAY_COLUMNS.map((c) => `d.${c}[i]`).join(', ')}))`;

/**
 * The set-based merge: one statement compares the staged person-months with the stored ones, writes
 * only the months with a changed day, and computes those months' totals (overtime_month) from the
 * very arrays it writes; then the years, sections and bureaus of those months are recomputed. Only
 * the months the file touches are read or written. Everything the dashboards and alerts read is in
 * step when the transaction commits.
 */
export async function mergeStage(
  tx: Db,
  importId: number,
): Promise<{ changed: number; months: YearMonth[] }> {
  await beginMerge(tx);
  const changed = await mergeStaged(tx, importId);
  return endMerge(tx, importId, changed);
}

/** Before the first mergeStaged of a transaction. */
export async function beginMerge(tx: Db): Promise<void> {
  await createTouched(tx);
  await lockImports(tx);
  await importSettings(tx);
}

/** The import transaction's planner settings (the server only; from before its first lookup). */
export async function importSettings(tx: Db): Promise<void> {
  if (tx.driver === 'postgres')
    // JIT compilation (≈0.5 s) is not worth it for these statements. Nor are parallel workers: the
    // rounds' lookups of stored months took two of them, on the cores the parser of the rest of the
    // file needs (a re-import spent 0.4 s of worker time there for 0.06 s a round of one backend).
    await tx.exec(
      `set local work_mem = '64MB'; set local jit = off; set local max_parallel_workers_per_gather = 0;`,
    );
}

/**
 * The merge statement over what is staged now; the changed days. It can run once per part of a
 * file (the staging table emptied in between: clearStage), endMerge once after the last part.
 */
export async function mergeStaged(tx: Db, importId: number): Promise<number> {
  if (tx.driver === 'postgres')
    // Statistics of the staging table's key columns let the planner see its real size (the
    // arrays' would cost ~0.2 s a 100k days).
    await tx.exec('analyze attendance_stage (employee_no, month, stored)');
  const [{ changed } = { changed: 0 }] = await tx.query<{ changed: number }>({
    text: `
    with diff as materialized (
      select s.employee_id, s.section_id, s.is_managerial, s.month, coalesce(d.day_mask, 0) | s.day_mask as day_mask,
             -- Wholly in the file: the file's totals are the month's.
             d.employee_id is null or d.day_mask & ~s.day_mask = 0 as whole, s.overtime_total, s.in_office_total,
             -- The file's hash vouches for the month only when the file holds all of it.
             case when d.employee_id is null or d.day_mask & ~s.day_mask = 0 then s.file_hash end as file_hash,
             s.day_count, s.last_day, s.stored,
             ${merged},
             case when d.employee_id is null then s.day_count
                  else (select count(*)::int from generate_series(1, 31) as i
                         where s.day_mask & (1 << (i - 1)) <> 0 and ${slotChanged}) end as changed_days
        from (select e.id as employee_id, e.section_id, e.is_managerial, st.employee_no, st.month, st.day_mask, st.day_count,
                     st.overtime_total, st.in_office_total, st.last_day, st.file_hash, ${staged}
                     , st.stored
                from attendance_stage st join employee e on e.employee_no = st.employee_no) s
        -- Only a month found stored by lookUpStoredMonths is read (a first one is simply written):
        -- offset 0 keeps the planner from turning this into a join over the whole table, so
        -- s.stored gates the index lookup row by row.
        left join lateral (select * from attendance_month d
                            where s.stored and d.employee_id = s.employee_id and d.month = s.month
                           offset 0) d on true
       -- A stored month with the staged month's hash holds exactly its days: nothing to compare.
       where d.file_hash is distinct from s.file_hash
         and (d.employee_id is null
          or d.day_mask | s.day_mask <> d.day_mask
          or (${DAY_COLUMNS.map((c) => `s.${c}`).join(', ')}) is distinct from (${DAY_COLUMNS.map((c) => `d.${c}`).join(', ')})
             and exists (select 1 from generate_series(1, 31) as i where s.day_mask & (1 << (i - 1)) <> 0 and ${slotChanged}))
    ), written_first as (
      -- A month not stored before (lookUpStoredMonths, under the import lock) is a plain insert: no
      -- conflict to look for. Should another writer have stored it meanwhile, the key refuses it and
      -- the whole import rolls back.
      insert into attendance_month (employee_id, month, day_mask, ${DAY_COLUMNS.join(', ')}, import_id, file_hash)
      select employee_id, month, day_mask, ${DAY_COLUMNS.join(', ')}, $1::bigint, file_hash from diff
       where not stored
       order by employee_id, month
    ), written as (
      insert into attendance_month as m (employee_id, month, day_mask, ${DAY_COLUMNS.join(', ')}, import_id, file_hash)
      select employee_id, month, day_mask, ${DAY_COLUMNS.join(', ')}, $1::bigint, file_hash from diff
       where stored
       order by employee_id, month
      on conflict (employee_id, month) do update set
        day_mask = excluded.day_mask, ${DAY_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')},
        import_id = excluded.import_id, file_hash = excluded.file_hash, updated_at = now()
    ), rehashed as (
      -- Months stored exactly as the file has them but without its hash (written before migration 0024,
      -- or by another writer since): they get it, so the next import of the file skips them.
      update attendance_month m set file_hash = st.file_hash
        from attendance_stage st join employee e on e.employee_no = st.employee_no
       where st.stored and m.employee_id = e.id and m.month = st.month and m.day_mask = st.day_mask
         and m.file_hash is distinct from st.file_hash
         and not exists (select 1 from diff where diff.employee_id = m.employee_id and diff.month = m.month)
    ), left_sections as (
      -- The sections the months counted in before (a person who moved leaves their old section).
      insert into attendance_touched_section (section_id, month)
      select m.section_id, m.month from overtime_month m join diff using (employee_id, month)
    ), totals as (
      insert into overtime_month as m (employee_id, month, section_id, is_managerial, overtime_minutes, in_office_minutes,
                                       days_recorded, last_work_date)
      select x.employee_id, x.month, x.section_id, x.is_managerial,
             case when x.whole then x.overtime_total else (select sum(o)::int from unnest(x.overtime_minutes) o) end,
             case when x.whole then x.in_office_total
                  else (select coalesce(sum(o), 0)::int from unnest(x.in_office_minutes) o) end,
             case when x.whole then x.day_count else (select count(o)::int from unnest(x.overtime_minutes) o) end,
             x.month + (case when x.whole then x.last_day
                             else (select max(i) from unnest(x.overtime_minutes) with ordinality as u(o, i) where o is not null)
                        end - 1)::int
        from diff x
      on conflict (employee_id, month) do update set
        section_id = excluded.section_id, is_managerial = excluded.is_managerial, overtime_minutes = excluded.overtime_minutes,
        in_office_minutes = excluded.in_office_minutes, days_recorded = excluded.days_recorded,
        last_work_date = excluded.last_work_date, updated_at = now()
    ), touched as (
      insert into attendance_touched (employee_id, month) select employee_id, month from diff
    ), sections as (
      insert into attendance_touched_section (section_id, month) select distinct section_id, month from diff
    )
    select coalesce(sum(changed_days), 0)::int as changed from diff`,
    values: [importId],
  });
  return changed;
}

/** Empties the staging table for the next part of a file. */
export async function clearStage(tx: Db): Promise<void> {
  await tx.exec('truncate attendance_stage');
}

/**
 * After the last mergeStaged: the import's counts, the years, sections and bureaus of the months
 * written, and those months.
 */
export async function endMerge(
  tx: Db,
  importId: number,
  changed: number,
  rowCount?: number,
): Promise<{ changed: number; months: YearMonth[] }> {
  await tx.query(sql`
    update attendance_import set changed_count = ${changed}, row_count = coalesce(${rowCount ?? null}::int, row_count)
     where id = ${importId}`);
  if (changed === 0) return { changed, months: [] };

  await refreshAbove(tx);
  const months = await tx.query<{ month: string }>(
    // The months from the sections touched (a row per section and month, not per person): the same months.
    sql`select distinct to_char(month, 'YYYY-MM') as month from attendance_touched_section order by 1`,
  );
  return { changed, months: months.map((m) => m.month) };
}

async function createTouched(tx: Db): Promise<void> {
  await tx.exec(`
    create temporary table if not exists attendance_touched (employee_id uuid not null, month date not null) on commit drop;
    create temporary table if not exists attendance_touched_section (section_id uuid not null, month date not null) on commit drop;`);
}

/**
 * For months written straight into attendance_month by set-based SQL (the demo generator):
 * computes their totals and everything above, as the merge does.
 */
export async function refreshAggregatesForImport(tx: Db, importId: number): Promise<YearMonth[]> {
  await createTouched(tx);
  await tx.query(sql`
    insert into attendance_touched (employee_id, month)
    select employee_id, month from attendance_month where import_id = ${importId}`);
  await tx.exec(`
    insert into attendance_touched_section (section_id, month)
    select m.section_id, m.month from overtime_month m join attendance_touched t using (employee_id, month);

    insert into overtime_month as m (employee_id, month, section_id, is_managerial, overtime_minutes, in_office_minutes,
                                     days_recorded, last_work_date)
    select a.employee_id, a.month, e.section_id, e.is_managerial, t.overtime_minutes, t.in_office_minutes, t.days,
           a.month + (t.last_slot - 1)::int
      from attendance_month a
      join attendance_touched x on x.employee_id = a.employee_id and x.month = a.month
      join employee e on e.id = a.employee_id
      cross join lateral (select sum(o)::int as overtime_minutes, coalesce(sum(io), 0)::int as in_office_minutes,
                                 count(o)::int as days, max(slot) as last_slot
                            from unnest(a.overtime_minutes, a.in_office_minutes) with ordinality as u(o, io, slot)
                           where o is not null) t
    on conflict (employee_id, month) do update set
      section_id = excluded.section_id, is_managerial = excluded.is_managerial, overtime_minutes = excluded.overtime_minutes,
      in_office_minutes = excluded.in_office_minutes, days_recorded = excluded.days_recorded,
      last_work_date = excluded.last_work_date, updated_at = now();

    insert into attendance_touched_section (section_id, month)
    select distinct e.section_id, t.month from attendance_touched t join employee e on e.id = t.employee_id;`);
  await refreshAbove(tx);
  const months = await tx.query<{ month: string }>(
    // The months from the sections touched (a row per section and month, not per person): the same months.
    sql`select distinct to_char(month, 'YYYY-MM') as month from attendance_touched_section order by 1`,
  );
  return months.map((m) => m.month);
}

/**
 * Recomputes the years, sections and bureaus of the person-months in attendance_touched (their
 * overtime_month rows are already written; attendance_touched_section holds the sections concerned).
 */
async function refreshAbove(tx: Db): Promise<void> {
  if (tx.driver === 'postgres')
    await tx.exec('analyze attendance_touched; analyze attendance_touched_section');
  await tx.exec(`
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
  return transactionOnConnection(db.native as pg.Pool, fn);
}

export type { ImportSummary };

/** The last 50 imports, newest first, with who ran them (the import page's history). */
export async function recentImports(db: Db): Promise<ImportSummary[]> {
  return db.query<ImportSummary>(sql`
    select i.id, i.source, i.file_name as "fileName", i.row_count as "rowCount", i.changed_count as "changedCount",
           i.imported_at::text as "importedAt", e.family_name || ' ' || e.given_name as "importedBy"
      from attendance_import i left join employee e on e.id = i.imported_by
     order by i.id desc limit 50`);
}
