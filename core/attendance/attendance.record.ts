/**
 * One record of an attendance CSV: the header matched against the column mapping, and a row read
 * into an AttendanceDay or its line errors. The file as a whole (duplicates across records, streams,
 * slices) is attendance.parse.ts.
 */
import type { AttendanceDay } from '../../contracts/tab-api/attendance.contract.ts';
import { addDays, daysBetween, type IsoDate } from '../shared/calendar.ts';
import type { CsvRow } from '../shared/csv.ts';
import type { FieldError } from '../shared/errors.ts';
import {
  type CellResult,
  formatClock,
  normalizeCell,
  parseDateCell,
  parseDurationCell,
  parseLeaveDaysCell,
  parseTimeCell,
} from './attendance.cells.ts';
import {
  ATTENDANCE_FIELDS,
  type AttendanceField,
  type AttendanceMapping,
  defaultAttendanceMapping,
  REQUIRED_FIELDS,
} from './attendance.mapping.ts';

/** One employee's day, as the import stores it (upsert by employeeNo + date). */
export type { AttendanceDay };

export type AttendanceErrorCode =
  | 'missing_column'
  | 'unknown_column'
  | 'duplicate_column'
  | 'required'
  | 'invalid'
  | 'end_before_start'
  | 'overnight_not_allowed'
  | 'too_long'
  | 'leave_without_type'
  | 'leave_without_amount'
  | 'duplicate_day';

/** FieldError (`where` = `line N, column C`, C counted from 1) plus a code the tab can translate. */
export interface AttendanceFieldError extends FieldError {
  code: AttendanceErrorCode;
}

export interface AttendanceRecordResult {
  /** Present when the record has no error. */
  row?: AttendanceDay;
  errors: AttendanceFieldError[];
  /** The employee number and date when they could be read, whatever else is wrong with the record. */
  identity?: { employeeNo?: string; date?: IsoDate };
}

/** Where each mapped field sits in this file's header. */
export interface AttendanceColumns {
  /** The header cell as the CSV reader keys the record's values by it. */
  key: Partial<Record<AttendanceField, string>>;
  /** 1-based column number, for messages. */
  column: Partial<Record<AttendanceField, number>>;
  headerLine: number;
}

const WHITESPACE = /\s/;

/** A record's or the header's error, with the message key the tab translates. */
export const attendanceError = (
  line: number,
  column: number | undefined,
  code: AttendanceErrorCode,
  message: string,
  params: Record<string, string | number> = {},
): AttendanceFieldError => ({
  where: column === undefined ? `line ${line}` : `line ${line}, column ${column}`,
  code,
  message,
  // The tab says it in the viewer's language: `attendance.<code>` with the column as written in the CSV.
  key: `attendance.${code}`,
  params: { line, ...(column === undefined ? {} : { columnNo: column }), ...params },
});

/**
 * Matches the header against the mapping. Header cells and mapping names are compared after NFKC,
 * so half-width katakana (ﾛｸﾞｵﾝ) matches ログオン. Empty header cells (Excel's trailing commas) are
 * skipped. A missing required column has no column number: its error's where is `line 1`.
 */
export function resolveAttendanceHeader(
  header: readonly string[],
  mapping: AttendanceMapping = defaultAttendanceMapping,
  headerLine = 1,
): { columns: AttendanceColumns; errors: AttendanceFieldError[] } {
  const columns: AttendanceColumns = { key: {}, column: {}, headerLine };
  const errors: AttendanceFieldError[] = [];
  const fieldOf = new Map<string, AttendanceField>();
  for (const field of ATTENDANCE_FIELDS) {
    const name = mapping.columns[field];
    if (name !== null) fieldOf.set(normalizeCell(name), field);
  }
  const ignored = new Set(mapping.ignoreColumns.map(normalizeCell));
  const firstSeen = new Map<string, number>();

  header.forEach((raw, i) => {
    const name = normalizeCell(raw);
    const column = i + 1;
    if (name === '') return;
    const earlier = firstSeen.get(name);
    if (earlier !== undefined) {
      errors.push(
        attendanceError(
          headerLine,
          column,
          'duplicate_column',
          `column "${name}" appears twice (also column ${earlier})`,
          { column: name, earlier },
        ),
      );
      return;
    }
    firstSeen.set(name, column);
    const field = fieldOf.get(name);
    if (field) {
      columns.key[field] = raw.trim();
      columns.column[field] = column;
    } else if (!ignored.has(name)) {
      errors.push(
        attendanceError(
          headerLine,
          column,
          'unknown_column',
          `unknown column "${name}" (not in the column mapping)`,
          {
            column: name,
          },
        ),
      );
    }
  });
  for (const field of REQUIRED_FIELDS) {
    if (columns.column[field] === undefined)
      errors.push(
        attendanceError(
          headerLine,
          undefined,
          'missing_column',
          `missing column "${mapping.columns[field]}"`,
          {
            column: mapping.columns[field] ?? field,
          },
        ),
      );
  }
  return { columns, errors };
}

