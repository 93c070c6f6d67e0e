import { hash } from 'node:crypto';
import type { Db } from '../db/db.ts';
import type { AttendanceDay } from './attendance.parse.ts';
import { BinaryWriter, clockSeconds, type ElementType, momentMs } from './attendance-stage.binary.ts';

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
      file_hash uuid not null,
      -- The month is stored already (lookUpStoredMonths): only then is it compared with what is.
      stored boolean not null
    ) on commit drop`);
}

/** A day's value in its slot of a month array (null: no such value that day, or no row). */
export type Slot = string | number | boolean | null;

/** One person-month of the file: its days in 31 slots per field, as attendance_month stores them. */
export interface StageMonth {
  employeeNo: string;
  /** 'YYYY-MM-01'. */
  month: string;
  dayMask: number;
  dayCount: number;
  overtimeTotal: number;
  inOfficeTotal: number;
  lastDay: number;
  /** FIELDS arrays of SLOTS values, in DAY_FIELDS' order; null for a field empty all month. */
  slots: readonly (readonly Slot[] | null)[];
  /** Bit f set when field f has a value on some day (the others are staged as NULL). */
  filled: number;
  /** 32 hex digits of SHA-256 over the day mask and the arrays: equal hashes, equal days. */
  hash: string;
  /** Set by lookUpStoredMonths when the person-month is stored already (in any form). */
  stored: boolean;
}

const SLOTS = 31;
/** The day fields in attendance_month's order (DAY_ARRAYS) with their element types. */
export const DAY_FIELDS: readonly ElementType[] = [
  'time', // start_time
  'time', // end_time
  'bool', // ends_next_day
  'int4', // overtime_minutes
  'text', // leave_type
  'numeric', // leave_days
  'int4', // leave_minutes
  'int4', // in_office_minutes
  'timestamp', // logon_at
  'timestamp', // logoff_at
];
export const FIELDS = DAY_FIELDS.length;
/** A month's slots before any day: copied (a packed array's copy is cheap) for each new month. */
const NULL_SLOTS: Slot[] = Array.from({ length: SLOTS }, () => null);

interface MonthSlots {
  employeeNo: string;
  /** 'YYYY-MM'. */
  key: string;
  month: string;
  mask: number;
  count: number;
  overtime: number;
  inOffice: number;
  /** A field's slots once it has a value (filled), else null. */
  slots: (Slot[] | null)[];
  filled: number;
}

/**
 * Groups days (one per person and date: the parser refuses duplicates) into person-months as they
 * come, so a streaming parser can hand each day over and drop it. Each day writes its values into
 * the slot of its day of the month; the writers encode the slots (binary COPY on the server, array
 * literals on PGlite).
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
      const slots: (Slot[] | null)[] = [null, null, null, null, null, null, null, null, null, null];
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
    // A field's 31 slots are made when its first value comes (most exports leave half of them
    // empty all month: no array for those).
    const s = m.slots;
    let filled = m.filled | 0b1100;
    put(s, 2, i, d.endsNextDay);
    put(s, 3, i, d.overtimeMinutes);
    if (d.startTime !== null) {
      put(s, 0, i, d.startTime);
      filled |= 1;
    }
    if (d.endTime !== null) {
      put(s, 1, i, d.endTime);
      filled |= 2;
    }
    if (d.leaveType !== null) {
      put(s, 4, i, d.leaveType);
      filled |= 16;
    }
    if (d.leaveDays !== null) {
      put(s, 5, i, d.leaveDays);
      filled |= 32;
    }
    if (d.leaveMinutes !== null) {
      put(s, 6, i, d.leaveMinutes);
      filled |= 64;
    }
    if (d.inOfficeMinutes !== null) {
      put(s, 7, i, d.inOfficeMinutes);
      filled |= 128;
    }
    if (d.logonAt !== null) {
      put(s, 8, i, d.logonAt);
      filled |= 256;
    }
    if (d.logoffAt !== null) {
      put(s, 9, i, d.logoffAt);
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

/** Slot i of field f, the field's array made on its first value. */
function put(slots: (Slot[] | null)[], f: number, i: number, v: Slot): void {
  let a = slots[f];
  if (a === null || a === undefined) {
    a = NULL_SLOTS.slice();
    slots[f] = a;
  }
  a[i] = v;
}

/** After this many people come back further down the file, it is staged at the end instead. */
const MAX_REOPENED = 64;

function stageMonth(m: MonthSlots): StageMonth {
  const hash = monthHash(m.mask, m.slots, m.filled);
  return {
    employeeNo: m.employeeNo,
    month: m.month,
    dayMask: m.mask,
    dayCount: m.count,
    overtimeTotal: m.overtime,
    inOfficeTotal: m.inOffice,
    lastDay: 32 - Math.clz32(m.mask),
    slots: m.slots,
    filled: m.filled,
    hash,
    stored: false,
  };
}

const scratch = new BinaryWriter();

/**
 * What attendance_month.file_hash holds for a month written from these days (migration 0024):
 * SHA-256 over the day mask and the days' values in a compact form of their own (hashInput), the
 * same on either driver. A re-import hashes every month of the file and copies almost none: the
 * COPY form, four times larger, is made only for the months that are copied.
 */
function monthHash(mask: number, slots: readonly (readonly Slot[] | null)[], filled: number): string {
  scratch.reset();
  scratch.i32(mask);
  hashInput(scratch, slots, filled);
  return hash('sha256', scratch.view(), 'hex').slice(0, 32);
}

/**
 * The days as the hash reads them: per field a bitmap of the days with a value (0: none all month),
 * then those values in day order — clocks in seconds, moments in milliseconds, numbers as doubles,
 * text with its length. One reading only: equal inputs, equal days.
 */
function hashInput(w: BinaryWriter, slots: readonly (readonly Slot[] | null)[], filled: number): void {
  for (let f = 0; f < FIELDS; f++) {
    const a = slots[f];
    if (!(filled & (1 << f)) || !a) {
      w.i32(0);
      continue;
    }
    let present = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== null) present |= 1 << i;
    w.i32(present);
    const type = DAY_FIELDS[f]!;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v === null || v === undefined) continue;
      w.ensure(8);
      switch (type) {
        case 'time':
          w.put32(clockSeconds(v as string));
          break;
        case 'timestamp':
          w.put64(momentMs(v as string));
          break;
        case 'bool':
          w.buf[w.pos++] = v ? 1 : 0;
          break;
        case 'int4':
          w.put32(v as number);
          break;
        case 'numeric':
          w.putF64(v as number);
          break;
        case 'text':
          w.text(v as string);
          break;
      }
    }
  }
}

export function toStageMonths(days: readonly AttendanceDay[]): StageMonth[] {
  const stage = new StageMonths();
  for (const d of days) stage.add(d);
  return stage.months();
}
