import { describe, expect, it } from 'vitest';
import { lastDayOfPeriod } from '../shared/calendar.ts';
import { childcareSettings, DEFAULT_CHILDCARE_SETTINGS as S } from './childcare.settings.ts';
import { makePlan, range } from './childcare-plan.factory.ts';
import { countedDays, leaveWindows, requestDeadline, windowsFor } from './childcare-windows.rules.ts';

describe('leaveWindows before the birth (due date 2026-07-15)', () => {
  const { windows, born, referenceBirth } = leaveWindows(makePlan(), S);

  it('uses the due date for the birth and marks every window provisional', () => {
    expect(born).toBe(false);
    expect(referenceBirth).toBe('2026-07-15');
    for (const w of Object.values(windows)) expect(w.provisional).toBe(true);
  });

  it('配偶者出産休暇: assumed admission 7 days before the due date to 2 weeks after', () => {
    expect(windows.spouse_childbirth_leave).toMatchObject({
      from: '2026-07-08',
      to: '2026-07-29',
      fromBasis: 'assumed_admission',
      unit: 'working_days',
      maxDays: 2,
    });
  });

  it('育児参加のための休暇: 8 weeks before the due date to the day before the first birthday', () => {
    expect(windows.childcare_participation_leave).toMatchObject({
      from: '2026-05-20',
      to: '2027-07-14',
      maxDays: 5,
    });
  });

  it('産後パパ育休: due date (standing in for the birth) to day 57, no day cap, 2 parts (Q&A 問2)', () => {
    expect(windows.postnatal_paternity_leave).toMatchObject({
      from: '2026-07-15',
      to: '2026-09-09',
      maxDays: null,
      maxParts: 2,
      partsHardLimit: false,
      unit: 'calendar_days',
    });
  });

  it('育児休業: from the birth to the day before the 3rd birthday', () => {
    expect(windows.childcare_leave).toMatchObject({
      from: '2026-07-15',
      to: '2029-07-14',
      maxDays: null,
      maxParts: 2,
    });
  });
});

describe('leaveWindows with the facts known', () => {
  it('multiple birth: 育児参加 opens 14 weeks before the due date', () => {
    const w = windowsFor({ dueDate: '2026-07-15', multipleBirth: true }, S);
    expect(w.childcare_participation_leave.from).toBe('2026-04-08');
  });

  it('an entered admission date starts 配偶者出産休暇 and makes it final once born', () => {
    const w = windowsFor(
      {
        dueDate: '2026-07-15',
        birthDate: '2026-07-14',
        spouseAdmissionDate: '2026-07-13',
        multipleBirth: false,
      },
      S,
    );
    expect(w.spouse_childbirth_leave).toMatchObject({
      from: '2026-07-13',
      to: '2026-07-28',
      fromBasis: 'admission',
      provisional: false,
    });
  });

  it('born without an admission date: the spouse window stays provisional, the others are final', () => {
    const w = windowsFor({ dueDate: '2026-07-15', birthDate: '2026-07-14', multipleBirth: false }, S);
    expect(w.spouse_childbirth_leave.provisional).toBe(true);
    expect(w.spouse_childbirth_leave.from).toBe('2026-07-07');
    expect(w.postnatal_paternity_leave.provisional).toBe(false);
  });

  it('born before the due date: 産後パパ育休 runs from the birth to day 57 from the birth (Q&A 問1, 問2)', () => {
    const w = windowsFor({ dueDate: '2026-07-15', birthDate: '2026-07-01', multipleBirth: false }, S);
    expect(w.postnatal_paternity_leave).toMatchObject({ from: '2026-07-01', to: '2026-08-26' });
    // 育児参加 still opens from the due date; it closes one year after the actual birth.
    expect(w.childcare_participation_leave).toMatchObject({ from: '2026-05-20', to: '2027-06-30' });
  });

  it('born after the due date: 産後パパ育休 opens on the birth, not the due date (Q&A 問1)', () => {
    const w = windowsFor({ dueDate: '2026-07-15', birthDate: '2026-07-25', multipleBirth: false }, S);
    expect(w.postnatal_paternity_leave).toMatchObject({ from: '2026-07-25', to: '2026-09-19' });
    expect(w.childcare_leave.from).toBe('2026-07-25');
  });

  it('born more than 8 weeks early: 育児参加 is open from the birth (assumption)', () => {
    const w = windowsFor({ dueDate: '2026-10-01', birthDate: '2026-07-01', multipleBirth: false }, S);
    expect(w.childcare_participation_leave).toMatchObject({ from: '2026-07-01', fromBasis: 'birth' });
  });

  it('a report after the birth without a due date uses the birth date for both', () => {
    const w = windowsFor({ birthDate: '2026-07-15', multipleBirth: false }, S);
    expect(w.postnatal_paternity_leave).toMatchObject({ from: '2026-07-15', to: '2026-09-09' });
    expect(w.childcare_participation_leave.from).toBe('2026-05-20');
  });

  it('leap day: a child born 2024-02-29 turns 1 and 3 at the end of 28 February', () => {
    const w = windowsFor({ birthDate: '2024-02-29', dueDate: '2024-02-29', multipleBirth: false }, S);
    expect(w.childcare_participation_leave.to).toBe('2025-02-28');
    expect(w.childcare_leave.to).toBe('2027-02-28');
    expect(w.postnatal_paternity_leave.to).toBe('2024-04-25'); // 2/29 is day 1, 4/25 day 57
  });

  it('settings change the windows (e.g. admission assumed 14 days ahead)', () => {
    const w = windowsFor(
      { dueDate: '2026-07-15', multipleBirth: false },
      childcareSettings({ spouseChildbirthLeave: { assumedAdmissionDaysBefore: 14 } }),
    );
    expect(w.spouse_childbirth_leave.from).toBe('2026-07-01');
  });

  it('refuses a plan with neither a due date nor a birth date', () => {
    expect(() => windowsFor({ multipleBirth: false }, S)).toThrow(RangeError);
  });
});

