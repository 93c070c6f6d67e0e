import { z } from 'zod';
import { type FileFieldError, uploadSchema } from './fields.ts';
import { route } from './route-contract.ts';

/** 勤怠データの取込 (tab/api/attendance.routes.ts): the system feed, the tab's upload, the history. */

/** One employee's day, as the import stores it (core/attendance/attendance.parse.ts). */
export interface AttendanceDay {
  /** Line of the file, for messages about the row after parsing (unknown employee number …). */
  line: number;
  employeeNo: string;
  /** 'YYYY-MM-DD'. */
  date: string;
  /** 'HH:MM' on `date`; null on a day without a clock-in (leave, holiday). */
  startTime: string | null;
  /** 'HH:MM'; on the next day when endsNextDay. */
  endTime: string | null;
  endsNextDay: boolean;
  overtimeMinutes: number;
  leaveType: string | null;
  leaveDays: number | null;
  leaveMinutes: number | null;
  inOfficeMinutes: number | null;
  /** Japan local date-times 'YYYY-MM-DDTHH:MM'. */
  logonAt: string | null;
  logoffAt: string | null;
}

export interface AttendanceImportResult {
  importId: number;
  rows: number;
  /** Days whose values changed: 0 when the same file is imported again. */
  changed: number;
  /** Months whose totals changed: the alerts job looks at these. */
  months: string[];
}

/** `?dryRun=1`: the first rows as they will be stored and every problem of the file; nothing stored. */
export interface AttendancePreview {
  fileName: string;
  ok: boolean;
  encoding: 'utf-8' | 'shift_jis';
  rows: number;
  preview: AttendanceDay[];
  errors: (FileFieldError & { code: string })[];
}

export type AttendanceImported = AttendanceImportResult & { fileName: string };

export interface ImportSummary {
  id: number;
  source: string;
  fileName: string | null;
  rowCount: number;
  changedCount: number;
  importedAt: string;
  importedBy: string | null;
}

/** System-to-system feed: JSON rows, checked by core/attendance/attendance-batch.schema.ts. */
export const importAttendanceBatch = route<AttendanceImportResult>()({ method: 'POST', path: '/attendance' });
/** The tab's upload: `?dryRun=1` answers the preview, otherwise the import (all or nothing). */
export const importAttendanceFile = route<AttendancePreview | AttendanceImported>()({
  method: 'POST',
  path: '/attendance/import',
  query: z.object({ dryRun: z.enum(['0', '1', 'true', 'false']).optional() }),
  body: uploadSchema,
});
export const listAttendanceImports = route<{ imports: ImportSummary[] }>()({
  method: 'GET',
  path: '/attendance/imports',
});
