import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isYearMonth, monthsBetween, overtimeYearStart, shiftMonth } from './year-month.ts';

describe('year-month', () => {
  it('recognises YYYY-MM', () => {
    expect(isYearMonth('2026-05')).toBe(true);
    expect(isYearMonth('2026-13')).toBe(false);
    expect(isYearMonth('2026-00')).toBe(false);
    expect(isYearMonth('2026-5')).toBe(false);
    expect(isYearMonth('2026-05-01')).toBe(false);
  });

  it('shifts across years', () => {
    expect(shiftMonth('2026-01', -2)).toBe('2025-11');
    expect(shiftMonth('2025-11', 14)).toBe('2027-01');
    expect(() => shiftMonth('2026-13', 1)).toThrow(RangeError);
  });

  it('puts January–March in the overtime year that began the April before', () => {
    expect(overtimeYearStart('2026-03')).toBe('2025-04');
    expect(overtimeYearStart('2026-04')).toBe('2026-04');
    expect(overtimeYearStart('2026-12')).toBe('2026-04');
  });

  it('property: shifting by n moves n months', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2060 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -120, max: 120 }),
        (y, m, n) => {
          const month = `${y}-${String(m).padStart(2, '0')}`;
          expect(monthsBetween(month, shiftMonth(month, n))).toBe(n);
          expect(shiftMonth(shiftMonth(month, n), -n)).toBe(month);
        },
      ),
    );
  });
});
