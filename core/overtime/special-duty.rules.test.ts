import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlertInput, alertPeriod, alertsDue } from './overtime.rules.ts';
import { defaultOvertimeSettings as S } from './overtime.settings.ts';
import { annualCapFor, interviewOfferDue, specialDutyDue } from './special-duty.rules.ts';

/**
 * 人事院規則15-14 第16条の2の2: 自律 sections 45 h/month and 360 h/year; 他律 sections under 100 h a
 * month, 720 h a year, 2–6-month averages ≤ 80 h, over 45 h in at most 6 months. Beyond a cap only
 * as 特例業務 (第2項), whose causes are 整理・分析・検証 after the year (第3項). A person who moved
 * from 他律 to 自律 during the year keeps the 720 h year (第1項第1号ロ).
 */

const h = (hours: number) => hours * 60;

function input(overrides: Partial<AlertInput> = {}): AlertInput {
  return {
    month: '2026-05',
    sectionKind: 'standard',
    isManagerial: false,
    monthToDateMinutes: 0,
    history: [],
    ...overrides,
  };
}

const levels = (i: AlertInput) => specialDutyDue(i, S).map((a) => a.level);

describe('D5: the manager is asked to designate 特例業務 the moment a cap is passed', () => {
  it('自律 section: 45 h is within the cap, the first minute over it alerts the manager', () => {
    expect(levels(input({ monthToDateMinutes: h(45) }))).toEqual([]);
    const [due] = specialDutyDue(input({ monthToDateMinutes: h(45) + 1 }), S);
    expect(due).toMatchObject({
      level: 'over_month_cap',
      period: '2026-05',
      thresholdMinutes: h(45),
      recipients: [{ role: 'manager', message: 'alert' }],
    });
  });

  it('自律 section: a manager used to hear nothing until 80 h; now at 46 h', () => {
    const before = alertsDue(input({ monthToDateMinutes: h(46) }), S).flatMap((a) =>
      a.recipients.map((r) => r.role),
    );
    expect(before).not.toContain('manager');
    expect(levels(input({ monthToDateMinutes: h(46) }))).toContain('over_month_cap');
  });

  it('自律 section: the year over 360 h', () => {
    const history = [
      { month: '2026-04', minutes: h(45) },
      ...['2025-11', '2025-12'].map((m) => ({ month: m, minutes: h(45) })),
    ];
    expect(levels(input({ monthToDateMinutes: h(40), history }))).toEqual([]);
    const many = ['2026-04'].map((m) => ({ month: m, minutes: h(330) }));
    expect(levels(input({ monthToDateMinutes: h(31), history: many }))).toEqual(['over_annual_cap']);
  });

  it('他律 section: 99:59 is under 100 h; 100 h is over (100時間未満)', () => {
    const het = { sectionKind: 'heteronomous' as const };
    expect(levels(input({ ...het, monthToDateMinutes: h(100) - 1 }))).toEqual([]);
    expect(levels(input({ ...het, monthToDateMinutes: h(100) }))).toEqual(['over_month_cap']);
  });

  it('他律 section: a 2-month average over 80 h, and the 7th month over 45 h', () => {
    const het = { sectionKind: 'heteronomous' as const };
    expect(
      levels(input({ ...het, monthToDateMinutes: h(81), history: [{ month: '2026-04', minutes: h(80) }] })),
    ).toEqual(['over_average_cap']);
    const six = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'].map((m) => ({
      month: m,
      minutes: h(46),
    }));
    // Six months over 45 h in FY2025; May 2026 is in a new year: no count breach.
    expect(levels(input({ ...het, monthToDateMinutes: h(46), history: six }))).toEqual([]);
    const sameYear = ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'].map((m) => ({
      month: m,
      minutes: h(46),
    }));
    expect(
      levels(input({ ...het, month: '2026-10', monthToDateMinutes: h(46), history: sameYear })),
    ).toContain('over_months_count');
    expect(
      levels(input({ ...het, month: '2026-10', monthToDateMinutes: h(46), history: sameYear.slice(1) })),
    ).not.toContain('over_months_count');
  });

  it('the annual breach belongs to the overtime year (one card a year), the others to the month', () => {
    expect(alertPeriod('over_annual_cap', '2026-11')).toBe('2026-04');
    expect(alertPeriod('over_month_cap', '2026-11')).toBe('2026-11');
  });

  it('managerial staff are outside (as for the other targets)', () => {
    expect(levels(input({ isManagerial: true, monthToDateMinutes: h(120) }))).toEqual([]);
  });

  it('property: in a 自律 section the month breach is due exactly when the month is over 45 h', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: h(200) }), (m) => {
        expect(levels(input({ monthToDateMinutes: m })).includes('over_month_cap')).toBe(m > h(45));
      }),
    );
  });
});

describe('D6: moves between section kinds (第16条の2の2 第1項第1号ロ)', () => {
  it('a person who moved from 他律 to 自律 keeps the 720 h year', () => {
    expect(annualCapFor('standard', true, S)).toBe(h(720));
    expect(annualCapFor('standard', false, S)).toBe(h(360));
    expect(annualCapFor('heteronomous', false, S)).toBe(h(720));
  });

  it('400 h in the year: a breach for a 自律 person, none for one who came from 他律', () => {
    const history = [{ month: '2026-04', minutes: h(370) }];
    const base = input({ month: '2026-05', monthToDateMinutes: h(30), history });
    expect(levels(base)).toContain('over_annual_cap');
    expect(levels({ ...base, heteronomousEarlierInYear: true })).not.toContain('over_annual_cap');
    // The 360 h warning becomes the 720 h one for the mover.
    expect(alertsDue(base, S).map((a) => a.level)).toContain('annual360');
    expect(alertsDue({ ...base, heteronomousEarlierInYear: true }, S).map((a) => a.level)).not.toContain(
      'annual360',
    );
  });

  it('the mover still breaches past 720 h', () => {
    const history = [{ month: '2026-04', minutes: h(700) }];
    const moved = input({ monthToDateMinutes: h(30), history, heteronomousEarlierInYear: true });
    expect(levels(moved)).toContain('over_annual_cap');
    expect(alertsDue(moved, S).map((a) => a.level)).toContain('annual720');
  });
});

describe('D4: 面接指導 on request (人事院規則10-4 第22条の2 第1項第2号)', () => {
  it('is offered from 80 h in a month', () => {
    expect(interviewOfferDue('month80')).toBe(true);
    expect(interviewOfferDue('avg80')).toBe(true);
    expect(interviewOfferDue('month45')).toBe(false);
  });

  it('the employee alerts at 80 h and for the average over 80 h carry the offer', () => {
    const month = alertsDue(input({ monthToDateMinutes: h(80) }), S).find((a) => a.level === 'month80');
    expect(month?.interviewOffer).toBe(true);
    const avg = alertsDue(
      input({
        sectionKind: 'heteronomous',
        monthToDateMinutes: h(81),
        history: [{ month: '2026-04', minutes: h(80) }],
      }),
      S,
    ).find((a) => a.level === 'avg80');
    expect(avg?.interviewOffer).toBe(true);
  });
});
