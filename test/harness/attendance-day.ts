import type { AttendanceDay } from '../../core/attendance/attendance.parse.ts';

/** A day as the attendance parser gives it: empty but for what the test sets. */
export function attendanceDay(fields: Partial<AttendanceDay> = {}): AttendanceDay {
  return {
    line: 2,
    employeeNo: 'E1',
    date: '2026-05-01',
    startTime: null,
    endTime: null,
    endsNextDay: false,
    overtimeMinutes: 0,
    leaveType: null,
    leaveDays: null,
    leaveMinutes: null,
    inOfficeMinutes: null,
    logonAt: null,
    logoffAt: null,
    ...fields,
  };
}
