import type { AttendanceDay } from '../../contracts/tab-api/attendance.contract.ts';
import { formatClock, plainClock, plainIsoDate, plainMinutes } from './attendance.cells.ts';
import type { AttendanceField, AttendanceMapping } from './attendance.mapping.ts';
import type { AttendanceColumns } from './attendance.record.ts';

/**
 * The row of a record whose every cell is in the export's plain form (ASCII employee number, ISO
 * date, H:MM times in order within the day, bare minute counts, no leave): what parseAttendanceRecord
 * would give, read by position without building the record's keyed object or any result object.
 * undefined for anything else, which the general reader then reads (and explains).
 */
export function plainRowReader(columns: AttendanceColumns, mapping: AttendanceMapping) {
  const at = (field: AttendanceField) => (columns.column[field] ?? 0) - 1;
  const [no, dateAt, startAt, endAt, overtimeAt, inOfficeAt, logonAt, logoffAt] = (
    ['employeeNo', 'date', 'start', 'end', 'overtime', 'inOffice', 'logon', 'logoff'] as const
  ).map(at) as [number, number, number, number, number, number, number, number];
  const leaveAt = (['leaveType', 'leaveDays', 'leaveTime'] as const).map(at).filter((i) => i >= 0);
  const unit = mapping.bareNumberUnit;
  const cell = (cells: readonly string[], i: number) => (i < 0 ? '' : (cells[i] ?? ''));
  /** Minutes of an H:MM within the day, null for an empty cell, undefined for anything else. */
  const clock = (text: string) => {
    if (text === '') return null;
    const minutes = plainClock(text);
    return minutes !== undefined && minutes < 1440 ? minutes : undefined;
  };

  return (line: number, cells: readonly string[]): AttendanceDay | undefined => {
    const employeeNo = cell(cells, no);
    if (!isPlainEmployeeNo(employeeNo)) return undefined;
    const date = plainIsoDate(cell(cells, dateAt));
    if (date === undefined) return undefined;
    const start = clock(cell(cells, startAt));
    const end = clock(cell(cells, endAt));
    if (start === undefined || end === undefined || (start !== null && end !== null && end < start))
      return undefined;
    const overtimeText = cell(cells, overtimeAt);
    const overtimeMinutes = overtimeText === '' ? 0 : plainMinutes(overtimeText, unit);
    const inOfficeText = cell(cells, inOfficeAt);
    const inOfficeMinutes = inOfficeText === '' ? null : plainMinutes(inOfficeText, unit);
    if (overtimeMinutes === undefined || inOfficeMinutes === undefined) return undefined;
    for (const i of leaveAt) if (cell(cells, i) !== '') return undefined;
    const logon = clock(cell(cells, logonAt));
    const logoff = clock(cell(cells, logoffAt));
    if (logon === undefined || logoff === undefined || (logon !== null && logoff !== null && logoff < logon))
      return undefined;
    return {
      line,
      employeeNo,
      date,
      startTime: start === null ? null : formatClock(start),
      endTime: end === null ? null : formatClock(end),
      endsNextDay: false,
      overtimeMinutes,
      leaveType: null,
      leaveDays: null,
      leaveMinutes: null,
      inOfficeMinutes,
      logonAt: logon === null ? null : `${date}T${formatClock(logon)}`,
      logoffAt: logoff === null ? null : `${date}T${formatClock(logoff)}`,
    };
  };
}

/** 1–32 printable ASCII characters, no space: an employee number as parseAttendanceRecord accepts it. */
function isPlainEmployeeNo(text: string): boolean {
  if (text.length === 0 || text.length > 32) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c >= 127) return false;
  }
  return true;
}
