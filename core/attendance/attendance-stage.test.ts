import { describe, expect, it } from 'vitest';
import type { AttendanceDay } from './attendance.parse.ts';
import { type StageMonth, StageMonths, toStageMonths } from './attendance-stage.ts';

const day = (line: number, employeeNo: string, date: string, overtimeMinutes = 0): AttendanceDay => ({
  line,
  employeeNo,
  date,
  startTime: '09:00',
  endTime: '18:00',
  endsNextDay: false,
  overtimeMinutes,
  leaveType: null,
  leaveDays: null,
  leaveMinutes: null,
  inOfficeMinutes: null,
  logonAt: null,
  logoffAt: null,
});

describe('StageMonths handing people over', () => {
  it('hands each person over when the next begins, and a person listed again further down whole again at the end', () => {
    const file = [
      day(2, 'A', '2026-05-01', 10),
      day(3, 'A', '2026-06-02', 20),
      day(4, 'B', '2026-05-01', 30),
      day(5, 'A', '2026-05-03', 40),
      day(6, 'C', '2026-05-01', 50),
    ];
    const handed: StageMonth[][] = [];
    let rereads = 0;
    const stage = new StageMonths(
      (months) => handed.push(months),
      (each) => {
        rereads++;
        for (const d of file) each(d);
      },
    );
    for (const d of file) stage.add(d);
    expect(handed.map((ms) => ms.map((m) => `${m.employeeNo} ${m.month}`))).toEqual([
      ['A 2026-05-01', 'A 2026-06-01'],
      ['B 2026-05-01'],
    ]);
    expect([...stage.reopened]).toEqual(['A']);
    const rest = stage.rest();
    expect(rereads).toBe(1);
    // A's months as the whole file gives them (the day of line 2 included), then C's.
    const whole = toStageMonths(file);
    expect(rest).toEqual([
      whole.find((m) => m.employeeNo === 'A' && m.month === '2026-05-01'),
      whole.find((m) => m.employeeNo === 'A' && m.month === '2026-06-01'),
      whole.find((m) => m.employeeNo === 'C'),
    ]);
    expect(rest[0]).toMatchObject({ dayCount: 2, overtimeTotal: 50, dayMask: 0b101 });
    expect(stage.days).toBe(5);
  });

  it('reads the file only once when nobody comes back', () => {
    const file = [day(2, 'A', '2026-05-01'), day(3, 'B', '2026-05-01')];
    let rereads = 0;
    const stage = new StageMonths(
      () => {},
      () => {
        rereads++;
      },
    );
    for (const d of file) stage.add(d);
    expect(stage.rest().map((m) => m.employeeNo)).toEqual(['B']);
    expect(rereads).toBe(0);
  });
});