/**
 * Parses one record, knowing nothing of the others (so it can run over a stream): duplicates
 * across records are the caller's check (createAttendanceParser does it). A record whose cells are
 * all empty (a spreadsheet's blank row) gives neither a row nor an error.
 */
export function parseAttendanceRecord(
  record: CsvRow,
  columns: AttendanceColumns,
  mapping: AttendanceMapping = defaultAttendanceMapping,
): AttendanceRecordResult {
  const { line } = record;
  const errors: AttendanceFieldError[] = [];
  const has = (field: AttendanceField) => columns.key[field] !== undefined;
  const raw = (field: AttendanceField) => {
    const key = columns.key[field];
    return key === undefined ? '' : (record.values[key] ?? '');
  };
  const fail = (field: AttendanceField, code: AttendanceErrorCode, message: string) => {
    errors.push(
      attendanceError(line, columns.column[field], code, `${mapping.columns[field]}: ${message}`, {
        column: mapping.columns[field] ?? field,
        value: normalizeCell(raw(field)),
      }),
    );
    return undefined;
  };
  const read = <T>(field: AttendanceField, result: CellResult<T>): T | undefined =>
    result.ok ? result.value : fail(field, 'invalid', result.reason);

  if (isBlankRecord(record)) return { errors };

  const employeeNo = normalizeCell(raw('employeeNo'));
  const employeeNoOk = employeeNo !== '' && employeeNo.length <= 32 && !WHITESPACE.test(employeeNo);
  if (employeeNo === '') fail('employeeNo', 'required', 'is empty');
  else if (!employeeNoOk) fail('employeeNo', 'invalid', `"${employeeNo}" is not an employee number`);

  const date = read('date', parseDateCell(raw('date')));
  const clock = readClock(raw('start'), raw('end'), mapping.allowOvernight, fail);
  const overtimeMinutes = read('overtime', parseDurationCell(raw('overtime'), mapping.bareNumberUnit)) ?? 0;
  const inOfficeMinutes =
    read('inOffice', parseDurationCell(raw('inOffice'), mapping.bareNumberUnit)) ?? null;

  const leaveType = normalizeCell(raw('leaveType')) || null;
  // Zero in an amount column means no leave: exports write 0 on ordinary days.
  const daysCell = parseLeaveDaysCell(raw('leaveDays'));
  const timeCell = parseDurationCell(raw('leaveTime'), mapping.bareNumberUnit);
  const leaveDays = read('leaveDays', daysCell) || null;
  const leaveMinutes = read('leaveTime', timeCell) || null;
  // Only when both amounts could be read: a bad amount is one error, not also a missing one.
  if (daysCell.ok && timeCell.ok) {
    if (leaveType === null && (leaveDays !== null || leaveMinutes !== null))
      fail(
        leaveDays !== null ? 'leaveDays' : 'leaveTime',
        'leave_without_type',
        `leave is given without ${mapping.columns.leaveType ?? 'a leave type'}`,
      );
    if (
      leaveType !== null &&
      leaveDays === null &&
      leaveMinutes === null &&
      (has('leaveDays') || has('leaveTime'))
    )
      fail('leaveType', 'leave_without_amount', `"${leaveType}" is given without the days or hours taken`);
  }

  const logon = date === undefined ? undefined : readMoment('logon', raw('logon'), date, fail);
  let logoff = date === undefined ? undefined : readMoment('logoff', raw('logoff'), date, fail);
  if (logon?.minutes !== undefined && logoff?.minutes !== undefined && logoff.minutes < logon.minutes) {
    if (logoff.timeOnly && mapping.allowOvernight)
      logoff = { minutes: logoff.minutes + 1440, timeOnly: true };
    else fail('logoff', 'end_before_start', `${formatMoment(date!, logoff.minutes)} is before the log-on`);
  } else if (
    logoff?.minutes !== undefined &&
    logoff.timeOnly &&
    logoff.minutes >= 1440 &&
    !mapping.allowOvernight
  ) {
    fail('logoff', 'overnight_not_allowed', 'a time after 24:00 needs overnight work allowed in the mapping');
  }

  // Who and when, even when another cell is bad: duplicates and unknown employees are still found.
  const identity: { employeeNo?: string; date?: IsoDate } = {};
  if (employeeNoOk) identity.employeeNo = employeeNo;
  if (date !== undefined) identity.date = date;
  if (errors.length > 0 || date === undefined || clock === undefined) return { errors, identity };
  return {
    errors,
    identity,
    row: {
      line,
      employeeNo,
      date,
      startTime: clock.start === null ? null : formatClock(clock.start),
      endTime: clock.end === null ? null : formatClock(clock.end),
      endsNextDay: clock.end !== null && clock.end >= 1440,
      overtimeMinutes,
      leaveType,
      leaveDays,
      leaveMinutes,
      inOfficeMinutes,
      logonAt: logon?.minutes === undefined ? null : formatMoment(date, logon.minutes),
      logoffAt: logoff?.minutes === undefined ? null : formatMoment(date, logoff.minutes),
    },
  };
}

