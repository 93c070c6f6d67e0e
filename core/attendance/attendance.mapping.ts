import { z } from 'zod';

/**
 * Which CSV column holds which field. The GSS attendance app (勤怠管理アプリ) lets each ministry
 * choose its export columns, so the names are a setting; the default below is the layout documented
 * in docs/attendance-csv.md:
 *
 *   職員番号       employee number (required)
 *   日付           date: 2026-05-06, 2026/5/6, 令和8年5月6日, R8.5.6 (required)
 *   出勤時刻       start, 8:30 (column required, cell may be empty on a leave day)
 *   退勤時刻       end, 18:15; 25:30 or an end before the start only with allowOvernight
 *   超過勤務時間   overtime: 1:30 (h:mm) or 90 (bare number = bareNumberUnit), empty = 0 (required)
 *   休暇種別       leave type, free text: 年次休暇, 夏季休暇, 病気休暇 … (optional)
 *   休暇日数       leave in days: 1, 0.5 (optional)
 *   休暇時間       leave in hours: 2:00, 120, 2時間 (optional)
 *   在庁時間       time in the office that day, h:mm or minutes (optional)
 *   ログオン       terminal log-on: 8:12 or 2026/5/6 8:12 (optional)
 *   ログオフ       terminal log-off (optional)
 *
 * Columns named in ignoreColumns (氏名, 所属 …) may be present and are skipped; any other column
 * not in the mapping is an error, so that a changed export layout is noticed, not half-read.
 */
export const ATTENDANCE_FIELDS = [
  'employeeNo',
  'date',
  'start',
  'end',
  'overtime',
  'leaveType',
  'leaveDays',
  'leaveTime',
  'inOffice',
  'logon',
  'logoff',
] as const;
export type AttendanceField = (typeof ATTENDANCE_FIELDS)[number];

/** Fields whose column must be in the header (a cell may still be empty where the field allows). */
export const REQUIRED_FIELDS: readonly AttendanceField[] = ['employeeNo', 'date', 'start', 'end', 'overtime'];

const columnName = z.string().trim().min(1);

export const attendanceMappingSchema = z
  .object({
    columns: z
      .object({
        employeeNo: columnName.default('職員番号'),
        date: columnName.default('日付'),
        start: columnName.default('出勤時刻'),
        end: columnName.default('退勤時刻'),
        overtime: columnName.default('超過勤務時間'),
        // null: the field is not read even if a column of that name is present (it is then unknown).
        leaveType: columnName.nullable().default('休暇種別'),
        leaveDays: columnName.nullable().default('休暇日数'),
        leaveTime: columnName.nullable().default('休暇時間'),
        inOffice: columnName.nullable().default('在庁時間'),
        logon: columnName.nullable().default('ログオン'),
        logoff: columnName.nullable().default('ログオフ'),
      })
      .prefault({}),
    /** What a bare number in a duration cell (超過勤務時間, 休暇時間, 在庁時間) means. */
    bareNumberUnit: z.enum(['minutes', 'hours']).default('minutes'),
    /**
     * Night work: an end (or log-off) before the start, or written as 24:00–47:59, is the next day.
     * Off by default: in most sections an end before the start is a typing error.
     */
    allowOvernight: z.boolean().default(false),
    ignoreColumns: z.array(columnName).default(['氏名', 'カナ', '所属', '曜日', '備考']),
  })
  .superRefine((mapping, ctx) => {
    const seen = new Map<string, string>();
    for (const [field, name] of Object.entries(mapping.columns)) {
      if (name === null) continue;
      const other = seen.get(name);
      if (other)
        ctx.addIssue({
          code: 'custom',
          path: ['columns', field],
          message: `column "${name}" is already mapped to ${other}`,
        });
      else seen.set(name, field);
      if (mapping.ignoreColumns.includes(name))
        ctx.addIssue({
          code: 'custom',
          path: ['ignoreColumns'],
          message: `column "${name}" is both mapped and ignored`,
        });
    }
  });

export type AttendanceMapping = z.output<typeof attendanceMappingSchema>;

export function parseAttendanceMapping(input: unknown = {}): AttendanceMapping {
  return attendanceMappingSchema.parse(input);
}

export const defaultAttendanceMapping: AttendanceMapping = parseAttendanceMapping({});