describe('request deadlines', () => {
  it('産後パパ育休: 2 weeks before the start', () => {
    expect(requestDeadline('postnatal_paternity_leave', '2026-07-27', S)).toBe('2026-07-13');
  });

  it('育児休業: 1 month before the start, and the last working day when that is a weekend', () => {
    const plan = makePlan({ ranges: [range('childcare_leave', '2026-12-28', '2027-01-10')] });
    expect(leaveWindows(plan, S).deadlines[0]).toMatchObject({
      requestBy: '2026-11-28',
      lastWorkingDayToRequest: '2026-11-27',
    });
  });

  it('育児休業 starting on the 31st: the month before has no 31st, so its last day', () => {
    expect(requestDeadline('childcare_leave', '2027-03-31', S)).toBe('2027-02-28');
  });

  it('special leaves have no request deadline', () => {
    expect(requestDeadline('spouse_childbirth_leave', '2026-07-15', S)).toBeNull();
    expect(requestDeadline('childcare_participation_leave', '2026-07-15', S)).toBeNull();
  });
});

describe('countedDays', () => {
  it('special leaves count working days: the year-end closure inside a range is not counted', () => {
    // Mon 12/28, closed 12/29–1/3, Mon 1/4, Tue 1/5.
    expect(countedDays('childcare_participation_leave', '2026-12-28', '2027-01-05')).toBe(3);
  });

  it('special leaves skip public holidays (海の日 2026-07-20)', () => {
    expect(countedDays('childcare_participation_leave', '2026-07-20', '2026-07-24')).toBe(4);
  });

  it('special leaves over a weekend and Silver Week only count nothing', () => {
    expect(countedDays('spouse_childbirth_leave', '2026-09-19', '2026-09-23')).toBe(0);
  });

  it('休業 count calendar days, weekends and holidays included', () => {
    expect(countedDays('childcare_leave', '2026-12-28', '2027-01-10')).toBe(14);
    expect(countedDays('postnatal_paternity_leave', '2026-07-15', '2026-07-15')).toBe(1);
  });

  it('a reversed range counts nothing', () => {
    expect(countedDays('childcare_leave', '2026-07-15', '2026-07-14')).toBe(0);
  });
});

describe('lastDayOfPeriod (calendar helper)', () => {
  it('is the day before the same date, or the month end when that date does not exist', () => {
    expect(lastDayOfPeriod('2026-07-15', 12)).toBe('2027-07-14');
    expect(lastDayOfPeriod('2024-02-29', 12)).toBe('2025-02-28');
    expect(lastDayOfPeriod('2024-02-29', 48)).toBe('2028-02-28');
    expect(lastDayOfPeriod('2026-01-31', 1)).toBe('2026-02-28');
    expect(lastDayOfPeriod('2026-03-01', 1)).toBe('2026-03-31');
  });
});
