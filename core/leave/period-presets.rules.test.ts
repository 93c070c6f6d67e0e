import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, eachDay, isWorkingDay } from '../shared/calendar.ts';
import {
  goldenWeekPeriod,
  nonWorkingBlock,
  presetPeriod,
  summerPeriod,
  yearEndClosureBlock,
  yearEndPeriod,
} from './period-presets.rules.ts';

describe('Golden Week preset', () => {
  it('2026: 昭和の日 (Wed 4/29) to the end of 5/2–5/6 (振替休日 on Wed 5/6)', () => {
    expect(goldenWeekPeriod(2026)).toEqual({ start: '2026-04-29', end: '2026-05-06' });
  });

  it('2027: Thu 4/29 to Wed 5/5 (5/1–5/5 are weekend and holidays)', () => {
    expect(goldenWeekPeriod(2027)).toEqual({ start: '2027-04-29', end: '2027-05-05' });
  });

  it('2028: 昭和の日 on Saturday with Sunday, to the weekend after 5/3–5/5 (Sun 5/7)', () => {
    expect(goldenWeekPeriod(2028)).toEqual({ start: '2028-04-29', end: '2028-05-07' });
  });

  it('starts with the weekend when it touches 昭和の日', () => {
    // 2024: Mon 4/29 → Sat–Sun 4/27–28 belong to GW; 2029: Sun 4/29 + 振替休日 Mon 4/30 → from Sat 4/28.
    expect(goldenWeekPeriod(2024)).toEqual({ start: '2024-04-27', end: '2024-05-06' });
    expect(goldenWeekPeriod(2029)).toEqual({ start: '2029-04-28', end: '2029-05-06' });
    // 2025: Mon 4/28 is a working day between the weekend and Tue 4/29, so GW starts on 4/29.
    expect(goldenWeekPeriod(2025)).toEqual({ start: '2025-04-29', end: '2025-05-06' });
  });

  it('always runs from a non-working block to a non-working block and covers 4/29–5/5', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2049 }), (year) => {
        const { start, end } = goldenWeekPeriod(year);
        expect(isWorkingDay(start) || isWorkingDay(end)).toBe(false);
        expect(isWorkingDay(addDays(start, -1))).toBe(true);
        expect(isWorkingDay(addDays(end, 1))).toBe(true);
        expect(start <= `${year}-04-29` && end >= `${year}-05-05`).toBe(true);
      }),
    );
  });
});

describe('summer preset', () => {
  it('is 夏季休暇 July–September', () => {
    expect(summerPeriod(2026)).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(presetPeriod('summer', 2027)).toEqual({ start: '2027-07-01', end: '2027-09-30' });
  });
});

describe('year-end preset', () => {
  it('2026: the closure is Tue 12/29 – Sun 1/3; the campaign runs Mon 12/21 – Mon 1/11 (成人の日)', () => {
    expect(yearEndClosureBlock(2026)).toEqual({ start: '2026-12-29', end: '2027-01-03' });
    expect(yearEndPeriod(2026)).toEqual({ start: '2026-12-21', end: '2027-01-11' });
  });

  it('takes in the weekends that touch the closure (2025: Sat 12/27 – Sun 1/4; 2030: Sat 12/28 – Sun 1/5)', () => {
    expect(yearEndClosureBlock(2025)).toEqual({ start: '2025-12-27', end: '2026-01-04' });
    expect(yearEndClosureBlock(2030)).toEqual({ start: '2030-12-28', end: '2031-01-05' });
  });

  it('covers the closure with working days to plan on both sides, within a campaign’s length, every year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2049 }), (year) => {
        const p = presetPeriod('year_end', year);
        const closure = yearEndClosureBlock(year);
        expect(eachDay(closure.start, closure.end).some(isWorkingDay)).toBe(false);
        expect(p.start < closure.start && p.end > closure.end).toBe(true);
        expect(
          eachDay(p.start, addDays(closure.start, -1)).filter(isWorkingDay).length,
        ).toBeGreaterThanOrEqual(4);
        expect(eachDay(addDays(closure.end, 1), p.end).filter(isWorkingDay).length).toBeGreaterThanOrEqual(3);
        expect(eachDay(p.start, p.end).length).toBeLessThanOrEqual(35);
      }),
    );
  });
});

describe('non-working blocks and calendar limits', () => {
  it('finds the run of days off around a date, and nothing on a working day', () => {
    expect(nonWorkingBlock('2026-05-04')).toEqual({ start: '2026-05-02', end: '2026-05-06' });
    expect(nonWorkingBlock('2026-04-30')).toBeUndefined();
  });

  it('refuses years the holiday calendar does not know', () => {
    expect(() => goldenWeekPeriod(2051)).toThrow(RangeError);
    expect(() => yearEndPeriod(2050)).toThrow(RangeError);
  });
});
