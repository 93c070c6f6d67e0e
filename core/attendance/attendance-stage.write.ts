import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import {
  BinaryWriter,
  writeArrayField,
  writeBoolField,
  writeDateField,
  writeHeader,
  writeInt4Field,
  writeNullField,
  writeTrailer,
  writeUuidField,
} from './attendance-stage.binary.ts';
import { DAY_FIELDS, FIELDS, type Slot, type StageMonth } from './attendance-stage.ts';

/**
 * Writing staged person-months into attendance_stage (attendance-stage.ts makes them): binary COPY
 * on the server, an INSERT of array literals on PGlite.
 */

/** The day arrays of a month as the ten fields of its staging row (NULL for a field empty all month). */
function writeDayFields(w: BinaryWriter, slots: readonly (readonly Slot[] | null)[], filled: number): void {
  for (let f = 0; f < FIELDS; f++)
    if (filled & (1 << f)) writeArrayField(w, DAY_FIELDS[f]!, slots[f]!);
    else writeNullField(w);
}

/** An element of a text array literal: always quoted, with backslash and double quote escaped. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The import transaction's own connection on the server (COPY goes through it); none on PGlite. */
export type StageClient = pg.PoolClient | undefined;

/** Where the rows go: COPY on the server (a connection of its own), a bulk INSERT on PGlite. */
export type StageWriter = (rows: readonly StageMonth[]) => Promise<void>;

/**
 * The one place that differs between the drivers. PostgreSQL gets COPY … FROM STDIN in binary form
 * (the fastest way in: attendance-stage.binary.ts); PGlite has no COPY from a stream, so it gets one INSERT … SELECT FROM unnest(arrays) per
 * chunk — still one statement per 5k person-months, never one per row.
 */
export function stageWriter(tx: Db, client?: pg.PoolClient): StageWriter {
  if (client) return (rows) => copyRows(client, rows);
  return (rows) => insertRows(tx, rows);
}

const COLUMNS =
  'employee_no, month, day_mask, day_count, overtime_total, in_office_total, last_day, start_time, end_time, ends_next_day, overtime_minutes, leave_type, leave_days, leave_minutes, in_office_minutes, logon_at, logoff_at, file_hash, stored';
const COLUMN_COUNT = 19;

async function copyRows(client: pg.PoolClient, rows: readonly StageMonth[]): Promise<void> {
  const stream = client.query(copyFrom(`copy attendance_stage (${COLUMNS}) from stdin with (format binary)`));
  await pipeline(Readable.from(copyChunks(rows)), stream);
}

/** The rows in binary COPY form, in chunks of about 256 kB. */
function* copyChunks(rows: readonly StageMonth[]): Generator<Buffer> {
  const CHUNK = 256 * 1024;
  let w = new BinaryWriter(CHUNK + 16 * 1024);
  writeHeader(w);
  for (const r of rows) {
    w.i16(COLUMN_COUNT);
    w.text(r.employeeNo);
    writeDateField(w, r.month);
    writeInt4Field(w, r.dayMask);
    writeInt4Field(w, r.dayCount);
    writeInt4Field(w, r.overtimeTotal);
    writeInt4Field(w, r.inOfficeTotal);
    writeInt4Field(w, r.lastDay);
    writeDayFields(w, r.slots, r.filled);
    writeUuidField(w, r.hash);
    writeBoolField(w, r.stored);
    if (w.pos >= CHUNK) {
      yield w.view();
      w = new BinaryWriter(CHUNK + 16 * 1024);
    }
  }
  writeTrailer(w);
  yield w.view();
}

/** A field's array literal for the PGlite INSERT ('{09:00,NULL,…}'), null when empty all month. */
function arrayLiteral(r: StageMonth, f: number): string | null {
  if (!(r.filled & (1 << f))) return null;
  const slots = r.slots[f]!;
  let out = '{';
  for (let i = 0; i < slots.length; i++) {
    const v = slots[i]!;
    if (i > 0) out += ',';
    out +=
      v === null
        ? 'NULL'
        : typeof v === 'string'
          ? quoted(v)
          : typeof v === 'boolean'
            ? v
              ? 't'
              : 'f'
            : String(v);
  }
  return `${out}}`;
}

const CHUNK = 5_000;

async function insertRows(tx: Db, rows: readonly StageMonth[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const col = (f: number) => part.map((r) => arrayLiteral(r, f));
    await tx.query(sql`
      insert into attendance_stage (employee_no, month, day_mask, day_count, overtime_total, in_office_total, last_day, start_time, end_time, ends_next_day,
                                    overtime_minutes, leave_type, leave_days, leave_minutes, in_office_minutes,
                                    logon_at, logoff_at, file_hash, stored)
      select no, month, mask, n, ot, io, last, a0::time[], a1::time[], a2::boolean[], a3::integer[], a4::text[], a5::numeric[],
             a6::integer[], a7::integer[], a8::timestamp[], a9::timestamp[], hash::uuid, stored
        from unnest(${part.map((r) => r.employeeNo)}::text[], ${part.map((r) => r.month)}::date[],
                    ${part.map((r) => r.dayMask)}::int[], ${part.map((r) => r.dayCount)}::int[],
                    ${part.map((r) => r.overtimeTotal)}::int[], ${part.map((r) => r.inOfficeTotal)}::int[],
                    ${part.map((r) => r.lastDay)}::int[],
                    ${col(0)}::text[], ${col(1)}::text[], ${col(2)}::text[], ${col(3)}::text[], ${col(4)}::text[],
                    ${col(5)}::text[], ${col(6)}::text[], ${col(7)}::text[], ${col(8)}::text[], ${col(9)}::text[],
                    ${part.map((r) => r.hash)}::text[], ${part.map((r) => r.stored)}::boolean[])
             as u(no, month, mask, n, ot, io, last, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, hash, stored)`);
  }
}
