import { describe, expect, it } from 'vitest';
import { childcareSettings, DEFAULT_CHILDCARE_SETTINGS as S } from './childcare.settings.ts';
import { makePlan, range } from './childcare-plan.factory.ts';
import { leaveDaysWithin, planTotals } from './childcare-totals.rules.ts';

describe('planTotals', () => {
  it('counts special leaves in working days and 休業 in calendar days', () => {
    const t = planTotals(
      makePlan({
        ranges: [
          range('spouse_childbirth_leave', '2026-07-15', '2026-07-16'),
          range('childcare_participation_leave', '2026-07-17', '2026-07-21'), // Fri, (Sat, Sun, 海の日), Tue
          range('postnatal_paternity_leave', '2026-07-27', '2026-08-02'),
          range('childcare_leave', '2026-12-28', '2027-01-10'),
        ],
      }),
      S,
    );
    expect(t.byKind).toEqual({
      spouse_childbirth_leave: { days: 2, unit: 'working_days', ranges: 1 },
      childcare_participation_leave: { days: 2, unit: 'working_days', ranges: 1 },
      postnatal_paternity_leave: { days: 7, unit: 'calendar_days', ranges: 1 },
      childcare_leave: { days: 14, unit: 'calendar_days', ranges: 1 },
      childcare_annual_leave: { days: 0, unit: 'working_days', ranges: 0 },
    });
    expect(t.specialLeaveDays).toBe(4);
    expect(t.childcareLeaveDays).toBe(21);
    expect(t.totalLeaveDays).toBe(25);
  });

  it('"あと3日で5日目標" with 2 days of 配偶者出産休暇 only', () => {
    const t = planTotals(
      makePlan({ ranges: [range('spouse_childbirth_leave', '2026-07-15', '2026-07-16')] }),
      S,
    );
    expect(t.targets.specialLeave5Days).toMatchObject({ met: false, actual: 2, required: 5, remaining: 3 });
    expect(t.targets.specialLeave5Days.summaryKey).toBe('childcare.target.specialLeave5Days.remaining');
    expect(t.targets.specialLeave5Days.summary.ja).toContain('あと3日で5日目標');
    expect(t.targets.specialLeave5Days.summary.en).toContain('3 more days to the 5-day goal');
  });

  it('the 2-week target counts 産後パパ育休 and 育児休業 together', () => {
    const t = planTotals(
      makePlan({
        ranges: [
          range('postnatal_paternity_leave', '2026-07-16', '2026-07-22'),
          range('childcare_leave', '2026-09-01', '2026-09-07'),
        ],
      }),
      S,
    );
    expect(t.targets.childcareLeave2Weeks).toMatchObject({ met: true, actual: 14, remaining: 0 });
    expect(t.targets.childcareLeave2Weeks.summary.ja).toContain('2週間目標を達成');
  });

  it('an empty plan has zeros and every target open', () => {
    const t = planTotals(makePlan(), S);
    expect(t.totalLeaveDays).toBe(0);
    expect(t.firstYear.days).toBe(0);
    expect(Object.values(t.targets).map((c) => c.remaining)).toEqual([5, 14, 30]);
    expect(t.targets.firstYear1Month.summary.ja).toBe(
      'あと30日で1か月目標（出生後1年以内の休暇・休業 現在0日）',
    );
  });

  it('the first year runs from the birth to the day before the first birthday (due date until born)', () => {
    expect(planTotals(makePlan(), S).firstYear).toMatchObject({ from: '2026-07-15', to: '2027-07-14' });
    expect(planTotals(makePlan({ birthDate: '2026-07-10' }), S).firstYear).toMatchObject({
      from: '2026-07-10',
      to: '2027-07-09',
    });
  });

  it('leave before the birth and after the first year does not count toward the 1-month target', () => {
    const t = planTotals(
      makePlan({
        birthDate: '2026-07-15',
        ranges: [
          range('childcare_participation_leave', '2026-07-13', '2026-07-14'),
          range('childcare_leave', '2027-07-10', '2027-07-20'),
        ],
      }),
      S,
    );
    expect(t.firstYear.days).toBe(5); // 2027-07-10 … 07-14
  });

  it('a month of 育児休業 in the first year meets the 1-month target', () => {
    const t = planTotals(
      makePlan({ birthDate: '2026-07-15', ranges: [range('childcare_leave', '2026-08-01', '2026-08-30')] }),
      S,
    );
    expect(t.targets.firstYear1Month).toMatchObject({ met: true, actual: 30 });
  });
});

describe('leaveDaysWithin: weekends next to special leave', () => {
  const all = ['2026-01-01', '2027-12-31'] as const;
  const friMon = [
    range('childcare_participation_leave', '2026-07-24'),
    range('childcare_participation_leave', '2026-07-27'),
  ];
  const friOnly = [range('childcare_participation_leave', '2026-07-24')];

  it("'none' counts leave days only", () => {
    expect(leaveDaysWithin(friMon, ...all, 'none')).toBe(2);
  });

  it("'enclosed' counts the weekend between a Friday and a Monday", () => {
    expect(leaveDaysWithin(friMon, ...all, 'enclosed')).toBe(4);
    expect(leaveDaysWithin(friOnly, ...all, 'enclosed')).toBe(1);
  });

  it("'adjacent' also counts the weekend after a lone Friday", () => {
    expect(leaveDaysWithin(friOnly, ...all, 'adjacent')).toBe(3);
  });

  it('a weekend inside a special-leave range is enclosed', () => {
    expect(
      leaveDaysWithin(
        [range('childcare_participation_leave', '2026-07-24', '2026-07-27')],
        ...all,
        'enclosed',
      ),
    ).toBe(4);
  });

  it('the year-end closure between a 12/28 leave and a 1/4 leave is enclosed', () => {
    const ranges = [
      range('childcare_participation_leave', '2026-12-28'),
      range('childcare_participation_leave', '2027-01-04'),
    ];
    expect(leaveDaysWithin(ranges, ...all, 'enclosed')).toBe(8);
  });

  it('the setting switches planTotals', () => {
    const plan = makePlan({ birthDate: '2026-07-15', ranges: friMon });
    expect(
      planTotals(plan, childcareSettings({ targets: { firstYearNonWorkingDays: 'none' } })).firstYear.days,
    ).toBe(2);
    expect(planTotals(plan, S).firstYear.days).toBe(4);
  });

  it('overlapping ranges are not counted twice', () => {
    const ranges = [
      range('childcare_leave', '2026-08-01', '2026-08-10'),
      range('childcare_leave', '2026-08-05', '2026-08-14'),
    ];
    expect(leaveDaysWithin(ranges, ...all, 'none')).toBe(14);
  });
});
