import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, eachDay, isWorkingDay } from '../shared/calendar.ts';
import { DEFAULT_CHILDCARE_SETTINGS } from './childcare.settings.ts';
import {
  childcareKindOf,
  rangesFromAttendance,
  takeUpRowFromAttendance,
} from './childcare-attendance.rules.ts';

const birth = '2026-07-15'; // Wednesday
const days = (from: string, to: string, leaveType: string) =>
  eachDay(from, to)
    .filter(isWorkingDay)
    .map((date) => ({ date, leaveType }));

describe('childcare take-up from the attendance data', () => {
  it('reads the leave types the attendance app uses, and not annual leave', () => {
    expect(childcareKindOf('配偶者出産休暇')).toBe('spouse');
    expect(childcareKindOf('特別休暇（育児参加）')).toBe('participation');
    expect(childcareKindOf('育児休業')).toBe('childcare');
    expect(childcareKindOf('産後パパ育休')).toBe('childcare');
    expect(childcareKindOf('年次休暇')).toBeNull();
    expect(childcareKindOf('夏季休暇')).toBeNull();
  });

  it('runs 育児休業 across weekends as calendar days; a run within 57 days of the birth is 産後パパ育休 (Q&A 問2)', () => {
    // Working days Mon 7/20 (海の日 is a holiday) … Fri 7/31: one run from 7/21 to 7/31 = 11 calendar days.
    const ranges = rangesFromAttendance(days('2026-07-20', '2026-07-31', '育児休業'), birth);
    expect(ranges).toEqual([
      { kind: 'postnatal_paternity_leave', start: '2026-07-21', end: '2026-07-31', status: 'taken' },
    ]);
    // A working day back in between splits the run; the window is the birth day + 56 more days
    // (7/15 → 9/9): a run starting on 9/8 is 産後パパ育休, one starting on 9/10 is 育児休業.
    const later = rangesFromAttendance(
      [...days('2026-09-07', '2026-09-08', '育児休業'), ...days('2026-09-10', '2026-09-11', '育児休業')],
      birth,
    );
    expect(later.map((r) => [r.kind, r.start, r.end])).toEqual([
      ['postnatal_paternity_leave', '2026-09-07', '2026-09-08'],
      ['childcare_leave', '2026-09-10', '2026-09-11'],
    ]);
  });

  it('counts the targets as the sheet would for the same days (5 special days, 2 weeks of 休業)', () => {
    const taken = [
      ...days('2026-07-13', '2026-07-14', '配偶者出産休暇'), // before the birth: in the window
      ...days('2026-07-16', '2026-07-17', '育児参加休暇'),
      { date: '2026-07-21', leaveType: '育児参加休暇' },
      ...days('2026-08-03', '2026-08-14', '育児休業'), // Mon 8/3 … Fri 8/14: 12 calendar days (< 14)
      ...days('2026-07-22', '2026-07-24', '年次休暇'),
    ];
    const row = takeUpRowFromAttendance(
      { birthDate: birth, dueDate: '2026-07-20', multipleBirth: false },
      taken,
      DEFAULT_CHILDCARE_SETTINGS,
    );
    expect(row).toMatchObject({ birthDate: birth, specialLeaveDays: 5, childcareLeaveDays: 12 });
    expect(row!.childcareLeaveDays >= DEFAULT_CHILDCARE_SETTINGS.targets.childcareLeaveDays).toBe(false);
    // No birth date yet: no row (the birth is what the rates count).
    expect(
      takeUpRowFromAttendance(
        { birthDate: null, dueDate: birth, multipleBirth: false },
        taken,
        DEFAULT_CHILDCARE_SETTINGS,
      ),
    ).toBeNull();
  });

  it('caps each special leave at its days in the window: days outside do not use it up, days over it all drop', () => {
    const row = (taken: { date: string; leaveType: string }[]) =>
      takeUpRowFromAttendance(
        { birthDate: birth, dueDate: birth, multipleBirth: false },
        taken,
        DEFAULT_CHILDCARE_SETTINGS,
      )!.specialLeaveDays;
    // 配偶者出産休暇 (2 days, 7/8–7/29): a mislabelled day in June is refused and must not push the
    // second day in the window over the limit (it counted 1 instead of 2).
    expect(
      row([
        { date: '2026-06-10', leaveType: '配偶者出産休暇' },
        { date: '2026-07-14', leaveType: '配偶者出産休暇' },
        { date: '2026-07-16', leaveType: '配偶者出産休暇' },
      ]),
    ).toBe(2);
    // 育児参加のための休暇 (5 days): eight recorded days in the window count 5, not 7 (only the day
    // crossing the limit was dropped, the ones after it counted).
    expect(row(days('2026-07-16', '2026-07-28', '育児参加のための休暇'))).toBe(5);
    // The earliest days are the ones that count (so the first-year count sees the same days).
    expect(
      takeUpRowFromAttendance(
        { birthDate: birth, dueDate: birth, multipleBirth: false },
        [
          ...days('2026-07-16', '2026-07-22', '育児参加のための休暇'), // 7/16,17,21,22 (7/20 海の日)
          ...days('2026-11-02', '2026-11-06', '育児参加のための休暇'),
        ],
        DEFAULT_CHILDCARE_SETTINGS,
      ),
      // 7/16, 7/17, 7/21, 7/22, 11/2 and the 7/18–7/20 they enclose; not 11/4–11/6.
    ).toMatchObject({ specialLeaveDays: 5, firstYearLeaveDays: 8 });
  });

  it('property: 育児休業 days of one unbroken stretch count every calendar day from the first to the last', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 400 }), fc.integer({ min: 1, max: 60 }), (offset, length) => {
        const start = addDays(birth, offset);
        const end = addDays(start, length);
        const taken = days(start, end, '育児休業');
        if (taken.length === 0) return;
        const ranges = rangesFromAttendance(taken, birth);
        expect(ranges).toHaveLength(1);
        expect(ranges[0]).toMatchObject({
          start: taken[0]!.date,
          end: taken.at(-1)!.date,
          kind: 'childcare_leave',
        });
      }),
    );
  });
});
