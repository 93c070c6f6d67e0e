import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbDate } from '../../test/fixtures/leave.factories.ts';
import { addDays, holidayName, isWeekend, isWorkingDay, isYearEndClosure } from '../shared/calendar.ts';
import { goldenWeekPeriod, yearEndPeriod } from './period-presets.rules.ts';
import { bridgeDays, isBridgeDay, planGrid } from './plan-grid.rules.ts';

describe('plan grid', () => {
  it('GW 2026: 4/30 and 5/1 are the working days, both bridges between 昭和の日 and 5/2–5/6', () => {
    const grid = planGrid(goldenWeekPeriod(2026));
    expect(grid.map((d) => d.date)).toEqual([
      '2026-04-29',
      '2026-04-30',
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
      '2026-05-04',
      '2026-05-05',
      '2026-05-06',
    ]);
    expect(grid.filter((d) => d.working).map((d) => d.date)).toEqual(['2026-04-30', '2026-05-01']);
    expect(grid.filter((d) => d.bridge).map((d) => d.date)).toEqual(['2026-04-30', '2026-05-01']);
    expect(grid[0]).toEqual({
      date: '2026-04-29',
      weekday: 3,
      working: false,
      holidayName: '昭和の日',
      weekend: false,
      closure: false,
      bridge: false,
    });
    expect(grid[3]).toMatchObject({ date: '2026-05-02', weekday: 6, weekend: true, working: false });
    expect(grid[3]).not.toHaveProperty('holidayName');
    expect(grid[4]).toMatchObject({ holidayName: '憲法記念日', weekend: true });
    expect(grid[7]?.holidayName).toContain('振替休日');
  });

  it('suggests Fri 4/30 in 2027 and Mon–Tue 5/1–5/2 in 2028', () => {
    expect(bridgeDays(goldenWeekPeriod(2027))).toEqual(['2027-04-30']);
    expect(bridgeDays(goldenWeekPeriod(2028))).toEqual(['2028-05-01', '2028-05-02']);
  });

  it('marks the year-end closure: 12/29–1/3 is closed, 元日 is also a holiday', () => {
    const grid = planGrid(yearEndPeriod(2026));
    const closure = grid.filter((d) => d.date >= '2026-12-29' && d.date <= '2027-01-03');
    expect(closure).toHaveLength(6);
    expect(closure.every((d) => d.closure && !d.working && !d.bridge)).toBe(true);
    // The days before and after stay plannable; Mon 12/28 sits between a weekend and the closure.
    expect(grid.find((d) => d.date === '2026-12-28')).toMatchObject({
      working: true,
      bridge: true,
      closure: false,
    });
    expect(grid.find((d) => d.date === '2027-01-01')?.holidayName).toBe('元日');
    expect(grid.find((d) => d.date === '2027-01-02')).toMatchObject({ weekend: true, closure: true });
  });

  it('counts runs of up to two working days as bridges, looking past the period', () => {
    expect(isBridgeDay('2026-12-28')).toBe(true); // Mon between Sun 12/27 and the closure
    expect(isBridgeDay('2026-04-28')).toBe(true); // Mon–Tue 4/27–28 sit between Sun 4/26 and 昭和の日
    expect(isBridgeDay('2026-06-10')).toBe(false); // an ordinary Wednesday
    expect(isBridgeDay('2026-05-03')).toBe(false); // a holiday is not a bridge
    // 2025: Wed–Fri 4/30–5/2 is a run of three.
    expect(isBridgeDay('2025-05-01')).toBe(false);
    expect(isBridgeDay('2025-05-01', 3)).toBe(true);
  });

  it('never marks a weekend, holiday or closure day as working, nor a non-working day as a bridge', () => {
    fc.assert(
      fc.property(arbDate(), fc.integer({ min: 0, max: 40 }), (start, length) => {
        for (const day of planGrid({ start, end: addDays(start, length) })) {
          if (day.weekend || day.closure || day.holidayName) expect(day.working).toBe(false);
          expect(day.working).toBe(isWorkingDay(day.date));
          expect(day.weekend).toBe(isWeekend(day.date));
          expect(day.closure).toBe(isYearEndClosure(day.date));
          expect(day.holidayName).toBe(holidayName(day.date));
          if (day.bridge) expect(day.working).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('every bridge is a working day within two steps of non-working days on both sides, and a lone working day is one', () => {
    fc.assert(
      fc.property(arbDate(), fc.integer({ min: 0, max: 40 }), (start, length) => {
        for (const day of planGrid({ start, end: addDays(start, length) })) {
          const before = [1, 2].map((n) => isWorkingDay(addDays(day.date, -n)));
          const after = [1, 2].map((n) => isWorkingDay(addDays(day.date, n)));
          if (day.bridge) {
            // The run has at most two working days: a non-working day within reach on each side,
            // and within three days in total.
            const left = before.indexOf(false);
            const right = after.indexOf(false);
            expect(left).toBeGreaterThanOrEqual(0);
            expect(right).toBeGreaterThanOrEqual(0);
            expect(left + right).toBeLessThanOrEqual(1);
          }
          if (day.working && !before[0] && !after[0]) expect(day.bridge).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
