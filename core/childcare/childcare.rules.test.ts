import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { assertPlanValid, recomputeOnBirth, validatePlan } from './childcare.rules.ts';
import { childcareSettings, DEFAULT_CHILDCARE_SETTINGS as S } from './childcare.settings.ts';
import { makePlan, range } from './childcare-plan.factory.ts';

const EARLY = '2026-03-02'; // the report day: every deadline is ahead

/** The model plan: 2 + 5 special days, 14 days of 産後パパ育休, 2 weeks of 育児休業 over the year end. */
const goodRanges = [
  range('spouse_childbirth_leave', '2026-07-15', '2026-07-16'),
  range('childcare_participation_leave', '2026-07-21', '2026-07-24'), // Tue–Fri after 海の日
  range('childcare_participation_leave', '2026-08-03'),
  range('postnatal_paternity_leave', '2026-07-27', '2026-08-02'),
  range('postnatal_paternity_leave', '2026-08-10', '2026-08-16'),
  range('childcare_leave', '2026-12-28', '2027-01-10'),
];

const codes = (issues: { code: string; where: string }[]) => issues.map((i) => `${i.code}@${i.where}`);

describe('validatePlan: a plan within every rule', () => {
  it('has no errors and no warnings', () => {
    const v = validatePlan(makePlan({ ranges: goodRanges }), S, EARLY);
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('accepts an empty plan (intentions only)', () => {
    expect(validatePlan(makePlan(), S, EARLY).ok).toBe(true);
  });
});

describe('validatePlan: windows', () => {
  it('配偶者出産休暇 before the assumed admission is outside its window, with the rule and dates in Japanese', () => {
    const v = validatePlan(makePlan({ ranges: [range('spouse_childbirth_leave', '2026-07-06')] }), S, EARLY);
    expect(codes(v.errors)).toEqual(['outside_window@ranges.0.start']);
    const [issue] = v.errors;
    expect(issue!.message).toContain('配偶者出産休暇');
    expect(issue!.message).toContain('配偶者の入院等の日');
    expect(issue!.message).toContain('出産の日後2週間');
    expect(issue!.message).toContain('2026年7月8日（水）から2026年7月29日（水）まで');
    expect(issue!.en).toContain('2026-07-08 (Wed) to 2026-07-29 (Wed)');
  });

  it('an entered early admission widens the window', () => {
    const plan = makePlan({
      spouseAdmissionDate: '2026-07-06',
      ranges: [range('spouse_childbirth_leave', '2026-07-06')],
    });
    expect(validatePlan(plan, S, EARLY).ok).toBe(true);
  });

  it('育児参加 9 weeks before the due date is too early for a single birth, fine for twins (14 weeks)', () => {
    const ranges = [range('childcare_participation_leave', '2026-05-13')];
    expect(codes(validatePlan(makePlan({ ranges }), S, EARLY).errors)).toEqual([
      'outside_window@ranges.0.start',
    ]);
    expect(validatePlan(makePlan({ ranges, multipleBirth: true }), S, EARLY).ok).toBe(true);
  });

  it('産後パパ育休: day 57 after the birth is inside; starting on day 58 is outside (Q&A 問2)', () => {
    const born = { birthDate: '2026-07-15' };
    const last = makePlan({
      ...born,
      ranges: [range('postnatal_paternity_leave', '2026-09-03', '2026-09-09')],
    });
    const over = makePlan({
      ...born,
      ranges: [range('postnatal_paternity_leave', '2026-09-10', '2026-09-11')],
    });
    expect(validatePlan(last, S, '2026-07-16').ok).toBe(true);
    const v = validatePlan(over, S, '2026-07-16');
    expect(codes(v.errors)).toEqual(['outside_window@ranges.0.start']);
    expect(v.errors[0]!.message).toContain('57日目まで');
  });

  it('育児休業 before the birth is outside its window', () => {
    const v = validatePlan(
      makePlan({ ranges: [range('childcare_leave', '2026-07-14', '2026-08-14')] }),
      S,
      EARLY,
    );
    expect(codes(v.errors)).toEqual(['outside_window@ranges.0.start']);
    expect(v.errors[0]!.message).toContain('3歳に達する日');
  });

  it('a range crossing both edges is reported on the range itself', () => {
    const v = validatePlan(
      makePlan({ ranges: [range('childcare_participation_leave', '2026-05-01', '2027-08-10')] }),
      S,
      EARLY,
    );
    expect(codes(v.errors)).toContain('outside_window@ranges.0');
  });
});

describe('validatePlan: counting days', () => {
  it('special leave across the year-end closure counts only working days (3 of 9)', () => {
    const plan = makePlan({
      birthDate: '2026-07-15',
      ranges: [range('childcare_participation_leave', '2026-12-28', '2027-01-05')],
    });
    expect(validatePlan(plan, S, '2026-08-01').ok).toBe(true);
  });

  it('a special-leave range of only non-working days is an error', () => {
    const plan = makePlan({
      birthDate: '2026-07-15',
      ranges: [
        range('childcare_participation_leave', '2026-12-29', '2027-01-03'),
        range('childcare_participation_leave', '2026-09-19', '2026-09-23'),
      ],
    });
    const v = validatePlan(plan, S, '2026-08-01');
    expect(codes(v.errors)).toEqual(['no_working_day@ranges.0', 'no_working_day@ranges.1']);
    expect(v.errors[0]!.message).toContain('年末年始');
  });

  it('配偶者出産休暇 of 3 working days exceeds 2', () => {
    const v = validatePlan(
      makePlan({ ranges: [range('spouse_childbirth_leave', '2026-07-15', '2026-07-17')] }),
      S,
      EARLY,
    );
    expect(codes(v.errors)).toEqual(['too_many_days@ranges.0']);
    expect(v.errors[0]!.message).toContain('2日まで');
    expect(v.errors[0]!.params).toMatchObject({ max: 2, planned: 3 });
  });

  it('Fri 7/17 to 海の日 Mon 7/20 is a single day of 配偶者出産休暇', () => {
    const ok = makePlan({ ranges: [range('spouse_childbirth_leave', '2026-07-17', '2026-07-20')] });
    expect(validatePlan(ok, S, EARLY).ok).toBe(true);
  });

  it('育児参加 over two ranges: the range that goes past 5 days is the one reported', () => {
    const plan = makePlan({
      ranges: [
        range('childcare_participation_leave', '2026-07-21', '2026-07-24'),
        range('childcare_participation_leave', '2026-08-03', '2026-08-04'),
      ],
    });
    const v = validatePlan(plan, S, EARLY);
    expect(codes(v.errors)).toEqual(['too_many_days@ranges.1']);
    expect(v.errors[0]!.params).toMatchObject({ planned: 6, max: 5 });
  });

  it('産後パパ育休 has no 28-day cap for national servants (Q&A 問2): 29 and 57 days are fine', () => {
    const at = (end: string) => makePlan({ ranges: [range('postnatal_paternity_leave', '2026-07-15', end)] });
    expect(validatePlan(at('2026-08-12'), S, EARLY).ok).toBe(true);
    expect(validatePlan(at('2026-09-09'), S, EARLY).ok).toBe(true);
  });
});

describe('validatePlan: parts', () => {
  it('産後パパ育休 in 3 parts: the third only warns, it counts as ordinary 育児休業 (Q&A 問2)', () => {
    const plan = makePlan({
      ranges: [
        range('postnatal_paternity_leave', '2026-08-10', '2026-08-12'),
        range('postnatal_paternity_leave', '2026-07-16', '2026-07-18'),
        range('postnatal_paternity_leave', '2026-08-20', '2026-08-21'),
      ],
    });
    const v = validatePlan(plan, S, EARLY);
    expect(v.errors).toEqual([]);
    expect(codes(v.warnings)).toEqual(['third_part_ordinary@ranges.2']);
    expect(v.warnings[0]!.message).toContain('2回目まで');
  });

  it('back-to-back rows are one part', () => {
    const plan = makePlan({
      ranges: [
        range('postnatal_paternity_leave', '2026-07-16', '2026-07-20'),
        range('postnatal_paternity_leave', '2026-07-21', '2026-07-25'),
        range('postnatal_paternity_leave', '2026-08-10', '2026-08-12'),
      ],
    });
    expect(validatePlan(plan, S, EARLY).ok).toBe(true);
  });

  it('育児休業 in 3 parts is only a warning (特別の事情)', () => {
    const plan = makePlan({
      ranges: [
        range('childcare_leave', '2026-09-01', '2026-09-30'),
        range('childcare_leave', '2026-11-01', '2026-11-30'),
        range('childcare_leave', '2027-01-10', '2027-01-31'),
      ],
    });
    const v = validatePlan(plan, S, EARLY);
    expect(v.ok).toBe(true);
    expect(codes(v.warnings)).toEqual(['too_many_parts@ranges.2']);
    expect(v.warnings[0]!.message).toContain('特別の事情');
  });
});

describe('validatePlan: overlaps', () => {
  it('a special leave on a day of 産後パパ育休 overlaps it', () => {
    const plan = makePlan({
      ranges: [
        range('postnatal_paternity_leave', '2026-07-16', '2026-07-29'),
        range('spouse_childbirth_leave', '2026-07-17'),
      ],
    });
    const v = validatePlan(plan, S, EARLY);
    expect(codes(v.errors)).toEqual(['overlap@ranges.1']);
    expect(v.errors[0]!.message).toContain('配偶者出産休暇');
    expect(v.errors[0]!.message).toContain('産後パパ育休');
  });

  it('two ranges of the same kind sharing a day overlap', () => {
    const plan = makePlan({
      ranges: [
        range('childcare_leave', '2026-09-01', '2026-09-30'),
        range('childcare_leave', '2026-09-30', '2026-10-15'),
      ],
    });
    expect(codes(validatePlan(plan, S, EARLY).errors)).toEqual(['overlap@ranges.1']);
  });

  it('adjacent ranges of different kinds do not overlap', () => {
    const plan = makePlan({
      ranges: [
        range('postnatal_paternity_leave', '2026-07-16', '2026-08-12'),
        range('childcare_leave', '2026-08-13', '2026-09-30'),
      ],
    });
    expect(validatePlan(plan, S, EARLY).ok).toBe(true);
  });
});

describe('validatePlan: dates relative to today', () => {
  it('a missed request deadline is a warning, not an error', () => {
    const plan = makePlan({ ranges: [range('postnatal_paternity_leave', '2026-07-27', '2026-08-02')] });
    const v = validatePlan(plan, S, '2026-07-20');
    expect(v.ok).toBe(true);
    expect(codes(v.warnings)).toEqual(['request_deadline_passed@ranges.0.start']);
    expect(v.warnings[0]!.message).toContain('2週間前まで（2026年7月13日（月）まで）');
  });

  it('the deadline day itself is still in time', () => {
    const plan = makePlan({ ranges: [range('postnatal_paternity_leave', '2026-07-27', '2026-08-02')] });
    expect(validatePlan(plan, S, '2026-07-13').warnings).toEqual([]);
  });

  it('育児休業 asked less than a month ahead warns with "1か月"', () => {
    const plan = makePlan({
      birthDate: '2026-07-15',
      ranges: [range('childcare_leave', '2026-09-01', '2026-09-30')],
    });
    const v = validatePlan(plan, S, '2026-08-15');
    expect(codes(v.warnings)).toEqual(['request_deadline_passed@ranges.0.start']);
    expect(v.warnings[0]!.message).toContain('1か月前まで');
  });

  it('a requested range has no deadline warning', () => {
    const plan = makePlan({
      ranges: [range('postnatal_paternity_leave', '2026-07-27', '2026-08-02', 'requested')],
    });
    expect(validatePlan(plan, S, '2026-07-20').warnings).toEqual([]);
  });

  it('a planned range that has already started is impossible: error', () => {
    const plan = makePlan({
      birthDate: '2026-07-15',
      ranges: [range('childcare_participation_leave', '2026-07-21')],
    });
    const v = validatePlan(plan, S, '2026-07-22');
    expect(codes(v.errors)).toEqual(['start_in_past@ranges.0.start']);
    expect(v.errors[0]!.message).toContain('取得済み');
  });

  it('a taken range in the past is fine', () => {
    const plan = makePlan({
      birthDate: '2026-07-15',
      ranges: [range('childcare_participation_leave', '2026-07-21', '2026-07-21', 'taken')],
    });
    expect(validatePlan(plan, S, '2026-07-22').ok).toBe(true);
  });

  it('a birth date after today is an error', () => {
    const v = validatePlan(makePlan({ birthDate: '2026-07-15' }), S, '2026-07-10');
    expect(codes(v.errors)).toEqual(['birth_in_future@birthDate']);
  });
});

describe('validatePlan: plausibility warnings', () => {
  it('育児参加 before the birth without an older preschool child warns', () => {
    const ranges = [range('childcare_participation_leave', '2026-07-01')];
    expect(codes(validatePlan(makePlan({ ranges, olderPreschoolChild: false }), S, EARLY).warnings)).toEqual([
      'participation_before_birth@ranges.0.start',
    ]);
    expect(validatePlan(makePlan({ ranges, olderPreschoolChild: true }), S, EARLY).warnings).toEqual([]);
    expect(validatePlan(makePlan({ ranges }), S, EARLY).warnings).toEqual([]);
  });

  it('a birth date half a year before the due date is probably a typo', () => {
    const v = validatePlan(makePlan({ birthDate: '2026-01-10' }), S, EARLY);
    expect(codes(v.warnings)).toEqual(['birth_far_from_due@birthDate']);
  });
});

describe('assertPlanValid', () => {
  it('throws AppError bad_request whose fields are the errors', () => {
    const v = validatePlan(makePlan({ ranges: [range('spouse_childbirth_leave', '2026-09-19')] }), S, EARLY);
    let caught: unknown;
    try {
      assertPlanValid(v);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    const e = caught as AppError;
    expect(e.code).toBe('bad_request');
    expect(e.fields.map((f) => f.where)).toEqual(['ranges.0', 'ranges.0.end']);
  });

  it('passes a plan with warnings only', () => {
    const plan = makePlan({ ranges: [range('postnatal_paternity_leave', '2026-07-27', '2026-08-02')] });
    expect(() => assertPlanValid(validatePlan(plan, S, '2026-07-20'))).not.toThrow();
  });
});

describe('recomputeOnBirth', () => {
  it('born on the due date: nothing moves', () => {
    const r = recomputeOnBirth(makePlan({ ranges: goodRanges }), '2026-07-15', S);
    expect(r.moved).toEqual([]);
    expect(r.nowInvalid).toEqual([]);
    expect(r.plan.birthDate).toBe('2026-07-15');
    expect(r.windows.born).toBe(true);
  });

  it('born 14 days early: the windows that hang on the birth move back, the due-date ones stay', () => {
    const r = recomputeOnBirth(makePlan({ ranges: goodRanges }), '2026-07-01', S);
    expect(r.shiftDays).toBe(-14);
    const moved = Object.fromEntries(r.moved.map((m) => [`${m.kind}.${m.edge}`, m.after]));
    expect(moved).toEqual({
      'spouse_childbirth_leave.from': '2026-06-24',
      'spouse_childbirth_leave.to': '2026-07-15',
      'childcare_participation_leave.to': '2027-06-30',
      'postnatal_paternity_leave.from': '2026-07-01',
      'postnatal_paternity_leave.to': '2026-08-26',
      'childcare_leave.from': '2026-07-01',
      'childcare_leave.to': '2029-06-30',
      'childcare_annual_leave.from': '2026-07-01',
      'childcare_annual_leave.to': '2027-06-30',
    });
    // 配偶者出産休暇 on 7/16 is now past the 2 weeks after the birth.
    expect(codes(r.nowInvalid)).toEqual(['outside_window@ranges.0.end']);
    expect(r.suggestions).toEqual([
      { index: 0, kind: 'spouse_childbirth_leave', start: '2026-07-01', end: '2026-07-02' },
    ]);
  });

  it('born 10 days late: 産後パパ育休 moves with the birth, a 育児休業 from the due date is before the birth', () => {
    const plan = makePlan({ ranges: [range('childcare_leave', '2026-07-15', '2026-08-31')] });
    const r = recomputeOnBirth(plan, '2026-07-25', S);
    expect(r.moved).toContainEqual({
      kind: 'postnatal_paternity_leave',
      edge: 'to',
      before: '2026-09-09',
      after: '2026-09-19',
      days: 10,
    });
    expect(r.moved).toContainEqual({
      kind: 'postnatal_paternity_leave',
      edge: 'from',
      before: '2026-07-15',
      after: '2026-07-25',
      days: 10,
    });
    expect(codes(r.nowInvalid)).toEqual(['before_birth@ranges.0.start']);
    expect(r.suggestions).toEqual([
      { index: 0, kind: 'childcare_leave', start: '2026-07-25', end: '2026-09-10' },
    ]);
  });

  it('a moved special leave keeps its number of working days (no suggestion on a weekend)', () => {
    // Wed–Thu 7/15–16 moved +10 lands on Sat–Sun; the suggestion is Mon–Tue 7/27–28.
    const r = recomputeOnBirth(
      makePlan({ ranges: [range('spouse_childbirth_leave', '2026-07-15', '2026-07-16')] }),
      '2026-07-25',
      S,
    );
    expect(r.suggestions).toEqual([
      { index: 0, kind: 'spouse_childbirth_leave', start: '2026-07-27', end: '2026-07-28' },
    ]);
  });

  it('problems that existed before the birth are not reported again', () => {
    const plan = makePlan({ ranges: [range('spouse_childbirth_leave', '2026-07-15', '2026-07-17')] });
    const r = recomputeOnBirth(plan, '2026-07-15', S);
    expect(r.nowInvalid).toEqual([]);
  });

  it('refuses an invalid birth date and an admission after the birth', () => {
    expect(() => recomputeOnBirth(makePlan(), '2026-02-30', S)).toThrow(AppError);
    expect(() => recomputeOnBirth(makePlan({ spouseAdmissionDate: '2026-07-14' }), '2026-07-13', S)).toThrow(
      AppError,
    );
  });

  it('works with custom settings (admission assumed 3 days ahead)', () => {
    const s = childcareSettings({ spouseChildbirthLeave: { assumedAdmissionDaysBefore: 3 } });
    const r = recomputeOnBirth(makePlan(), '2026-07-20', s);
    expect(r.windows.windows.spouse_childbirth_leave.from).toBe('2026-07-17');
  });
});
