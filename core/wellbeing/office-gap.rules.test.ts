import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../shared/calendar.ts';
import { isOfficeGap, officeGap } from './office-gap.rules.ts';
import type { PunchDay } from './punch.ts';

const day = (
  start: string | null,
  end: string | null,
  on: string | null,
  off: string | null,
  endsNextDay = false,
): PunchDay => ({
  date: '2026-10-05',
  start,
  end,
  endsNextDay,
  onLeave: false,
  logonAt: on,
  logoffAt: off,
});

/** Minutes after 2026-10-05 00:00 → 'YYYY-MM-DDTHH:MM' (may fall on the next days). */
const stamp = (mins: number) =>
  `${addDays('2026-10-05', Math.floor(mins / 1440))}T${String(Math.floor((mins % 1440) / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
const clock = (mins: number) => stamp(mins).slice(11);

describe('登庁・退庁の記録と申告の乖離 (in-office vs declared)', () => {
  it('counts log-on before the declared start and log-off after the declared end', () => {
    const gap = officeGap(day('09:30', '18:15', '2026-10-05T08:50', '2026-10-05T21:05'));
    expect(gap).toEqual({ loggedMinutes: 735, declaredMinutes: 525, outsideMinutes: 40 + 170 });
    expect(isOfficeGap(gap, 30)).toBe(true);
  });

  it('reads a log-off after midnight against a declared end on the next day', () => {
    const gap = officeGap(day('09:30', '01:00', '2026-10-05T09:25', '2026-10-06T02:30', true));
    expect(gap?.outsideMinutes).toBe(5 + 90);
    // Declared end the same evening, log-off after midnight: the whole night is outside.
    expect(officeGap(day('09:30', '18:00', '2026-10-05T09:30', '2026-10-06T01:00'))?.outsideMinutes).toBe(
      420,
    );
  });

  it('gives no figure for a missing punch or log (never a false gap)', () => {
    expect(officeGap(day(null, '18:00', '2026-10-05T07:00', '2026-10-05T23:00'))).toBeNull();
    expect(officeGap(day('09:00', null, '2026-10-05T07:00', '2026-10-05T23:00'))).toBeNull();
    expect(officeGap(day('09:00', '18:00', null, '2026-10-05T23:00'))).toBeNull();
    expect(officeGap(day('09:00', '18:00', '2026-10-05T07:00', null))).toBeNull();
    expect(isOfficeGap(null, 0)).toBe(false);
  });

  it('is no gap at exactly the threshold (more than it is)', () => {
    const gap = officeGap(day('09:00', '18:00', '2026-10-05T09:00', '2026-10-05T18:30'));
    expect(isOfficeGap(gap, 30)).toBe(false);
    expect(isOfficeGap(gap, 29)).toBe(true);
  });

  const arb = fc.record({
    start: fc.integer({ min: 0, max: 1439 }),
    len: fc.integer({ min: 1, max: 1439 }),
    on: fc.integer({ min: 0, max: 2 * 1440 }),
    logLen: fc.integer({ min: 1, max: 1440 }),
  });
  const build = (a: { start: number; len: number; on: number; logLen: number }) =>
    day(clock(a.start), clock(a.start + a.len), stamp(a.on), stamp(a.on + a.logLen), a.start + a.len >= 1440);

  it('property: outside minutes equal a minute-by-minute count, and never exceed the log', () => {
    fc.assert(
      fc.property(arb, (a) => {
        const gap = officeGap(build(a));
        expect(gap).not.toBeNull();
        let outside = 0;
        for (let t = a.on; t < a.on + a.logLen; t++) if (t < a.start || t >= a.start + a.len) outside++;
        expect(gap?.outsideMinutes).toBe(outside);
        expect(gap?.outsideMinutes).toBeLessThanOrEqual(gap?.loggedMinutes ?? -1);
      }),
      { numRuns: 200 },
    );
  });

  it('property: a later log-off never lowers the gap, a log inside the declared span is none', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 600 }), (a, more) => {
        const base = officeGap(build(a))!;
        const later = officeGap(build({ ...a, logLen: a.logLen + more }))!;
        expect(later.outsideMinutes).toBeGreaterThanOrEqual(base.outsideMinutes);
        const inside = officeGap(build({ ...a, on: a.start, logLen: a.len }))!;
        expect(inside.outsideMinutes).toBe(0);
      }),
    );
  });
});
