import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isWorkingDay } from '../shared/calendar.ts';
import { isLeaveOnTimeDay, stillWorkingAfter } from './leave-on-time.rules.ts';
import type { PunchDay } from './punch.ts';
import { lateStartAllowed, morningRest, previousWeek } from './rest-morning.rules.ts';

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

/** Independent arithmetic: real instants in Japan time. */
const instant = (date: string, time: string, plusDays = 0) =>
  new Date(`${addDays(date, plusDays)}T${time}:00+09:00`).getTime() / 60_000;

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

describe('the morning card after a short rest', () => {
  it('counts the rest from an end after midnight to the standard start of the same morning', () => {
    // Tuesday 2026-10-06 ended at 01:30 on Wednesday: 7 h to 08:30, under 11 h.
    const rest = morningRest(
      [day('2026-10-06', '09:00', '01:30', { endsNextDay: true })],
      '2026-10-07',
      '08:30',
      11,
    );
    expect(rest).toEqual({
      lastDay: '2026-10-06',
      endedAt: '2026-10-07T01:30',
      restMinutes: 7 * 60,
      restedStart: '2026-10-07T12:30',
    });
  });

  it('is quiet at exactly the threshold and speaks one minute under it', () => {
    expect(morningRest([day('2026-10-06', '09:00', '21:30')], '2026-10-07', '08:30', 11)).toBeNull();
    expect(morningRest([day('2026-10-06', '09:00', '21:31')], '2026-10-07', '08:30', 11)?.restMinutes).toBe(
      659,
    );
  });

  it('never alarms across a weekend or a holiday, and never on a missing end or after whole-day leave', () => {
    // Friday 23:00 → Monday: long. 2026-11-02 (Mon) → 11-04 (Wed) across 文化の日 (Tue 11-03): long.
    expect(morningRest([day('2026-10-09', '09:00', '23:00')], '2026-10-12', '08:30', 11)).toBeNull();
    expect(morningRest([day('2026-11-02', '09:00', '23:59')], '2026-11-04', '08:30', 11)).toBeNull();
    expect(morningRest([day('2026-10-06', '09:00', null)], '2026-10-07', '08:30', 11)).toBeNull();
    expect(
      morningRest(
        [day('2026-10-05', '09:00', '23:50'), day('2026-10-06', null, null, { onLeave: true })],
        '2026-10-07',
        '08:30',
        11,
      ),
    ).toBeNull();
    // A day without punches and without leave after the late one: unknown, so no card.
    expect(
      morningRest(
        [day('2026-10-05', '09:00', '23:50'), day('2026-10-06', null, null)],
        '2026-10-07',
        '08:30',
        11,
      ),
    ).toBeNull();
  });

  it('property: a card exactly when the real rest to the standard start is under the threshold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 4 }),
        hhmm,
        hhmm,
        fc.boolean(),
        fc.option(fc.constantFrom('start', 'end'), { nil: null }),
        fc.integer({ min: 6, max: 13 }),
        (offset, gap, start, end, nextDay, missing, hours) => {
          const last = addDays('2026-01-05', offset);
          const today = addDays(last, gap);
          const d = day(last, missing === 'start' ? null : start, missing === 'end' ? null : end, {
            endsNextDay: nextDay,
          });
          const got = morningRest([d], today, '08:30', hours);
          const endAt = instant(last, end, nextDay ? 1 : 0);
          const valid = missing === null && endAt > instant(last, start);
          const rest = instant(today, '08:30') - endAt;
          if (!valid || rest >= hours * 60) expect(got).toBeNull();
          else {
            expect(got?.restMinutes).toBe(rest);
            // The suggested start gives exactly the full rest.
            expect(instant(got!.restedStart.slice(0, 10), got!.restedStart.slice(11)) - endAt).toBe(
              hours * 60,
            );
          }
        },
      ),
    );
  });

  it('offers 遅出 only in the sections 設定 names, or everywhere when so set (fail closed by default)', () => {
    const none = { lateStartAllSections: false, lateStartSectionCodes: [] };
    expect(lateStartAllowed(none, 'S001')).toBe(false);
    expect(lateStartAllowed({ ...none, lateStartSectionCodes: ['S001'] }, 'S001')).toBe(true);
    expect(lateStartAllowed({ ...none, lateStartSectionCodes: ['S001'] }, 'S002')).toBe(false);
    expect(lateStartAllowed({ ...none, lateStartAllSections: true }, 'S002')).toBe(true);
  });

  it('reports last week Monday to Sunday, whatever day it runs', () => {
    expect(previousWeek('2026-10-12')).toEqual({ from: '2026-10-05', to: '2026-10-11' });
    expect(previousWeek('2026-10-18')).toEqual({ from: '2026-10-05', to: '2026-10-11' });
    expect(previousWeek('2027-01-04')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });
});

describe('定時退庁日', () => {
  const settings = { leaveOnTimeWeekdays: [3], leaveOnTimeDates: ['2026-10-09'] };
  it('is every working Wednesday plus the ministry’s own days, never a holiday', () => {
    expect(isLeaveOnTimeDay('2026-10-07', settings)).toBe(true); // Wednesday
    expect(isLeaveOnTimeDay('2026-10-08', settings)).toBe(false);
    expect(isLeaveOnTimeDay('2026-10-09', settings)).toBe(true); // the ministry's own day
    expect(isLeaveOnTimeDay('2026-12-30', settings)).toBe(false); // Wednesday in 年末年始
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), (n) => {
        const date = addDays('2026-01-01', n);
        if (!isWorkingDay(date)) expect(isLeaveOnTimeDay(date, settings)).toBe(false);
      }),
    );
  });

  it('names someone still working only from what the day holds, across midnight and with missing punches', () => {
    const d = '2026-10-07';
    expect(stillWorkingAfter(day(d, '08:30', '17:15'), d, '17:15')).toBeNull();
    expect(stillWorkingAfter(day(d, '08:30', '17:16'), d, '17:15')).toBe('17:16');
    expect(stillWorkingAfter(day(d, '08:30', '00:30', { endsNextDay: true }), d, '17:15')).toBe('00:30(+1)');
    expect(stillWorkingAfter(day(d, '08:30', null), d, '17:15')).toBe(''); // no end yet: still at work
    expect(stillWorkingAfter(day(d, null, null, { logonAt: `${d}T08:20` }), d, '17:15')).toBe('');
    expect(
      stillWorkingAfter(day(d, null, null, { logonAt: `${d}T08:20`, logoffAt: `${d}T17:00` }), d, '17:15'),
    ).toBeNull();
    expect(stillWorkingAfter(day(d, null, null), d, '17:15')).toBeNull(); // nothing known
    expect(stillWorkingAfter(day(d, null, null, { onLeave: true }), d, '17:15')).toBeNull();
    expect(stillWorkingAfter(undefined, d, '17:15')).toBeNull();
    expect(stillWorkingAfter(day('2026-10-06', '08:30', null), d, '17:15')).toBeNull(); // another day
  });
});
