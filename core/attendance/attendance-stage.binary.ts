/**
 * PostgreSQL's binary COPY format for the staging rows of an import (attendance-stage.ts). The text
 * format makes the server parse every element of every day array (31 slots, ten arrays a month):
 * for a million-day file that was a third of the database's work, and the binary form is read about
 * three times faster. The format is PostgreSQL's own wire format ("COPY … WITH (FORMAT binary)",
 * and each type's *_send/_recv): big-endian lengths and values, -1 for a NULL.
 *
 * Written by hand: node-postgres has no binary COPY writer, and the few packages that do (pg-copy-
 * streams-binary, unmaintained since 2020) build an object per value, which is the cost this avoids.
 * The values are the import's own, already checked by the parser: 'HH:MM' clocks, 'YYYY-MM-DDTHH:MM'
 * Japan-time moments, whole minutes, leave days in (0, 1].
 */

/** The header of a binary COPY stream: signature, flags, header extension length. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Element type OIDs (pg_type), checked by array_recv against the column's. */
export const OID = {
  bool: 16,
  int4: 23,
  text: 25,
  time: 1083,
  timestamp: 1114,
  numeric: 1700,
} as const;

export type ElementType = keyof typeof OID;

/** 2000-01-01, PostgreSQL's epoch for dates and timestamps. */
const EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const TWO_32 = 4_294_967_296;

/** A growing buffer written front to back. */
export class BinaryWriter {
  buf: Buffer;
  pos = 0;

