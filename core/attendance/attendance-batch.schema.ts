import { z } from 'zod';
import { isValidIsoDate } from '../shared/calendar.ts';
import type { FieldError } from '../shared/errors.ts';
import { issueMessage, zodFieldErrors } from '../shared/zod-errors.ts';
import type { AttendanceDay } from './attendance.parse.ts';

/**
 * POST /api/tab/attendance: the JSON form of the CSV, for system-to-system feeds. Same limits as
 * the file: one row per employee and day, 0–24 h, unknown employee numbers refused.
 */
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'must be YYYY-MM-DDTHH:MM (Japan time)');
const dayMinutes = z
  .number()
  .int('must be whole minutes')
  .min(0, 'must not be negative')
  .max(1440, 'must be at most 24 h (1440 minutes)');

export const attendanceBatchRowSchema = z.object({
  employeeNo: z.string().trim().min(1).max(32),
  date: z.string().refine(isValidIsoDate, 'must be a date YYYY-MM-DD'),
  start: clock.nullable().default(null),
  end: clock.nullable().default(null),
  endsNextDay: z.boolean().default(false),
  overtimeMinutes: dayMinutes,
  leaveType: z.string().trim().min(1).max(50).nullable().default(null),
  leaveDays: z.number().min(0).max(1).multipleOf(0.5).nullable().default(null),
  leaveMinutes: dayMinutes.nullable().default(null),
  inOfficeMinutes: dayMinutes.nullable().default(null),
  logonAt: localDateTime.nullable().default(null),
  logoffAt: localDateTime.nullable().default(null),
});

export const attendanceBatchSchema = z.object({
  rows: z.array(z.unknown()).min(1, 'at least one row').max(50_000, 'at most 50,000 rows per request'),
});

/** Validates every row (all errors, `rows[i].field: reason`) and the one-row-per-day rule. */
export function parseAttendanceBatch(body: unknown): { days: AttendanceDay[]; errors: FieldError[] } {
  const top = attendanceBatchSchema.safeParse(body);
  if (!top.success)
    return {
      days: [],
      errors: zodFieldErrors(top.error.issues, { whole: 'body' }),
    };
  const days: AttendanceDay[] = [];
  const errors: FieldError[] = [];
  const firstIndex = new Map<string, number>();
  top.data.rows.forEach((raw, i) => {
    const row = attendanceBatchRowSchema.safeParse(raw);
    if (!row.success) {
      for (const issue of row.error.issues)
        errors.push({
          where: `rows[${i}].${issue.path.join('.')}`,
          message: issue.message,
          ...issueMessage(issue),
        });
      return;
    }
    const r = row.data;
    if (r.end !== null && r.start !== null && !r.endsNextDay && r.end < r.start)
      errors.push({
        where: `rows[${i}].end`,
        message: 'ends before it starts (set endsNextDay for night work)',
      });
    const key = `${r.employeeNo}\u0000${r.date}`;
    const first = firstIndex.get(key);
    if (first !== undefined) {
      errors.push({
        where: `rows[${i}].date`,
        message: `${r.employeeNo} on ${r.date} is already in rows[${first}]`,
      });
      return;
    }
    firstIndex.set(key, i);
    days.push({
      line: i,
      employeeNo: r.employeeNo,
      date: r.date,
      startTime: r.start,
      endTime: r.end,
      endsNextDay: r.endsNextDay,
      overtimeMinutes: r.overtimeMinutes,
      leaveType: r.leaveType,
      leaveDays: r.leaveDays,
      leaveMinutes: r.leaveMinutes,
      inOfficeMinutes: r.inOfficeMinutes,
      logonAt: r.logonAt,
      logoffAt: r.logoffAt,
    });
  });
  return { days, errors };
}
