/**
 * An attendance CSV as a whole: the records of a file, a stream or slices of it, each read by
 * attendance.record.ts and checked against the records before (one row per person and day).
 */
import type { IsoDate } from '../shared/calendar.ts';
import { type CsvRow, decodeText, readCsv, readCsvInSlices, recordOf } from '../shared/csv.ts';
import { type AttendanceMapping, defaultAttendanceMapping } from './attendance.mapping.ts';
import { plainRowReader } from './attendance.plain-row.ts';
import {
  type AttendanceColumns,
  type AttendanceDay,
  type AttendanceFieldError,
  type AttendanceRecordResult,
  attendanceError,
  parseAttendanceRecord,
  resolveAttendanceHeader,
} from './attendance.record.ts';

// The types the import and its tests name, where they have always been imported from.
export type { AttendanceColumns, AttendanceDay, AttendanceFieldError, AttendanceRecordResult };

export interface AttendanceParser {
  readonly columns: AttendanceColumns;
  /** Errors of the header; when any, records are not worth reading (the mapping does not fit). */
  readonly headerErrors: readonly AttendanceFieldError[];
  /** Parses one record and checks it against the records pushed before (one row per person and day). */
  push(record: CsvRow): AttendanceRecordResult;
  /** The same, for a record as its line and its cells in the header's order (readCsv). */
  pushCells(line: number, cells: readonly string[]): AttendanceRecordResult;
  /**
   * pushCells handing the row to `good` and the errors to `bad`, without a result object: a
   * million-row file's reader (parseAttendanceCsv) allocates nothing a row it does not keep.
   */
  eachCells(
    line: number,
    cells: readonly string[],
    good: (row: AttendanceDay) => void,
    bad: (error: AttendanceFieldError) => void,
  ): void;
  /** Every employee number seen: the DB layer checks that each exists before the import. */
  readonly employeeNos: ReadonlySet<string>;
}

/** Shared by the good rows of the plain-row reader (callers only read it). */
const NO_ERRORS: AttendanceFieldError[] = [];

/**
 * The stateful half, for streams: it keeps the first line of each employee+date (to report
 * duplicates, 31 lines in a typed array per person-month) and the employee numbers.
 */
export function createAttendanceParser(
  header: readonly string[],
  mapping: AttendanceMapping = defaultAttendanceMapping,
  headerLine = 1,
): AttendanceParser {
  const { columns, errors: headerErrors } = resolveAttendanceHeader(header, mapping, headerLine);
  // Per employee and month ('YYYY-MM' as yyyymm), the first line of each day of the month (0 for a
  // day not seen yet): one small typed array a person-month instead of a map entry a row, which a
  // million-row file kept alive to the end (and the garbage collector went through again and again).
  const firstLinesOf = new Map<string, Map<number, Int32Array>>();
  const employeeNos = new Set<string>();
  const plainRow = plainRowReader(columns, mapping);

  /** The duplicate-day error of this line, or undefined when it is the first of its person and date. */
  // Exports list a person's days together, month by month: the last person-month is usually the one.
  let lastNo: string | undefined;
  let lastMonth = -1;
  let lastMonths = new Map<number, Int32Array>();
  let lastLines: Int32Array = new Int32Array(31);
  const duplicateOf = (line: number, employeeNo: string, date: IsoDate) => {
    const month = monthKey(date);
    if (employeeNo !== lastNo) {
      let months = firstLinesOf.get(employeeNo);
      if (!months) {
        months = new Map();
        firstLinesOf.set(employeeNo, months);
        employeeNos.add(employeeNo);
      }
      lastNo = employeeNo;
      lastMonths = months;
      lastMonth = -1;
    }
    if (month !== lastMonth) {
      let lines = lastMonths.get(month);
      if (!lines) {
        lines = new Int32Array(31);
        lastMonths.set(month, lines);
      }
      lastMonth = month;
      lastLines = lines;
    }
    const day = (date.charCodeAt(8) - 48) * 10 + date.charCodeAt(9) - 49;
    const first = lastLines[day]!;
    if (first === 0) {
      lastLines[day] = line;
      return undefined;
    }
    return attendanceError(
      line,
      columns.column.date,
      'duplicate_day',
      `${mapping.columns.date}: ${employeeNo} on ${date} is already on line ${first}`,
      { column: mapping.columns.date, employeeNo, date, first },
    );
  };

  const push = (record: CsvRow): AttendanceRecordResult => {
    const result = parseAttendanceRecord(record, columns, mapping);
    const { employeeNo, date } = result.identity ?? {};
    if (employeeNo !== undefined) employeeNos.add(employeeNo);
    if (employeeNo === undefined || date === undefined) return result;
    const duplicate = duplicateOf(record.line, employeeNo, date);
    if (duplicate === undefined) return result;
    return { errors: [...result.errors, duplicate], identity: result.identity };
  };

  return {
    columns,
    headerErrors,
    employeeNos,
    push,
    pushCells(line, cells) {
      const row = plainRow(line, cells);
      // Anything but the plain cells of a good row takes the general reader, for its messages.
      if (row === undefined) return push(recordOf(header, line, cells));
      // duplicateOf adds the number to employeeNos with the person's first day.
      const identity = { employeeNo: row.employeeNo, date: row.date };
      const duplicate = duplicateOf(line, row.employeeNo, row.date);
      if (duplicate === undefined) return { row, errors: NO_ERRORS, identity };
      return { errors: [duplicate], identity };
    },
    eachCells(line, cells, good, bad) {
      const row = plainRow(line, cells);
      if (row === undefined) {
        const result = push(recordOf(header, line, cells));
        if (result.row) good(result.row);
        for (const e of result.errors) bad(e);
        return;
      }
      const duplicate = duplicateOf(line, row.employeeNo, row.date);
      if (duplicate === undefined) good(row);
      else bad(duplicate);
    },
  };
}