function isBlankRecord(record: CsvRow): boolean {
  for (const key in record.values) if (normalizeCell(record.values[key]) !== '') return false;
  return true;
}

type Fail = (field: AttendanceField, code: AttendanceErrorCode, message: string) => undefined;

/** Start and end in minutes from the day's midnight; an overnight end is ≥ 1440. */
function readClock(startRaw: string, endRaw: string, allowOvernight: boolean, fail: Fail) {
  const start = normalizeCell(startRaw) === '' ? null : parseTimeCell(startRaw);
  const end = normalizeCell(endRaw) === '' ? null : parseTimeCell(endRaw);
  if (start && !start.ok) fail('start', 'invalid', start.reason);
  if (end && !end.ok) fail('end', 'invalid', end.reason);
  if ((start && !start.ok) || (end && !end.ok)) return undefined;
  const s = start?.ok ? start.value : null;
  let e = end?.ok ? end.value : null;
  if (s !== null && s >= 1440)
    return fail('start', 'invalid', `${formatClock(s)} (+1 day): a day cannot start after 24:00`);
  if (e !== null && e >= 1440 && !allowOvernight)
    return fail(
      'end',
      'overnight_not_allowed',
      `${endRaw.trim()} is on the next day; overnight work is not allowed in the mapping`,
    );
  if (s !== null && e !== null && e < s) {
    if (!allowOvernight)
      return fail('end', 'end_before_start', `${formatClock(e)} is before the start ${formatClock(s)}`);
    e += 1440;
  }
  if (s !== null && e !== null && e - s > 1440)
    return fail('end', 'too_long', 'the day is longer than 24 hours');
  return { start: s, end: e };
}

/** A log-on/off cell: a time on the row's date (8:12) or a date and time (2026/5/6 8:12). */
function readMoment(field: 'logon' | 'logoff', rawValue: string, rowDate: IsoDate, fail: Fail) {
  const text = normalizeCell(rawValue);
  if (text === '') return { minutes: undefined, timeOnly: true };
  const parts = text.split(/[\sT]+/);
  const timeText = parts.length === 2 ? parts[1]! : text;
  const time = parseTimeCell(timeText);
  if (parts.length > 2 || !time.ok)
    return fail(field, 'invalid', `"${text}" is not a time or a date and time`);
  if (parts.length === 1) return { minutes: time.value, timeOnly: true };
  const day = parseDateCell(parts[0]!);
  if (!day.ok) return fail(field, 'invalid', day.reason);
  const offset = daysBetween(rowDate, day.value);
  if (offset < 0 || offset > 1)
    return fail(field, 'invalid', `"${text}" is not on the row's date or the day after`);
  return { minutes: offset * 1440 + time.value, timeOnly: false };
}

function formatMoment(date: IsoDate, minutes: number): string {
  return `${addDays(date, Math.floor(minutes / 1440))}T${formatClock(minutes)}`;
}
