import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attendanceDay } from '../../test/harness/attendance-day.ts';
import type { AttendanceDay } from './attendance.parse.ts';
import { type StageMonth, StageMonths, toStageMonths } from './attendance-stage.ts';

const day = (line: number, employeeNo: string, date: string, overtimeMinutes = 0): AttendanceDay =>
  attendanceDay({ line, employeeNo, date, startTime: '09:00', endTime: '18:00', overtimeMinutes });

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

describe('the month hash (attendance_month.file_hash)', () => {
  // A small domain, so that equal and nearly equal months both come up often.
  const dayArb = fc.record({
    date: fc.constantFrom('2026-05-01', '2026-05-02', '2026-05-31'),
    startTime: fc.constantFrom(null, '09:00', '09:01'),
    endTime: fc.constantFrom(null, '18:00'),
    endsNextDay: fc.boolean(),
    overtimeMinutes: fc.constantFrom(0, 1, 60),
    leaveType: fc.constantFrom(null, '', 'a', 'ab', 'b'),
    leaveDays: fc.constantFrom(null, 0.5, 1),
    leaveMinutes: fc.constantFrom(null, 0, 60),
    inOfficeMinutes: fc.constantFrom(null, 0, 60),
    logonAt: fc.constantFrom(null, '2026-05-01T08:55', '2026-05-02T08:55'),
    logoffAt: fc.constantFrom(null, '2026-05-01T20:00'),
  });
  const monthArb = fc.uniqueArray(dayArb, { selector: (d) => d.date, minLength: 1, maxLength: 3 });
  type GeneratedDay = typeof dayArb extends fc.Arbitrary<infer D> ? D : never;
  const month = (days: GeneratedDay[]) => {
    const [m] = toStageMonths(days.map((d, i) => ({ ...d, line: i + 2, employeeNo: 'A' })));
    return m!;
  };
  /** What the month stores: its mask and every field's 31 slots. */
  const content = (m: StageMonth) => JSON.stringify([m.dayMask, m.filled, m.slots]);

  it('property: two months hash alike exactly when they hold the same days', () => {
    let same = 0;
    fc.assert(
      fc.property(
        // Half the pairs: the same month again, or with one day's one value drawn anew.
        monthArb.chain((a) =>
          fc.tuple(
            fc.constant(a),
            fc.oneof(
              monthArb,
              fc.constant(a.map((d) => ({ ...d }))),
              fc.tuple(fc.nat(a.length - 1), dayArb).map(([i, fresh]) => {
                const keys = Object.keys(fresh).filter((k) => k !== 'date') as (keyof GeneratedDay)[];
                const key = keys[(i * 7) % keys.length]!;
                return a.map((d, j) => (j === i ? { ...d, [key]: fresh[key] } : d));
              }),
            ),
          ),
        ),
        ([a, b]) => {
          const [x, y] = [month(a), month(b)];
          if (content(x) === content(y)) same++;
          expect(x.hash === y.hash).toBe(content(x) === content(y));
        },
      ),
      { numRuns: 2000, seed: 20261206 },
    );
    expect(same).toBeGreaterThan(10);
  });

  it('tells apart what a careless encoding would run together: text split across days, a value moved to another field or day, a null', () => {
    const at = (date: string, fields: Partial<AttendanceDay>) => ({ ...day(2, 'A', date), ...fields });
    const pairs: [AttendanceDay[], AttendanceDay[]][] = [
      [
        [at('2026-05-01', { leaveType: 'ab' }), at('2026-05-02', { leaveType: 'c' })],
        [at('2026-05-01', { leaveType: 'a' }), at('2026-05-02', { leaveType: 'bc' })],
      ],
      [[at('2026-05-01', { leaveMinutes: 60 })], [at('2026-05-01', { inOfficeMinutes: 60 })]],
      [[at('2026-05-01', { startTime: null })], [at('2026-05-01', { startTime: '00:00' })]],
      [[at('2026-05-01', { leaveType: '' })], [at('2026-05-01', { leaveType: null })]],
      [
        [at('2026-05-01', { startTime: '09:00' }), at('2026-05-02', { startTime: null })],
        [at('2026-05-01', { startTime: null }), at('2026-05-02', { startTime: '09:00' })],
      ],
    ];
    for (const [a, b] of pairs) expect(toStageMonths(a)[0]!.hash).not.toBe(toStageMonths(b)[0]!.hash);
  });
});
