import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, lastDayOfMonth, workingDaysBetween } from '../shared/calendar.ts';
import { shiftMonth } from '../shared/year-month.ts';
import { multiMonthAverages, projectMonthEnd } from './overtime.rules.ts';

const h = (hours: number) => hours * 60;

/** Any month holiday_jp knows, and a date from a few days before it to a few days after. */
const monthArb = fc
  .record({ y: fc.integer({ min: 2019, max: 2049 }), m: fc.integer({ min: 1, max: 12 }) })
  .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);
const monthAndDayArb = monthArb.chain((month) =>
  fc.integer({ min: -3, max: 34 }).map((offset) => ({ month, asOf: addDays(`${month}-01`, offset) })),
);
const minutesArb = fc.integer({ min: 0, max: h(300) });

describe('projectMonthEnd', () => {
  // May 2026: 18 working days; GW holidays 5/3–5/6 (5/6 振替休日), last working day Fri 5/29.
  it('extrapolates by working days elapsed over working days in the month', () => {
    expect(projectMonthEnd({ month: '2026-05', asOf: '2026-05-08', minutesSoFar: h(10) })).toEqual({
      month: '2026-05',
      projectedMinutes: h(60), // 10 h over 3 working days (5/1, 5/7, 5/8) → 18 days
      workingDaysElapsed: 3,
      workingDaysInMonth: 18,
      basis: 'pace',
    });
  });

  it('does not count Golden Week holidays as elapsed working days', () => {
    // 5/2–5/6 are weekend and holidays: on 5/6 only 5/1 has passed.
    const p = projectMonthEnd({ month: '2026-05', asOf: '2026-05-06', minutesSoFar: h(3) });
    expect(p.workingDaysElapsed).toBe(1);
    expect(p.projectedMinutes).toBe(h(54));
  });

  it('rounds to whole minutes', () => {
    // Feb 2028 (leap year): 19 working days, 2/23 天皇誕生日; Mon 2/28 is the 18th.
    const p = projectMonthEnd({ month: '2028-02', asOf: '2028-02-28', minutesSoFar: 1000 });
    expect(p.workingDaysElapsed).toBe(18);
    expect(p.workingDaysInMonth).toBe(19);
    expect(p.projectedMinutes).toBe(Math.round((1000 * 19) / 18));
  });

  it('is final on the last working day, also when it is 29 February', () => {
    expect(projectMonthEnd({ month: '2028-02', asOf: '2028-02-29', minutesSoFar: 4321 })).toMatchObject({
      projectedMinutes: 4321,
      basis: 'final',
      workingDaysElapsed: 19,
    });
  });

  it('is final after the last working day (weekend at month end, year-end closure)', () => {
    expect(projectMonthEnd({ month: '2026-05', asOf: '2026-05-30', minutesSoFar: h(50) })).toMatchObject({
      projectedMinutes: h(50),
      basis: 'final',
    });
    // December 2026: 12/28 is the last working day, 12/29–12/31 are closed.
    for (const asOf of ['2026-12-28', '2026-12-29', '2026-12-31'])
      expect(projectMonthEnd({ month: '2026-12', asOf, minutesSoFar: h(40) })).toMatchObject({
        projectedMinutes: h(40),
        workingDaysInMonth: 20,
        basis: 'final',
      });
  });

  it('has no pace before the first working day (January: 1/1–1/3 closed)', () => {
    // Overtime on 1/2 (an emergency) is kept as it is, not multiplied by 19.
    expect(projectMonthEnd({ month: '2027-01', asOf: '2027-01-02', minutesSoFar: h(4) })).toEqual({
      month: '2027-01',
      projectedMinutes: h(4),
      workingDaysElapsed: 0,
      workingDaysInMonth: 19,
      basis: 'too_early',
    });
    expect(projectMonthEnd({ month: '2027-01', asOf: '2027-01-04', minutesSoFar: h(4) })).toMatchObject({
      projectedMinutes: h(4) * 19,
      workingDaysElapsed: 1,
      basis: 'pace',
    });
  });

  it('treats asOf before the month as too early and after it as final', () => {
    expect(projectMonthEnd({ month: '2026-05', asOf: '2026-04-30', minutesSoFar: 0 }).basis).toBe(
      'too_early',
    );
    expect(projectMonthEnd({ month: '2026-05', asOf: '2026-06-15', minutesSoFar: h(70) })).toMatchObject({
      projectedMinutes: h(70),
      workingDaysElapsed: 18,
      basis: 'final',
    });
  });

  it('refuses bad input', () => {
    expect(() => projectMonthEnd({ month: '2026-13', asOf: '2026-05-01', minutesSoFar: 0 })).toThrow(
      RangeError,
    );
    expect(() => projectMonthEnd({ month: '2026-02', asOf: '2026-02-30', minutesSoFar: 0 })).toThrow(
      RangeError,
    );
    expect(() => projectMonthEnd({ month: '2026-05', asOf: '2026-05-01', minutesSoFar: -1 })).toThrow(
      RangeError,
    );
    expect(() => projectMonthEnd({ month: '2026-05', asOf: '2026-05-01', minutesSoFar: 1.5 })).toThrow(
      RangeError,
    );
  });

  it('property: monotone in minutesSoFar and never below it', () => {
    fc.assert(
      fc.property(monthAndDayArb, minutesArb, minutesArb, ({ month, asOf }, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const pLo = projectMonthEnd({ month, asOf, minutesSoFar: lo }).projectedMinutes;
        const pHi = projectMonthEnd({ month, asOf, minutesSoFar: hi }).projectedMinutes;
        expect(pLo).toBeLessThanOrEqual(pHi);
        expect(pLo).toBeGreaterThanOrEqual(lo);
        expect(Number.isInteger(pLo)).toBe(true);
      }),
    );
  });

  it('property: equals minutesSoFar from the last working day of the month on', () => {
    fc.assert(
      fc.property(monthArb, minutesArb, fc.integer({ min: 0, max: 10 }), (month, minutes, after) => {
        const lastWorking = workingDaysBetween(`${month}-01`, lastDayOfMonth(month)).at(-1)!;
        const p = projectMonthEnd({ month, asOf: addDays(lastWorking, after), minutesSoFar: minutes });
        expect(p.projectedMinutes).toBe(minutes);
        expect(p.basis).toBe('final');
      }),
    );
  });

  it('property: a steady daily pace projects to that pace times the working days', () => {
    fc.assert(
      fc.property(monthAndDayArb, fc.integer({ min: 0, max: 600 }), ({ month, asOf }, perDay) => {
        const probe = projectMonthEnd({ month, asOf, minutesSoFar: 0 });
        const p = projectMonthEnd({ month, asOf, minutesSoFar: perDay * probe.workingDaysElapsed });
        if (p.basis !== 'too_early') expect(p.projectedMinutes).toBe(perDay * p.workingDaysInMonth);
      }),
    );
  });
});

