import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { childcareSettings, DEFAULT_CHILDCARE_SETTINGS as S } from './childcare.settings.ts';
import { makePlan, range } from './childcare-plan.factory.ts';
import { compareWithTargets, type TakeUpRow, takeUpRates, takeUpRowOf } from './childcare-targets.rules.ts';

const row = (
  birthDate: string,
  specialLeaveDays: number,
  childcareLeaveDays: number,
  firstYearLeaveDays: number,
): TakeUpRow => ({
  birthDate,
  specialLeaveDays,
  childcareLeaveDays,
  firstYearLeaveDays,
});

const rows = [
  row('2025-03-31', 7, 60, 60), // FY2024: not counted for FY2025
  row('2025-04-01', 5, 14, 30), // first day of FY2025: meets all three
  row('2025-08-15', 4, 13, 29), // just short of all three
  row('2025-12-01', 7, 0, 7),
  row('2026-03-31', 0, 90, 90), // last day of FY2025
  row('2026-04-01', 7, 90, 90), // FY2026
];

describe('takeUpRates', () => {
  it('takes the births of the fiscal year (April–March) and counts each target', () => {
    const r = takeUpRates(rows, 2025);
    expect(r.births).toBe(4);
    expect(r.specialLeave5Days).toEqual({ met: 2, eligible: 4, rate: 0.5, pending: 0 });
    expect(r.childcareLeave2Weeks).toEqual({ met: 2, eligible: 4, rate: 0.5, pending: 0 });
    expect(r.firstYear1Month).toEqual({ met: 2, eligible: 4, rate: 0.5, pending: 0 });
  });

  it('no births: rates are null, not 0%', () => {
    expect(takeUpRates(rows, 2010).specialLeave5Days).toEqual({
      met: 0,
      eligible: 0,
      rate: null,
      pending: 0,
    });
  });

  it('counts as pending those who can still reach a target on asOf', () => {
    const r = takeUpRates(rows, 2025, { asOf: '2026-09-01' });
    // 1-month: the 2025-08-15 birth's first year ended 2026-08-14; the 2025-12-01 one is still open.
    expect(r.firstYear1Month.pending).toBe(1);
    // 5 days: the 2025-08-15 birth's window has closed; the 2026-03-31 one (0 days) is open until 2027-03-30.
    expect(r.specialLeave5Days.pending).toBe(1);
    // 2 weeks of 育児休業 can be taken until the 3rd birthday: both short rows are pending.
    expect(r.childcareLeave2Weeks.pending).toBe(2);
  });

  it('the thresholds come from the settings', () => {
    const s = childcareSettings({ targets: { childcareLeaveDays: 7 } });
    expect(takeUpRates(rows, 2025, { settings: s }).childcareLeave2Weeks.met).toBe(3);
  });

  it('rejects negative or non-numeric days and bad dates', () => {
    expect(() => takeUpRates([row('2025-05-01', -1, 0, 0)], 2025)).toThrow(AppError);
    expect(() => takeUpRates([row('2025-02-30', 1, 0, 0)], 2025)).toThrow(AppError);
    expect(() => takeUpRates([row('2025-05-01', 1, Number.NaN, 0)], 2025)).toThrow(AppError);
  });
});

describe('compareWithTargets', () => {
  it('uses the FY2023 baselines of seed 001: 70.4% (5 days), 74.5% (育児休業), 76.0% (1 month)', () => {
    const c = compareWithTargets(takeUpRates(rows, 2025), S);
    expect(c.map((x) => [x.id, x.baseline, x.baselineFiscalYear, x.target, x.byFiscalYear])).toEqual([
      ['specialLeave5Days', 0.704, 2023, 1, null],
      ['childcareLeave2Weeks', 0.745, 2023, 0.85, 2030],
      ['firstYear1Month', 0.76, 2023, 1, 2030],
    ]);
  });

  it('reports points from the baseline and to the target', () => {
    const rates = takeUpRates(
      [
        row('2025-05-01', 5, 14, 30),
        row('2025-06-01', 5, 14, 30),
        row('2025-07-01', 5, 14, 30),
        row('2025-08-01', 5, 0, 30),
      ],
      2025,
    );
    const [special, leave, firstYear] = compareWithTargets(rates, S);
    expect(special).toMatchObject({ rate: 1, pointsFromBaseline: 29.6, pointsToTarget: 0, met: true });
    expect(leave).toMatchObject({ rate: 0.75, pointsFromBaseline: 0.5, pointsToTarget: 10, met: false });
    expect(firstYear).toMatchObject({ rate: 1, pointsFromBaseline: 24, met: true });
  });

  it('without births there is nothing to compare', () => {
    expect(compareWithTargets(takeUpRates([], 2025), S).every((x) => x.rate === null && x.met === null)).toBe(
      true,
    );
  });
});

describe('takeUpRowOf', () => {
  it('counts only the ranges marked taken', () => {
    const plan = makePlan({
      birthDate: '2026-07-15',
      ranges: [
        range('spouse_childbirth_leave', '2026-07-15', '2026-07-16', 'taken'),
        range('childcare_participation_leave', '2026-07-21', '2026-07-24', 'taken'),
        range('childcare_leave', '2026-09-01', '2026-09-30', 'requested'),
      ],
    });
    expect(takeUpRowOf(plan, S)).toEqual({
      birthDate: '2026-07-15',
      specialLeaveDays: 6,
      childcareLeaveDays: 0,
      firstYearLeaveDays: 6,
    });
  });

  it('is null before the birth', () => {
    expect(takeUpRowOf(makePlan(), S)).toBeNull();
  });
});
