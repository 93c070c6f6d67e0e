import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../shared/calendar.ts';
import { validatePlan } from './childcare.rules.ts';
import { childcareSettings, DEFAULT_CHILDCARE_SETTINGS as S } from './childcare.settings.ts';
import { makePlan, range } from './childcare-plan.factory.ts';
import { compareWithTargets, takeUpRates, takeUpRowOf } from './childcare-targets.rules.ts';
import { planTotals } from './childcare-totals.rules.ts';
import { windowsFor } from './childcare-windows.rules.ts';

/**
 * The national civil service's 産後パパ育休, not the private sector's 出生時育児休業:
 * - 人事院「育児休業 常勤職員向けQ&A」問2: 産後パパ育休 is the 1st and 2nd 育児休業 taken within the
 *   57 days from the birth; no 4-week cap (the 28 days of 育児・介護休業法 §9-2 do not apply).
 * - 問2 留意点: a 産後パパ育休 continuing into day 58 counts as an ordinary 育児休業 (問1).
 * - 問1: 育児休業 is taken from the day of the birth, even when it differs from the due date.
 */

const EARLY = '2026-03-02';
const codes = (issues: { code: string; where: string }[]) => issues.map((i) => `${i.code}@${i.where}`);

describe('D1: no 28-day cap on 産後パパ育休 (Q&A 問2)', () => {
  it('six weeks inside the 57 days is valid', () => {
    // Due 2026-07-15: day 57 = 2026-09-09. Six weeks = 42 days.
    const plan = makePlan({ ranges: [range('postnatal_paternity_leave', '2026-07-15', '2026-08-25')] });
    const v = validatePlan(plan, S, EARLY);
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([]);
  });

  it('the whole 57 days in one part is valid; the window has no day limit', () => {
    const plan = makePlan({ ranges: [range('postnatal_paternity_leave', '2026-07-15', '2026-09-09')] });
    expect(validatePlan(plan, S, EARLY).ok).toBe(true);
    expect(windowsFor(plan, S).postnatal_paternity_leave.maxDays).toBeNull();
  });

  it('property: any one or two parts inside the 57 days validate without error', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 56 }),
        fc.integer({ min: 0, max: 56 }),
        fc.integer({ min: 0, max: 56 }),
        (a, b, c) => {
          const [s1, e1, s2] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
          const ranges = [
            range('postnatal_paternity_leave', addDays('2026-07-15', s1), addDays('2026-07-15', e1)),
          ];
          if (s2 > e1 + 1)
            ranges.push(range('postnatal_paternity_leave', addDays('2026-07-15', s2), '2026-09-09'));
          const v = validatePlan(makePlan({ ranges }), S, EARLY);
          expect(v.errors).toEqual([]);
        },
      ),
    );
  });
});

describe('D2: a third part inside the window is allowed and counts as ordinary 育児休業 (Q&A 問2)', () => {
  const three = [
    range('postnatal_paternity_leave', '2026-07-15', '2026-07-20'),
    range('postnatal_paternity_leave', '2026-08-01', '2026-08-05'),
    range('postnatal_paternity_leave', '2026-08-20', '2026-08-25'),
  ];

  it('warns, does not refuse', () => {
    const v = validatePlan(makePlan({ ranges: three }), S, EARLY);
    expect(v.errors).toEqual([]);
    expect(codes(v.warnings)).toEqual(['third_part_ordinary@ranges.2']);
    expect(v.warnings[0]!.message).toContain('育児休業');
    expect(v.warnings[0]!.message).toContain('1回');
  });

  it('the third part uses one of the two ordinary 育児休業: two more ordinary parts exceed the two', () => {
    const v = validatePlan(
      makePlan({
        ranges: [
          ...three,
          range('childcare_leave', '2026-12-01', '2026-12-10'),
          range('childcare_leave', '2027-02-01', '2027-02-10'),
        ],
      }),
      S,
      EARLY,
    );
    expect(v.errors).toEqual([]);
    expect(codes(v.warnings)).toContain('third_part_ordinary@ranges.2');
    expect(codes(v.warnings)).toContain('too_many_parts@ranges.4');
  });

  it('with one ordinary part after it, the count is two: no parts warning', () => {
    const v = validatePlan(
      makePlan({ ranges: [...three, range('childcare_leave', '2026-12-01', '2026-12-10')] }),
      S,
      EARLY,
    );
    expect(codes(v.warnings)).toEqual(['third_part_ordinary@ranges.2']);
  });

  it('a part continuing past day 57 warns and counts as ordinary 育児休業 (問2 留意点)', () => {
    const v = validatePlan(
      makePlan({ ranges: [range('postnatal_paternity_leave', '2026-09-01', '2026-09-20')] }),
      S,
      EARLY,
    );
    expect(v.errors).toEqual([]);
    expect(codes(v.warnings)).toEqual(['papa_past_window@ranges.0']);
  });

  it('a part starting after day 57 is not 産後パパ育休 at all: error', () => {
    const v = validatePlan(
      makePlan({ ranges: [range('postnatal_paternity_leave', '2026-09-10', '2026-09-20')] }),
      S,
      EARLY,
    );
    expect(codes(v.errors)).toEqual(['outside_window@ranges.0.start']);
  });
});