/** The month of a date (YYYY-MM-DD) as yyyymm: a cheaper map key than the string. */
function monthKey(date: IsoDate): number {
  let key = 0;
  for (let i = 0; i < 7; i++) if (i !== 4) key = key * 10 + date.charCodeAt(i) - 48;
  return key;
}

export interface AttendanceParseResult {
  rows: AttendanceDay[];
  /** Every problem in the file; the import is refused if there is any. */
  errors: AttendanceFieldError[];
  employeeNos: ReadonlySet<string>;
  encoding: 'utf-8' | 'shift_jis';
  /** Where each field sits (for messages about a row found wrong later, e.g. an unknown employee). */
  columns: AttendanceColumns;
}

/** A whole export (bytes as uploaded, Shift_JIS or UTF-8 with or without BOM, or decoded text). */
export function parseAttendanceCsv(
  input: Uint8Array | string,
  mapping: AttendanceMapping = defaultAttendanceMapping,
  /** When given, each good row goes here instead of into `rows` (which stays empty): nothing is kept. */
  onRow?: (row: AttendanceDay) => void,
): AttendanceParseResult {
  const run = attendanceRun(input, mapping, onRow);
  readCsv(run.text, run.start);
  return run.result();
}

/**
 * parseAttendanceCsv handing each good row to `onRow` in slices of records, awaiting `pause`
 * between them (the import streams the person-months to COPY while the file is read).
 */
export async function parseAttendanceCsvInSlices(
  input: Uint8Array | string,
  mapping: AttendanceMapping,
  onRow: (row: AttendanceDay) => void,
  pause: () => Promise<void>,
): Promise<AttendanceParseResult> {
  const run = attendanceRun(input, mapping, onRow);
  await readCsvInSlices(run.text, run.start, pause, 2_000);
  return run.result();
}

function attendanceRun(
  input: Uint8Array | string,
  mapping: AttendanceMapping,
  onRow: ((row: AttendanceDay) => void) | undefined,
) {
  const { text, encoding } =
    typeof input === 'string' ? { text: input, encoding: 'utf-8' as const } : decodeText(input);
  const rows: AttendanceDay[] = [];
  const errors: AttendanceFieldError[] = [];
  let parser: AttendanceParser | undefined;
  // Records are consumed as the CSV is read: a million of them are never all kept at once.
  const start = (header: string[]) => {
    const p = createAttendanceParser(header, mapping);
    parser = p;
    if (p.headerErrors.length > 0) return () => {};
    const good = onRow ?? ((row: AttendanceDay) => rows.push(row));
    const bad = (e: AttendanceFieldError) => errors.push(e);
    return (line: number, cells: readonly string[]) => p.eachCells(line, cells, good, bad);
  };
  const result = (): AttendanceParseResult => {
    const p = parser!;
    if (p.headerErrors.length > 0)
      return {
        rows: [],
        errors: [...p.headerErrors],
        employeeNos: p.employeeNos,
        encoding,
        columns: p.columns,
      };
    return { rows, errors, employeeNos: p.employeeNos, encoding, columns: p.columns };
  };
  return { text, start, result };
}
