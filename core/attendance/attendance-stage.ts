import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { AttendanceDay } from './attendance.parse.ts';

/**
 * The staging table of one import: a temporary table that lives until the transaction ends, so
 * concurrent imports never see each other's rows and a failed import leaves nothing behind.
 */
export async function createStage(tx: Db): Promise<void> {
  await tx.exec(`
    create temporary table if not exists attendance_stage (
      line integer not null,
      employee_no text not null,
      work_date date not null,
      start_time time,
      end_time time,
      ends_next_day boolean not null,
      overtime_minutes integer not null,
      leave_type text,
      leave_days numeric(3, 1),
      leave_minutes integer,
      in_office_minutes integer,
      logon_at timestamp,
      logoff_at timestamp
    ) on commit drop`);
}

/** Where the rows go: COPY on the server (a connection of its own), a bulk INSERT on PGlite. */
export type StageWriter = (rows: readonly AttendanceDay[]) => Promise<void>;

/**
 * The one place that differs between the drivers. PostgreSQL gets COPY … FROM STDIN (the fastest
 * way in); PGlite has no COPY from a stream, so it gets one INSERT … SELECT FROM unnest(arrays) per
 * chunk — still one statement per 20k rows, never one per row.
 */
export function stageWriter(tx: Db, client?: pg.PoolClient): StageWriter {
  if (client) return (rows) => copyRows(client, rows);
  return (rows) => insertRows(tx, rows);
}

const COLUMNS =
  'line, employee_no, work_date, start_time, end_time, ends_next_day, overtime_minutes, leave_type, leave_days, leave_minutes, in_office_minutes, logon_at, logoff_at';

async function copyRows(client: pg.PoolClient, rows: readonly AttendanceDay[]): Promise<void> {
  const stream = client.query(copyFrom(`copy attendance_stage (${COLUMNS}) from stdin with (format text)`));
  await pipeline(Readable.from(copyLines(rows)), stream);
}

function* copyLines(rows: readonly AttendanceDay[]): Generator<string> {
  // Built by concatenation, not an array map/join per row: this runs once per row of the file.
  let chunk = '';
  for (const r of rows) {
    chunk += `${r.line}\t${text(r.employeeNo)}\t${r.date}\t${nullable(r.startTime)}\t${nullable(r.endTime)}\t${
      r.endsNextDay ? 't' : 'f'
    }\t${r.overtimeMinutes}\t${nullable(text(r.leaveType))}\t${nullable(r.leaveDays)}\t${nullable(r.leaveMinutes)}\t${nullable(
      r.inOfficeMinutes,
    )}\t${nullable(r.logonAt)}\t${nullable(r.logoffAt)}\n`;
    if (chunk.length > 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function nullable(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '\\N' : String(value);
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** COPY text format: backslash, tab and line breaks are escaped; null stays null. */
function text(value: string | null): string | null {
  if (value === null || !NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

const CHUNK = 20_000;

async function insertRows(tx: Db, rows: readonly AttendanceDay[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await tx.query(sql`
      insert into attendance_stage (line, employee_no, work_date, start_time, end_time, ends_next_day, overtime_minutes,
                                    leave_type, leave_days, leave_minutes, in_office_minutes, logon_at, logoff_at)
      select * from unnest(
        ${part.map((r) => r.line)}::int[], ${part.map((r) => r.employeeNo)}::text[], ${part.map((r) => r.date)}::date[],
        ${part.map((r) => r.startTime)}::time[], ${part.map((r) => r.endTime)}::time[], ${part.map((r) => r.endsNextDay)}::boolean[],
        ${part.map((r) => r.overtimeMinutes)}::int[], ${part.map((r) => r.leaveType)}::text[], ${part.map((r) => r.leaveDays)}::numeric[],
        ${part.map((r) => r.leaveMinutes)}::int[], ${part.map((r) => r.inOfficeMinutes)}::int[],
        ${part.map((r) => r.logonAt)}::timestamp[], ${part.map((r) => r.logoffAt)}::timestamp[])`);
  }
}
