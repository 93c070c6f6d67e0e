import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TakenLeave } from './leave.types.ts';
import { annualDaysTakenByPerson, midYearNudge } from './mid-year-nudge.rules.ts';

const annual = (employeeNo: string, date: string, days = 1): TakenLeave => ({
  employeeNo,
  date,
  kind: 'annual',
  days,
});

const people = [
  ...['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((employeeNo) => ({ employeeNo, managerId: 'm1' })),
  { employeeNo: 'q1', managerId: 'm2' },
  { employeeNo: 'q2', managerId: 'm2' },
  { employeeNo: 'top', managerId: null },
];
const taken: TakenLeave[] = [
  ...['01-05', '02-10', '03-20', '05-01', '06-30'].map((d) => annual('p1', `2026-${d}`)), // exactly 5
  ...['01-05', '02-10', '03-20', '05-01'].map((d) => annual('p2', `2026-${d}`)),
  annual('p2', '2026-06-12', 0.5), // 4.5
  ...['04-30', '05-01', '05-07', '05-08', '06-01', '06-02'].map((d) => annual('p3', `2026-${d}`)),
  ...['07-01', '07-02', '07-03', '07-06', '07-07'].map((d) => annual('p4', `2026-${d}`)), // after June
  ...['12-24', '12-25', '12-28'].map((d) => annual('p5', `2025-${d}`)), // last year
  { employeeNo: 'p5', date: '2026-02-02', kind: 'summer', days: 5 }, // not annual leave
  ...['01-05', '02-10', '03-20', '05-01', '06-30'].map((d) => annual('p6', `2026-${d}`)),
  ...['01-05', '02-10', '03-20', '05-01', '06-30'].map((d) => annual('q1', `2026-${d}`)),
];

describe('mid-year nudge', () => {
  const result = midYearNudge(people, taken, { year: 2026 });

  it('counts annual leave from January to the end of June', () => {
    expect(result.asOf).toBe('2026-06-30');
    const sums = annualDaysTakenByPerson(taken, '2026-06-30');
    expect(Object.fromEntries(sums)).toEqual({ p1: 5, p2: 4.5, p3: 6, p6: 5, q1: 5 });
  });

  it('nudges everyone under 5 days', () => {
    expect(result.nudges).toEqual([
      { employeeNo: 'p2', takenDays: 4.5 },
      { employeeNo: 'p4', takenDays: 0 },
      { employeeNo: 'p5', takenDays: 0 },
      { employeeNo: 'q2', takenDays: 0 },
      { employeeNo: 'top', takenDays: 0 },
    ]);
  });

  it('tells each manager a count, shown as "<5" for a team under the group-size floor', () => {
    expect(result.managers).toEqual([
      { managerId: 'm1', groupSize: 6, nudged: 3 },
      { managerId: 'm2', groupSize: 2, nudged: '<5' },
    ]);
    const lowerFloor = midYearNudge(people, taken, { year: 2026, minGroupSize: 2 });
    expect(lowerFloor.managers[1]).toEqual({ managerId: 'm2', groupSize: 2, nudged: 1 });
  });

  it('can be run as of another date in the year', () => {
    const march = midYearNudge(people, taken, { year: 2026, asOf: '2026-03-31' });
    expect(march.nudges.map((n) => n.employeeNo)).toContain('p1');
    expect(() => midYearNudge(people, taken, { year: 2026, asOf: '2027-06-30' })).toThrow(RangeError);
  });

  it('nudges exactly the people under the line', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 12 }), (halfDays) => {
        const ps = halfDays.map((_, i) => ({ employeeNo: `e${i}`, managerId: 'm' }));
        const rows = halfDays.flatMap((n, i) =>
          Array.from({ length: n }, () => annual(`e${i}`, '2026-03-02', 0.5)),
        );
        const r = midYearNudge(ps, rows, { year: 2026 });
        expect(r.nudges.map((x) => x.employeeNo)).toEqual(
          ps.filter((_, i) => halfDays[i]! / 2 < 5).map((p) => p.employeeNo),
        );
      }),
    );
  });
});