describe('multiMonthAverages', () => {
  it('averages the last 2..6 months ending at endMonth', () => {
    const result = multiMonthAverages(
      [
        { month: '2026-01', minutes: h(90) },
        { month: '2026-02', minutes: h(70) },
      ],
      '2026-02',
    );
    expect(result.windows.map((w) => [w.months, w.fromMonth, w.averageMinutes])).toEqual([
      [2, '2026-01', h(80)],
      [3, '2025-12', h(160) / 3],
      [4, '2025-11', h(40)],
      [5, '2025-10', h(32)],
      [6, '2025-09', h(160) / 6],
    ]);
    // Exactly 80 h on average is within the rule.
    expect(result.exceeding).toEqual([]);
  });

  it('flags a window one minute over the limit', () => {
    const result = multiMonthAverages(
      [
        { month: '2026-01', minutes: h(90) },
        { month: '2026-02', minutes: h(70) + 1 },
      ],
      '2026-02',
    );
    expect(result.exceeding.map((w) => w.months)).toEqual([2]);
  });

  it('counts missing months as 0 and crosses the fiscal and calendar year', () => {
    const result = multiMonthAverages([{ month: '2026-01', minutes: h(170) }], '2026-01');
    expect(result.windows[0]).toMatchObject({
      fromMonth: '2025-12',
      toMonth: '2026-01',
      averageMinutes: h(85),
      exceedsLimit: true,
    });
    expect(result.windows[4]).toMatchObject({ fromMonth: '2025-08', months: 6 });
    expect(result.exceeding.map((w) => w.months)).toEqual([2]);
  });

  it('ignores months after endMonth and before the longest window', () => {
    const result = multiMonthAverages(
      [
        { month: '2025-01', minutes: h(500) },
        { month: '2026-03', minutes: h(500) },
      ],
      '2026-02',
    );
    expect(result.windows.every((w) => w.totalMinutes === 0)).toBe(true);
  });

  it('takes its limits as options', () => {
    const result = multiMonthAverages([{ month: '2026-05', minutes: h(61) }], '2026-05', {
      limitMinutes: h(30),
      minMonths: 1,
      maxMonths: 3,
    });
    expect(result.windows.map((w) => [w.months, w.exceedsLimit])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
  });

  it('refuses a month given twice and negative minutes', () => {
    const twice = [
      { month: '2026-01', minutes: 1 },
      { month: '2026-01', minutes: 2 },
    ];
    expect(() => multiMonthAverages(twice, '2026-01')).toThrow(/twice/);
    expect(() => multiMonthAverages([{ month: '2026-01', minutes: -5 }], '2026-01')).toThrow(RangeError);
  });

  it('property: a constant series averages to the constant in every window', () => {
    fc.assert(
      fc.property(monthArb, fc.integer({ min: 0, max: h(200) }), (endMonth, c) => {
        const series = Array.from({ length: 6 }, (_, i) => ({ month: shiftMonth(endMonth, -i), minutes: c }));
        const result = multiMonthAverages(series, endMonth);
        expect(result.windows).toHaveLength(5);
        for (const w of result.windows) {
          expect(w.averageMinutes).toBe(c);
          expect(w.exceedsLimit).toBe(c > h(80));
        }
      }),
    );
  });

  it('property: window n totals the last n months, and exceeding is exactly the windows over the limit', () => {
    fc.assert(
      fc.property(
        monthArb,
        fc.array(fc.integer({ min: 0, max: h(150) }), { minLength: 6, maxLength: 6 }),
        (endMonth, values) => {
          const series = values.map((minutes, i) => ({ month: shiftMonth(endMonth, -i), minutes }));
          const result = multiMonthAverages(series, endMonth);
          for (const w of result.windows) {
            const total = values.slice(0, w.months).reduce((a, b) => a + b, 0);
            expect(w.totalMinutes).toBe(total);
            expect(w.exceedsLimit).toBe(total / w.months > h(80));
          }
          expect(result.exceeding).toEqual(result.windows.filter((w) => w.exceedsLimit));
        },
      ),
    );
  });
});