  constructor(size = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  // Byte by byte: Buffer's writeInt32BE checks its arguments on every call, which was most of the
  // encoding's time for a million days.
  i16(v: number): void {
    this.ensure(2);
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 8;
    b[p + 1] = v;
    this.pos = p + 2;
  }

  i32(v: number): void {
    this.ensure(4);
    this.put32(v);
  }

  /** i32 without the room check (the caller ensured it). */
  put32(v: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
    this.pos = p + 4;
  }

  /** A signed 64-bit integer given as a JS number (exact up to 2^53); no room check. */
  put64(v: number): void {
    const hi = Math.floor(v / TWO_32);
    this.put32(hi);
    this.put32(v - hi * TWO_32);
  }

  /** An IEEE 754 double; no room check. */
  putF64(v: number): void {
    this.pos = this.buf.writeDoubleBE(v, this.pos);
  }

  /** Bytes as they are. */
  bytes(v: Uint8Array): void {
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  /** A field: its length, then its UTF-8 bytes. */
  text(v: string): void {
    const n = Buffer.byteLength(v, 'utf8');
    this.ensure(4 + n);
    this.put32(n);
    this.pos += this.buf.write(v, this.pos, 'utf8');
  }

  /** The bytes written so far (a view: the next write may reuse them). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }
}

export function writeHeader(w: BinaryWriter): void {
  w.ensure(SIGNATURE.length + 8);
  w.pos += SIGNATURE.copy(w.buf, w.pos);
  w.i32(0);
  w.i32(0);
}

export function writeTrailer(w: BinaryWriter): void {
  w.i16(-1);
}

/** A field holding an int4. */
export function writeInt4Field(w: BinaryWriter, v: number): void {
  w.i32(4);
  w.i32(v);
}

/** A field holding a date 'YYYY-MM-DD' (days since 2000-01-01). */
export function writeDateField(w: BinaryWriter, isoDate: string): void {
  w.i32(4);
  w.i32(
    Math.round(
      (Date.UTC(num(isoDate, 0, 4), num(isoDate, 5, 2) - 1, num(isoDate, 8, 2)) - EPOCH_MS) / DAY_MS,
    ),
  );
}

/** A field holding a uuid given as 32 hex digits. */
export function writeUuidField(w: BinaryWriter, hex: string): void {
  w.i32(16);
  w.ensure(16);
  const written = hex.length === 32 ? w.buf.write(hex, w.pos, 'hex') : 0;
  if (written !== 16) throw new Error(`not a uuid of 32 hex digits: ${hex}`);
  w.pos += 16;
}

/** A field holding a boolean. */
export function writeBoolField(w: BinaryWriter, v: boolean): void {
  w.i32(1);
  w.ensure(1);
  w.buf[w.pos++] = v ? 1 : 0;
}

export function writeNullField(w: BinaryWriter): void {
  w.i32(-1);
}

type Slot = string | number | boolean | null;

/**
 * A field holding a one-dimensional array of `slots.length` elements, lower bound 1, NULL where a
 * slot is null.
 */
export function writeArrayField(w: BinaryWriter, type: ElementType, slots: readonly Slot[]): void {
  w.ensure(24);
  const lengthAt = w.pos;
  w.put32(0);
  const start = w.pos;
  w.put32(1);
  const nullsAt = w.pos;
  w.put32(0);
  w.put32(OID[type]);
  w.put32(slots.length);
  w.put32(1);
  let nulls = 0;
  for (const v of slots) {
    // A text or numeric element may have used up the room reserved above.
    w.ensure(12);
    if (v === null) {
      w.put32(-1);
      nulls = 1;
      continue;
    }
    switch (type) {
      case 'time':
        w.put32(8);
        w.put64(clockSeconds(v as string) * 1_000_000);
        break;
      case 'timestamp':
        w.put32(8);
        w.put64(momentMs(v as string) * 1000);
        break;
      case 'bool':
        w.put32(1);
        w.buf[w.pos++] = v ? 1 : 0;
        break;
      case 'int4':
        w.put32(4);
        w.put32(v as number);
        break;
      case 'text':
        w.text(v as string);
        break;
      case 'numeric':
        writeNumeric(w, v as number);
        break;
    }
  }
  const end = w.pos;
  w.pos = nullsAt;
  w.put32(nulls);
  w.pos = lengthAt;
  w.put32(end - start);
  w.pos = end;
}

function num(text: string, from: number, length: number): number {
  let v = 0;
  for (let i = from; i < from + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new Error(`not a digit at ${i} of ${text}`);
    v = v * 10 + d;
  }
  return v;
}

/** 'HH:MM' or 'HH:MM:SS' → seconds since midnight. */
export function clockSeconds(clock: string): number {
  if (clock.length === 5 && clock.charCodeAt(2) === 58)
    return (num(clock, 0, 2) * 60 + num(clock, 3, 2)) * 60;
  if (clock.length === 8 && clock.charCodeAt(2) === 58 && clock.charCodeAt(5) === 58)
    return (num(clock, 0, 2) * 60 + num(clock, 3, 2)) * 60 + num(clock, 6, 2);
  throw new Error(`not a clock time: ${clock}`);
}

/** 'YYYY-MM-DDTHH:MM' (or with a space, or with :SS) → milliseconds since 2000-01-01 00:00. */
export function momentMs(moment: string): number {
  const seconds = clockSeconds(moment.slice(11));
  return Date.UTC(num(moment, 0, 4), num(moment, 5, 2) - 1, num(moment, 8, 2)) - EPOCH_MS + seconds * 1000;
}

/**
 * numeric_send: ndigits, weight, sign, dscale, then base-10000 digits. The value is written as its
 * shortest decimal text (what the text path sends), so both paths store the same scale.
 */
function writeNumeric(w: BinaryWriter, v: number): void {
  if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  const text = plainDecimal(Math.abs(v));
  const point = text.indexOf('.');
  const whole = point === -1 ? text : text.slice(0, point);
  const fraction = point === -1 ? '' : text.slice(point + 1);
  const intPart = whole.padStart(Math.ceil(whole.length / 4) * 4, '0');
  const fracPart = fraction.padEnd(Math.ceil(fraction.length / 4) * 4, '0');
  const all = intPart + fracPart;
  const digits: number[] = [];
  for (let i = 0; i < all.length; i += 4) digits.push(Number(all.slice(i, i + 4)));
  let weight = intPart.length / 4 - 1;
  while (digits.length > 0 && digits[0] === 0) {
    digits.shift();
    weight--;
  }
  while (digits.length > 0 && digits[digits.length - 1] === 0) digits.pop();
  if (digits.length === 0) weight = 0;
  w.i32(8 + 2 * digits.length);
  w.i16(digits.length);
  w.i16(weight);
  w.i16(v < 0 && digits.length > 0 ? 0x4000 : 0);
  w.i16(fraction.length);
  for (const d of digits) w.i16(d);
}

/**
 * A number's shortest decimal text without an exponent: 1e-21 → 0.000000000000000000001, the
 * digits PostgreSQL reads from String(v) on the text path (toFixed would round past 20 decimals).
 */
export function plainDecimal(v: number): string {
  const text = String(v);
  const e = text.indexOf('e');
  if (e === -1) return text;
  const mantissa = text.slice(0, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = point === -1 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  const at = (point === -1 ? mantissa.length : point) + exponent;
  if (at <= 0) return `0.${'0'.repeat(-at)}${digits}`;
  if (at >= digits.length) return digits + '0'.repeat(at - digits.length);
  return `${digits.slice(0, at)}.${digits.slice(at)}`;
}
