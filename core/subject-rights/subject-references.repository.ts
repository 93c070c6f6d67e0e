import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';

/** A column that holds an employee's id: a foreign key to employee(id), or an unkeyed employee_id. */
export interface EmployeeColumn {
  table: string;
  column: string;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Every column of the app's schema that points at an employee, read from the catalogue rather than
 * listed by hand: a table added by a later migration is exported and erased without anyone having
 * to remember this file. attendance_month.employee_id has no foreign key (bulk loads), so unkeyed
 * uuid columns named employee_id count as well.
 */
export async function employeeColumns(db: Db): Promise<EmployeeColumn[]> {
  const rows = await db.query<EmployeeColumn>(sql`
    select distinct cl.relname::text as "table", att.attname::text as "column"
      from pg_constraint c
      join pg_class cl on cl.oid = c.conrelid
      join pg_class ref on ref.oid = c.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
      join lateral unnest(c.conkey) as k(attnum) on true
      join pg_attribute att on att.attrelid = cl.oid and att.attnum = k.attnum
     where c.contype = 'f' and ref.relname = 'employee' and n.nspname = current_schema()
    union
    select c.table_name::text, c.column_name::text
      from information_schema.columns c
      -- Tables only: a view (attendance_day, the days of attendance_month) shows rows already counted.
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                                      and t.table_type = 'BASE TABLE'
     where c.table_schema = current_schema() and c.column_name = 'employee_id' and c.data_type = 'uuid'
     order by 1, 2`);
  // Names come from the catalogue, but they are spliced into SQL: refuse anything unexpected.
  return rows.filter((r) => IDENT.test(r.table) && IDENT.test(r.column));
}

const quote = (name: string) => `"${name}"`;

/**
 * Tables a person reads better through a view of the same rows: attendance_month holds a month's
 * days as 31-slot arrays (migration 0017); the export lists them as days.
 */
const READ_AS: Record<string, string> = { attendance_month: 'attendance_day' };

/** All rows of one table where the column is this person (for the export). */
export async function rowsOf(
  db: Db,
  col: EmployeeColumn,
  employeeId: string,
): Promise<Record<string, unknown>[]> {
  return db.query<Record<string, unknown>>({
    text: `select * from ${quote(READ_AS[col.table] ?? col.table)} where ${quote(col.column)} = $1::uuid`,
    values: [employeeId],
  });
}

/** Points every reference to one person at another row (the anonymous stand-in). */
export async function repoint(db: Db, col: EmployeeColumn, from: string, to: string): Promise<number> {
  const rows = await db.query({
    text: `update ${quote(col.table)} set ${quote(col.column)} = $2::uuid where ${quote(col.column)} = $1::uuid returning 1`,
    values: [from, to],
  });
  return rows.length;
}

/** Deletes the rows of one table that belong to the person. */
export async function deleteRowsOf(db: Db, col: EmployeeColumn, employeeId: string): Promise<number> {
  const rows = await db.query({
    text: `delete from ${quote(col.table)} where ${quote(col.column)} = $1::uuid returning 1`,
    values: [employeeId],
  });
  return rows.length;
}
