import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isWorkingDay } from '../shared/calendar.ts';
import { declaredSpan, type PunchDay } from './punch.ts';
import { isShortRest, restIntervals, shortRests } from './rest-interval.rules.ts';

const day = (
  date: string,
  start: string | null,
  end: string | null,
  extra: Partial<PunchDay> = {},
): PunchDay => ({
  date,
  start,
  end,
  endsNextDay: false,
  onLeave: false,
  ...extra,
});

/** Independent arithmetic: real instants in Japan time, as a person would count on a clock. */
const instant = (date: string, time: string, plusDays = 0) =>
  new Date(`${addDays(date, plusDays)}T${time}:00+09:00`).getTime() / 60_000;

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

/** A sequence of days with gaps (weekends, holidays, absent rows), some punches missing, some leave. */
const daysArb = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 4 }),
      start: fc.option(hhmm, { nil: null, freq: 8 }),
      end: fc.option(hhmm, { nil: null, freq: 8 }),
      endsNextDay: fc.boolean(),
      onLeave: fc.boolean(),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((specs) => {
    let date = '2026-03-27';
    return specs.map((s) => {
      date = addDays(date, s.gap);
      return day(date, s.start, s.end, {
        endsNextDay: s.endsNextDay,
        onLeave: s.onLeave && !s.start && !s.end,
      });
    });
  });

describe('勤務間インターバル (rest between two working days)', () => {
  it('counts across midnight: out at 23:30, in at 08:00 → 8.5 h, short under 11 h', () => {
    const [r] = restIntervals([day('2026-10-05', '09:00', '23:30'), day('2026-10-06', '08:00', '18:00')]);
    expect(r).toEqual({ after: '2026-10-05', before: '2026-10-06', minutes: 510 });
    expect(isShortRest(r!, 11)).toBe(true);
    expect(isShortRest(r!, 8)).toBe(false);
  });

  it('reads an end on the next day: out at 02:00 the next morning, in at 10:00 → 8 h', () => {
    const [r] = restIntervals([
      day('2026-10-05', '09:00', '02:00', { endsNextDay: true }),
      day('2026-10-06', '10:00', '18:00'),
    ]);
    expect(r?.minutes).toBe(480);
  });

  it('is exactly 11 h not short (under the threshold is short)', () => {
    const rests = shortRests([day('2026-10-05', '09:00', '22:00'), day('2026-10-06', '09:00', '18:00')], 11);
    expect(rests).toEqual([]);
  });

  it('runs across a weekend, a holiday and whole-day leave (long, never short)', () => {
    const rests = restIntervals([
      day('2026-10-09', '09:00', '23:59'), // Friday
      day('2026-10-13', '07:00', '18:00'), // Tuesday after the Monday holiday (スポーツの日)
      day('2026-10-14', null, null, { onLeave: true }),
      day('2026-10-15', '07:00', '18:00'),
    ]);
    expect(rests.map((r) => [r.after, r.before, r.minutes])).toEqual([
      ['2026-10-09', '2026-10-13', 3 * 1440 + 7 * 60 + 1],
      ['2026-10-13', '2026-10-15', 1440 + 13 * 60],
    ]);
    expect(isWorkingDay('2026-10-12')).toBe(false);
  });

  it('gives no figure around a missing punch (no false alarm)', () => {
    expect(restIntervals([day('2026-10-05', '09:00', null), day('2026-10-06', '06:00', '18:00')])).toEqual(
      [],
    );
    expect(
      restIntervals([
        day('2026-10-05', '09:00', '23:00'),
        day('2026-10-06', null, null),
        day('2026-10-07', '06:00', '18:00'),
      ]),
    ).toEqual([]);
    // Only the start missing: the rest after that day is unknown, the one before is known.
    expect(
      restIntervals([
        day('2026-10-05', '09:00', '23:00'),
        day('2026-10-06', null, '20:00'),
        day('2026-10-07', '06:00', '18:00'),
      ]),
    ).toEqual([]);
  });

  it('gives no figure around a reversed span (bad data), whatever its times say', () => {
    expect(
      restIntervals([
        day('2026-10-05', '09:00', '23:00'),
        day('2026-10-06', '18:00', '08:00'),
        day('2026-10-07', '06:00', '18:00'),
      ]),
    ).toEqual([]);
  });

  it('property: every figure equals the clock difference of real instants in Japan time', () => {
    fc.assert(
      fc.property(daysArb, (days) => {
        const byDate = new Map(days.map((d) => [d.date, d]));
        for (const r of restIntervals(days)) {
          const a = byDate.get(r.after)!;
          const b = byDate.get(r.before)!;
          const expected = instant(b.date, b.start!) - instant(a.date, a.end!, a.endsNextDay ? 1 : 0);
          expect(r.minutes).toBe(expected);
          expect(r.minutes).toBeGreaterThan(0);
          // Every day strictly between the two was not a working day (absent or whole-day leave).
          for (const d of days) if (d.date > r.after && d.date < r.before) expect(d.onLeave).toBe(true);
        }
      }),
    );
  });

  it("property: blanking a day's punches never creates a figure (missing → no figure)", () => {
    fc.assert(
      fc.property(daysArb, fc.nat(), fc.constantFrom('start', 'end', 'both'), (days, i, which) => {
        const k = i % days.length;
        const target = days[k]!;
        // A reversed span is bad data (its own test below); blanking is about honest missing punches.
        fc.pre(!(target.start && target.end) || declaredSpan(target) !== null);
        const blanked = days.map((d, j) =>
          j !== k
            ? d
            : {
                ...d,
                onLeave: false,
                start: which === 'end' ? d.start : null,
                end: which === 'start' ? d.end : null,
              },
        );
        const before = new Set(restIntervals(days).map((r) => JSON.stringify(r)));
        for (const r of restIntervals(blanked)) expect(before.has(JSON.stringify(r))).toBe(true);
      }),
    );
  });

  it('property: with a free calendar day in between and no night work, a rest is never short', () => {
    fc.assert(
      fc.property(hhmm, hhmm, hhmm, fc.integer({ min: 2, max: 5 }), (s1, e1, s2, gap) => {
        const a = day('2026-11-06', s1, e1);
        const b = day(addDays('2026-11-06', gap), s2, '23:59');
        expect(shortRests([a, b], 24)).toEqual([]);
      }),
    );
  });
});
