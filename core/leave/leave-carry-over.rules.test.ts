import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TakenLeave } from './leave.types.ts';
import { carryOverDays, leaveBalance, openingEntitlement } from './leave-balance.rules.ts';

/**
 * 年次休暇 (一般職の職員の勤務時間、休暇等に関する法律 第17条, 人事院規則15-14 第18条): 20 days a
 * calendar year; the unused part of the year's own grant carries to the next year only, up to 20
 * days. Hourly leave: 7時間45分 = 1 day; half days count 0.5.
 */

const annual = (date: string, days = 1): TakenLeave => ({ employeeNo: 'A', date, kind: 'annual', days });

describe('carry-over', () => {
  it('20 granted + 20 carried − 15 used: the 20 carried days go first, 20 of the new grant are left, all 20 carry', () => {
    expect(carryOverDays({ grantedDays: 20, carriedOverDays: 20, usedDays: 15 })).toBe(20);
  });

  it('20 + 20 − 25 used: 15 of the year’s own grant are left and carry', () => {
    expect(carryOverDays({ grantedDays: 20, carriedOverDays: 20, usedDays: 25 })).toBe(15);
  });

  it('nothing carries when everything was used, and never more than 20', () => {
    expect(carryOverDays({ grantedDays: 20, carriedOverDays: 20, usedDays: 40 })).toBe(0);
    expect(carryOverDays({ grantedDays: 20, carriedOverDays: 0, usedDays: 0 })).toBe(20);
    expect(carryOverDays({ grantedDays: 25, carriedOverDays: 0, usedDays: 0 })).toBe(20);
  });

  it('property: 0 ≤ carry ≤ min(20, grant) and it never grows with use', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 80 }).map((x) => x / 2),
        (grant, carried, used) => {
          const c = carryOverDays({ grantedDays: grant, carriedOverDays: carried, usedDays: used });
          expect(c).toBeGreaterThanOrEqual(0);
          expect(c).toBeLessThanOrEqual(Math.min(20, grant));
          expect(
            carryOverDays({ grantedDays: grant, carriedOverDays: carried, usedDays: used + 0.5 }),
          ).toBeLessThanOrEqual(c);
        },
      ),
    );
  });
});

describe('the opening entitlement of a year', () => {
  it('computed: 20 granted + carry from last year (20 + 20 − used)', () => {
    const o = openingEntitlement({
      year: 2026,
      thisYear: null,
      lastYear: { grantedDays: 20, carriedOverDays: 20 },
      lastYearUsedDays: 17,
    });
    expect(o).toEqual({ grantedDays: 20, carriedOverDays: 20, basis: 'computed' });
    const later = openingEntitlement({
      year: 2026,
      thisYear: null,
      lastYear: { grantedDays: 20, carriedOverDays: 20 },
      lastYearUsedDays: 37,
    });
    expect(later.carriedOverDays).toBe(3);
  });

  it('an opening balance imported from the attendance system wins', () => {
    const o = openingEntitlement({
      year: 2026,
      thisYear: { grantedDays: 20, carriedOverDays: 0, openingBalanceDays: 33.5 },
      lastYear: null,
      lastYearUsedDays: 0,
    });
    expect(o).toEqual({ grantedDays: 20, carriedOverDays: 13.5, basis: 'imported' });
  });

  it('a recorded grant row is used as it is; nothing at all: 20 days, no carry', () => {
    expect(
      openingEntitlement({
        year: 2026,
        thisYear: { grantedDays: 20, carriedOverDays: 7 },
        lastYear: null,
        lastYearUsedDays: 0,
      }),
    ).toEqual({ grantedDays: 20, carriedOverDays: 7, basis: 'recorded' });
    expect(openingEntitlement({ year: 2026, thisYear: null, lastYear: null, lastYearUsedDays: 0 })).toEqual({
      grantedDays: 20,
      carriedOverDays: 0,
      basis: 'default',
    });
  });
});

describe('the balance never shows a bare negative number', () => {
  it('3 days left and 6 planned: the card can say that 3 planned days are beyond the balance', () => {
    const b = leaveBalance({
      year: 2026,
      grantedDays: 20,
      carriedOverDays: 0,
      taken: Array.from({ length: 17 }, (_, i) => annual(`2026-03-${String(i + 2).padStart(2, '0')}`)),
      asOf: '2026-06-30',
      planned: Array.from({ length: 6 }, (_, i) => ({
        date: `2026-08-${String(i + 3).padStart(2, '0')}`,
        kind: 'annual_full' as const,
      })),
    });
    expect(b.remainingDays).toBe(3);
    expect(b.plannedBeyondDays).toBe(3);
  });

  it('used more than the entitlement: remaining 0, the excess and the reason are given', () => {
    const b = leaveBalance({
      year: 2026,
      grantedDays: 20,
      carriedOverDays: 0,
      taken: Array.from({ length: 24 }, (_, i) =>
        annual(`2026-0${3 + Math.floor(i / 20)}-${String((i % 20) + 2).padStart(2, '0')}`),
      ),
    });
    expect(b.remainingDays).toBe(0);
    expect(b.overdrawnDays).toBe(4);
  });

  it('hourly leave: 7時間45分 is one day, two hours 2/7.75; half days 0.5', () => {
    const b = leaveBalance({
      year: 2026,
      grantedDays: 20,
      carriedOverDays: 0,
      taken: [annual('2026-01-05', 465 / 465), annual('2026-01-06', 120 / 465), annual('2026-01-07', 0.5)],
    });
    expect(b.usedDays).toBe(1.758);
  });
});
