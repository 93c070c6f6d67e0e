import { hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { AttendanceDay } from './attendance.parse.ts';

/**
 * The staging table of one import, one row per person and month as attendance_month stores it
 * (migration 0017: 31 slots per array, bit d − 1 of day_mask for day d). A temporary table that
 * lives until the transaction ends, so concurrent imports never see each other's rows and a failed
 * import leaves nothing behind.
 */
export async function createStage(tx: Db): Promise<void> {
  await tx.exec(`
    create temporary table if not exists attendance_stage (
      employee_no text not null,
      month date not null,
      day_mask integer not null,
      day_count integer not null,
      -- The file's own totals of the month: the month's totals when the file covers it wholly.
      overtime_total integer not null,
      in_office_total integer not null,
      last_day integer not null,
      -- The day arrays, 31 slots each; null for an array empty all month (less for COPY to read).
      start_time time[],
      end_time time[],
      ends_next_day boolean[],
      overtime_minutes integer[],
      leave_type text[],
      leave_days numeric[],
      leave_minutes integer[],
      in_office_minutes integer[],
      logon_at timestamp[],
      logoff_at timestamp[],
      -- The month's content as the file gives it (attendance_month.file_hash, migration 0024).
      file_hash uuid not null
    ) on commit drop`);
}

/** One person-month of the file, each array as its PostgreSQL literal ('{09:00,NULL,…}'). */
export interface StageMonth {
  employeeNo: string;
  /** 'YYYY-MM-01'. */
  month: string;
  dayMask: number;
  dayCount: number;
  overtimeTotal: number;
  inOfficeTotal: number;
  lastDay: number;
  arrays: string[];
  /** 32 hex digits of SHA-256 over the day mask and the arrays: equal hashes, equal days. */
  hash: string;
}

const SLOTS = 31;
const FIELDS = 10;
/** A month's slots before any day: copied (a packed array's copy is cheap) for each new month. */
const NULL_SLOTS: (string | number)[] = Array.from({ length: SLOTS }, () => 'NULL');
const ALL_NULL = `{${NULL_SLOTS.join(',')}}`;

interface MonthSlots {
  employeeNo: string;
  /** 'YYYY-MM'. */
  key: string;
  month: string;
  mask: number;
  count: number;
  overtime: number;
  inOffice: number;
  /** FIELDS arrays of SLOTS array-literal elements, 'NULL' where the day has no row. */
  slots: (string | number)[][];
  /** Bit f set when field f has a value on some day (the others are sent as ALL_NULL). */
  filled: number;
}

/**
 * Groups days (one per person and date: the parser refuses duplicates) into person-months as they
 * come, so a streaming parser can hand each day over and drop it. Each day writes its values into
 * the slot of its day of the month; the literals are joined once per month at the end, and serve
 * COPY and the PGlite INSERT alike.
 */
export class StageMonths {
  private readonly byPerson = new Map<string, Map<string, MonthSlots>>();
  days = 0;
  /** People whose months went to `onPerson`; `reopened` are those of them with days further down. */
  private readonly handed = new Set<string>();
  readonly reopened = new Set<string>();

  private readonly onPerson: ((months: StageMonth[]) => void) | undefined;

  private readonly reread: ((each: (d: AttendanceDay) => void) => void) | undefined;

  /**
   * With `onPerson`, a person's months are handed over as soon as the file moves on to the next
   * person (exports list a person's days together), so they can be merged while the rest is read;
   * their slots are dropped then, so a million-row file's days die young instead of all being kept
   * to the end. A person whose days come again later is `reopened`: `reread` goes through the
   * file's days once more at the end (rest) for their months, handed over again whole, to be merged
   * over what was merged of them before. A file in another order (by date, say) stops the handing
   * over after a few reopened people: the rest comes at the end.
   */
  constructor(
    onPerson?: (months: StageMonth[]) => void,
    reread?: (each: (d: AttendanceDay) => void) => void,
  ) {
    if (onPerson && !reread)
      throw new Error('StageMonths: handing people over needs a way to reread the file');
    this.onPerson = onPerson;
    this.reread = reread;
  }

  /** The month of the last day added: exports list a person's days together, in date order. */
  private last: MonthSlots | undefined;

  private monthOf(d: AttendanceDay): MonthSlots {
    let months = this.byPerson.get(d.employeeNo);
    if (!months) {
      months = new Map();
      this.byPerson.set(d.employeeNo, months);
    }
    const month = d.date.slice(0, 7);
    let m = months.get(month);
    if (!m) {
      const slots: (string | number)[][] = [];
      for (let f = 0; f < FIELDS; f++) slots.push(NULL_SLOTS.slice());
      m = {
        employeeNo: d.employeeNo,
        key: month,
        month: `${month}-01`,
        mask: 0,
        count: 0,
        overtime: 0,
        inOffice: 0,
        slots,
        filled: 0,
      };
      months.set(month, m);
    }
    return m;
  }

  add(d: AttendanceDay): void {
    let m = this.last;
    if (m === undefined || m.employeeNo !== d.employeeNo || !d.date.startsWith(m.key)) {
      if (this.onPerson && m !== undefined && m.employeeNo !== d.employeeNo)
        this.nextPerson(m.employeeNo, d.employeeNo);
      m = this.monthOf(d);
    }
    this.last = m;
    const i = (d.date.charCodeAt(8) - 48) * 10 + d.date.charCodeAt(9) - 49;
    m.mask |= 1 << i;
    m.count++;
    m.overtime += d.overtimeMinutes;
    m.inOffice += d.inOfficeMinutes ?? 0;
    const s = m.slots;
    let filled = m.filled | 0b1100;
    if (d.startTime !== null) {
      s[0]![i] = d.startTime;
      filled |= 1;
    }
    if (d.endTime !== null) {
      s[1]![i] = d.endTime;
      filled |= 2;
    }
    s[2]![i] = d.endsNextDay ? 't' : 'f';
    s[3]![i] = d.overtimeMinutes;
    if (d.leaveType !== null) {
      s[4]![i] = quoted(d.leaveType);
      filled |= 16;
    }
    if (d.leaveDays !== null) {
      s[5]![i] = d.leaveDays;
      filled |= 32;
    }
    if (d.leaveMinutes !== null) {
      s[6]![i] = d.leaveMinutes;
      filled |= 64;
    }
    if (d.inOfficeMinutes !== null) {
      s[7]![i] = d.inOfficeMinutes;
      filled |= 128;
    }
    if (d.logonAt !== null) {
      s[8]![i] = d.logonAt;
      filled |= 256;
    }
    if (d.logoffAt !== null) {
      s[9]![i] = d.logoffAt;
      filled |= 512;
    }
    m.filled = filled;
    this.days++;
  }

  private nextPerson(done: string, next: string): void {
    if (this.reopened.size < MAX_REOPENED && !this.handed.has(done)) {
      this.handed.add(done);
      this.onPerson!(this.personMonths(done));
      this.byPerson.delete(done);
    }
    if (this.handed.has(next)) this.reopened.add(next);
  }

  private personMonths(employeeNo: string): StageMonth[] {
    return [...(this.byPerson.get(employeeNo)?.values() ?? [])].map(stageMonth);
  }

  /** Every month of the file (without `onPerson`: with it, handed-over months are gone). */
  months(): StageMonth[] {
    const out: StageMonth[] = [];
    for (const months of this.byPerson.values()) for (const m of months.values()) out.push(stageMonth(m));
    return out;
  }

  /** The months not handed to `onPerson` yet, and those of the reopened people again. */
  rest(): StageMonth[] {
    if (this.reopened.size > 0) {
      // Their earlier months were dropped when handed over: the file gives them again whole.
      const again = new StageMonths();
      this.reread!((d) => {
        if (this.reopened.has(d.employeeNo)) again.add(d);
      });
      for (const no of this.reopened) this.byPerson.set(no, again.byPerson.get(no)!);
    }
    const out: StageMonth[] = [];
    for (const [no, months] of this.byPerson)
      if (!this.handed.has(no) || this.reopened.has(no))
        for (const m of months.values()) out.push(stageMonth(m));
    return out;
  }
}

/** After this many people come back further down the file, it is staged at the end instead. */
const MAX_REOPENED = 64;

function stageMonth(m: MonthSlots): StageMonth {
  // Most exports leave several fields empty all month: their literal is a constant.
  const arrays = m.slots.map((slots, f) => (m.filled & (1 << f) ? `{${slots.join(',')}}` : ALL_NULL));
  return {
    employeeNo: m.employeeNo,
    month: m.month,
    dayMask: m.mask,
    dayCount: m.count,
    overtimeTotal: m.overtime,
    inOfficeTotal: m.inOffice,
    lastDay: 32 - Math.clz32(m.mask),
    arrays,
    hash: monthHash(m.mask, arrays),
  };
}

/** What attendance_month.file_hash holds for a month written from these days (migration 0024). */
function monthHash(mask: number, arrays: readonly string[]): string {
  // The one-shot form: no Hash object a month (50,000 months a million-row file).
  return hash('sha256', `${mask}\t${arrays.join('\t')}`, 'hex').slice(0, 32);
}

export function toStageMonths(days: readonly AttendanceDay[]): StageMonth[] {
  const stage = new StageMonths();
  for (const d of days) stage.add(d);
  return stage.months();
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
 * The one place that differs between the drivers. PostgreSQL gets COPY … FROM STDIN (the fastest
 * way in); PGlite has no COPY from a stream, so it gets one INSERT … SELECT FROM unnest(arrays) per
 * chunk — still one statement per 5k person-months, never one per row.
 */
export function stageWriter(tx: Db, client?: pg.PoolClient): StageWriter {
  if (client) return (rows) => copyRows(client, rows);
  return (rows) => insertRows(tx, rows);
}

const COLUMNS =
  'employee_no, month, day_mask, day_count, overtime_total, in_office_total, last_day, start_time, end_time, ends_next_day, overtime_minutes, leave_type, leave_days, leave_minutes, in_office_minutes, logon_at, logoff_at, file_hash';

async function copyRows(client: pg.PoolClient, rows: readonly StageMonth[]): Promise<void> {
  const stream = client.query(copyFrom(`copy attendance_stage (${COLUMNS}) from stdin with (format text)`));
  await pipeline(Readable.from(copyLines(rows)), stream);
}

function* copyLines(rows: readonly StageMonth[]): Generator<string> {
  let chunk = '';
  for (const r of rows) {
    // Only the employee number and the leave type's text can hold characters COPY escapes.
    chunk += `${text(r.employeeNo)}\t${r.month}\t${r.dayMask}\t${r.dayCount}\t${r.overtimeTotal}\t${r.inOfficeTotal}\t${r.lastDay}`;
    for (let f = 0; f < FIELDS; f++) {
      const a = r.arrays[f]!;
      chunk += a === ALL_NULL ? '\t\\N' : `\t${f === 4 ? text(a) : a}`;
    }
    chunk += `\t${r.hash}\n`;
    if (chunk.length > 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** COPY text format: backslash, tab and line breaks are escaped. */
function text(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

const CHUNK = 5_000;

async function insertRows(tx: Db, rows: readonly StageMonth[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const col = (f: number) => part.map((r) => (r.arrays[f] === ALL_NULL ? null : r.arrays[f]!));
    await tx.query(sql`
      insert into attendance_stage (employee_no, month, day_mask, day_count, overtime_total, in_office_total, last_day, start_time, end_time, ends_next_day,
                                    overtime_minutes, leave_type, leave_days, leave_minutes, in_office_minutes,
                                    logon_at, logoff_at, file_hash)
      select no, month, mask, n, ot, io, last, a0::time[], a1::time[], a2::boolean[], a3::integer[], a4::text[], a5::numeric[],
             a6::integer[], a7::integer[], a8::timestamp[], a9::timestamp[], hash::uuid
        from unnest(${part.map((r) => r.employeeNo)}::text[], ${part.map((r) => r.month)}::date[],
                    ${part.map((r) => r.dayMask)}::int[], ${part.map((r) => r.dayCount)}::int[],
                    ${part.map((r) => r.overtimeTotal)}::int[], ${part.map((r) => r.inOfficeTotal)}::int[],
                    ${part.map((r) => r.lastDay)}::int[],
                    ${col(0)}::text[], ${col(1)}::text[], ${col(2)}::text[], ${col(3)}::text[], ${col(4)}::text[],
                    ${col(5)}::text[], ${col(6)}::text[], ${col(7)}::text[], ${col(8)}::text[], ${col(9)}::text[],
                    ${part.map((r) => r.hash)}::text[])
             as u(no, month, mask, n, ot, io, last, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, hash)`);
  }
}