describe('D3: the window runs from the birth (Q&A 問1 出産日当日から, 問2 出生の日から57日間)', () => {
  it('born early: the window is the birth to birth + 56, not the due date', () => {
    const w = windowsFor(makePlan({ birthDate: '2026-07-01' }), S).postnatal_paternity_leave;
    expect(w).toMatchObject({ from: '2026-07-01', to: '2026-08-26' });
  });

  it('born late: the window starts at the birth, not the due date, and ends on birth + 56', () => {
    const w = windowsFor(makePlan({ birthDate: '2026-07-25' }), S).postnatal_paternity_leave;
    expect(w).toMatchObject({ from: '2026-07-25', to: '2026-09-19' });
  });

  it('property: once born, the window is exactly [birth, birth + 56] whatever the due date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -120, max: 28 }), (offset) => {
        const birth = addDays('2026-07-15', offset);
        const w = windowsFor(makePlan({ birthDate: birth }), S).postnatal_paternity_leave;
        expect(w.from).toBe(birth);
        expect(w.to).toBe(addDays(birth, 56));
      }),
    );
  });

  it('a "taken" 育児休業 before the known birth is an error', () => {
    const plan = makePlan({
      birthDate: '2026-07-20',
      ranges: [range('postnatal_paternity_leave', '2026-07-15', '2026-07-25', 'taken')],
    });
    const v = validatePlan(plan, S, '2026-08-01');
    expect(codes(v.errors)).toEqual(['before_birth@ranges.0.start']);
    expect(v.errors[0]!.message).toContain('出生の日');
  });

  it('ordinary 育児休業 before the birth is refused once born, too', () => {
    const plan = makePlan({
      birthDate: '2026-07-20',
      ranges: [range('childcare_leave', '2026-07-18', '2026-08-30', 'taken')],
    });
    expect(codes(validatePlan(plan, S, '2026-09-01').errors)).toEqual(['before_birth@ranges.0.start']);
  });

  it('a taken range before the birth does not count toward the take-up targets', () => {
    const plan = makePlan({
      birthDate: '2026-07-20',
      ranges: [
        range('postnatal_paternity_leave', '2026-07-10', '2026-07-19', 'taken'),
        range('postnatal_paternity_leave', '2026-07-20', '2026-07-23', 'taken'),
      ],
    });
    expect(takeUpRowOf(plan, S)?.childcareLeaveDays).toBe(4);
  });
});

describe('the 28-day figure is information for 出生後休業支援給付 only', () => {
  it('is kept in settings as information, not as a limit', () => {
    expect(S.postnatalPaternityLeave.benefitInfoDays).toBe(28);
    expect('maxDays' in S.postnatalPaternityLeave).toBe(false);
  });

  it('the information set no longer says 4週間まで', () => {
    const text = S.infoSet.items.map((i) => i.body).join('\n');
    expect(text).not.toContain('4週間まで');
    expect(text).toContain('57日');
  });
});

describe('D8: annual leave taken for childcare counts toward "1か月以上" (内閣人事局 取組方針, via イクメンパスポート)', () => {
  const born = { birthDate: '2026-07-15' };
  it('is a leave kind of the sheet, taken by the working day inside the first year', () => {
    const plan = makePlan({ ...born, ranges: [range('childcare_annual_leave', '2026-09-01', '2026-09-04')] });
    const v = validatePlan(plan, S, '2026-08-01');
    expect(v.errors).toEqual([]);
    expect(planTotals(plan, S).byKind.childcare_annual_leave.days).toBe(4);
  });

  it('counts toward the first-year month, not toward the 5-day or 2-week targets', () => {
    const plan = makePlan({
      ...born,
      ranges: [
        range('postnatal_paternity_leave', '2026-07-15', '2026-08-07', 'taken'), // 24 days
        range('childcare_annual_leave', '2026-08-10', '2026-08-14', 'taken'), // Mon–Fri
      ],
    });
    const totals = planTotals(plan, S);
    expect(totals.specialLeaveDays).toBe(0);
    expect(totals.childcareLeaveDays).toBe(24);
    expect(totals.firstYear.days).toBeGreaterThanOrEqual(30);
    expect(takeUpRowOf(plan, S)?.firstYearLeaveDays).toBeGreaterThanOrEqual(30);
    // HR can switch it off in 設定 if the ministry reads the definition otherwise.
    const off = childcareSettings({ targets: { firstYearCountsAnnualLeave: false } });
    expect(planTotals(plan, off).firstYear.days).toBeLessThan(30);
  });

  it('outside the first year after the birth it is refused', () => {
    const plan = makePlan({ ...born, ranges: [range('childcare_annual_leave', '2027-07-20')] });
    expect(codes(validatePlan(plan, S, '2026-08-01').errors)).toEqual(['outside_window@ranges.0.end']);
  });
});

describe('D9: the FY2023 baseline of the 2-week target is labelled (seed 001 §4)', () => {
  it('says it was measured against the old 1週間以上 target', () => {
    const c = compareWithTargets(takeUpRates([], 2026), S).find((x) => x.id === 'childcareLeave2Weeks');
    expect(c?.baseline).toBe(0.745);
    expect(c?.baselineNote?.ja).toContain('1週間以上');
    expect(
      compareWithTargets(takeUpRates([], 2026), S).find((x) => x.id === 'specialLeave5Days')?.baselineNote,
    ).toBeNull();
  });
});

const _typecheck: IsoDate = '2026-01-01';
void _typecheck;
