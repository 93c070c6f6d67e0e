import { parseAttendanceMapping } from './attendance.mapping.ts';
import { parseAttendanceCsv } from './attendance.parse.ts';

/** The header of the smallest attendance CSV, and a file of lines (CRLF, as the GSS export writes). */
export const HEADER = '職員番号,日付,出勤時刻,退勤時刻,超過勤務時間';
export const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
/** A file's errors as `line N, column C: message`. */
export const where = (text: string, mapping = parseAttendanceMapping()) =>
  parseAttendanceCsv(text, mapping).errors.map((e) => `${e.where}: ${e.message}`);
