import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  type IsoDate,
  lastDayOfPeriod,
  parseIsoDate,
} from '../shared/calendar.ts';
import { recomputeOnBirth, validatePlan } from './childcare.rules.ts';
import { DEFAULT_CHILDCARE_SETTINGS as S } from './childcare.settings.ts';
import { isSpecialLeave, LEAVE_KINDS, type LeaveRange, RANGE_STATUSES } from './childcare-plan.schema.ts';
import { remindersFor } from './childcare-reminders.rules.ts';
import { type TakeUpRow, takeUpRates } from './childcare-targets.rules.ts';
import { planTotals } from './childcare-totals.rules.ts';
import { countedDays, windowsFor } from './childcare-windows.rules.ts';

const BASE = '2020-01-01';
/** Dates 2020–2045: holiday_jp covers them, and 3-year windows stay inside its 2050 limit. */
const date = fc.integer({ min: 0, max: 9400 }).map((n) => addDays(BASE, n));
const dueAndBirth = fc.record({
  dueDate: date,
  /** Born up to 18 weeks early or 4 weeks late, or not yet. */
  birthOffset: fc.option(fc.integer({ min: -126, max: 28 }), { nil: undefined }),
  multipleBirth: fc.boolean(),
  admissionBefore: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
});
type Dates = { dueDate: IsoDate; birthDate?: IsoDate; spouseAdmissionDate?: IsoDate; multipleBirth: boolean };
const toDates = (
  x: fc.Arbitrary<{
    dueDate: IsoDate;
    birthOffset?: number;
    multipleBirth: boolean;
    admissionBefore?: number;
  }>,
) =>
  x.map((d): Dates => {
    const birthDate = d.birthOffset === undefined ? undefined : addDays(d.dueDate, d.birthOffset);
    const ref = birthDate ?? d.dueDate;
    return {
      dueDate: d.dueDate,
      birthDate,
      spouseAdmissionDate: d.admissionBefore === undefined ? undefined : addDays(ref, -d.admissionBefore),
      multipleBirth: d.multipleBirth,
    };
  });
const dates = toDates(dueAndBirth);

const rangeNear = (anchor: IsoDate) =>
  fc
    .record({
      kind: fc.constantFrom(...LEAVE_KINDS),
      offset: fc.integer({ min: -120, max: 500 }),
      length: fc.integer({ min: 0, max: 40 }),
      status: fc.constantFrom(...RANGE_STATUSES),
    })
    .map((r): LeaveRange => {
      const start = addDays(anchor, r.offset);
      return { kind: r.kind, start, end: addDays(start, r.length), status: r.status };
    });

const planArb = dates.chain((d) =>
  fc.array(rangeNear(d.birthDate ?? d.dueDate), { maxLength: 6 }).map((ranges) => ({
    ...d,
    id: 'p',
    reportedOn: addDays(d.dueDate, -150),
    ranges,
  })),
);

describe('properties of the windows', () => {
  it('every window is non-empty and contains the birth (or the due date before it)', () => {
    fc.assert(
      fc.property(dates, (d) => {
        const ref = d.birthDate ?? d.dueDate;
        for (const w of Object.values(windowsFor(d, S))) {
          expect(w.from <= w.to).toBe(true);
          expect(w.from <= ref && ref <= w.to).toBe(true);
        }
      }),
    );
  });

  it('産後パパ育休 spans exactly 57 days from the birth (the due date before it), whatever the gap (Q&A 問1, 問2)', () => {
    fc.assert(
      fc.property(dates, (d) => {
        const w = windowsFor(d, S).postnatal_paternity_leave;
        const reference = d.birthDate ?? d.dueDate;
        expect(daysBetween(w.from, w.to) + 1).toBe(57);
        expect(w.from).toBe(reference);
        expect(w.to).toBe(addDays(reference, 56));
      }),
    );
  });

  it('育児参加 opens 8 weeks (multiple birth 14) before the due date at the latest', () => {
    fc.assert(
      fc.property(dates, (d) => {
        const w = windowsFor(d, S).childcare_participation_leave;
        expect(w.from <= addDays(d.dueDate, d.multipleBirth ? -98 : -56)).toBe(true);
      }),
    );
  });

  it('lastDayOfPeriod is the day before the same date, or the end of a month that lacks it', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 48 }), (start, months) => {
        const end = lastDayOfPeriod(start, months);
        const same = addMonths(start, months);
        const exists = parseIsoDate(same).d === parseIsoDate(start).d;
        expect(end).toBe(exists ? addDays(same, -1) : same);
        expect(end > start).toBe(true);
      }),
    );
  });
});

describe('properties of counting and totals', () => {
  it('working days never exceed calendar days, and splitting a range keeps the count', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (start, a, b) => {
        const mid = addDays(start, a);
        const end = addDays(mid, b + 1);
        for (const kind of LEAVE_KINDS) {
          const whole = countedDays(kind, start, end);
          expect(whole).toBeGreaterThanOrEqual(0);
          expect(whole).toBeLessThanOrEqual(daysBetween(start, end) + 1);
          expect(countedDays(kind, start, mid) + countedDays(kind, addDays(mid, 1), end)).toBe(whole);
        }
      }),
    );
  });

  it('totals are never negative, add up, and a target is met exactly when nothing remains', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const t = planTotals(plan, S);
        for (const k of LEAVE_KINDS) expect(t.byKind[k].days).toBeGreaterThanOrEqual(0);
        expect(t.specialLeaveDays).toBe(
          t.byKind.spouse_childbirth_leave.days + t.byKind.childcare_participation_leave.days,
        );
        expect(t.totalLeaveDays).toBe(t.specialLeaveDays + t.childcareLeaveDays);
        expect(t.firstYear.days).toBeGreaterThanOrEqual(0);
        expect(t.firstYear.days).toBeLessThanOrEqual(daysBetween(t.firstYear.from, t.firstYear.to) + 1);
        for (const c of Object.values(t.targets)) {
          expect(c.remaining).toBeGreaterThanOrEqual(0);
          expect(c.met).toBe(c.remaining === 0);
          expect(c.actual + c.remaining).toBeGreaterThanOrEqual(c.required);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('properties of validation', () => {
  it('a range inside its window is never reported outside it; one entirely before it always is', () => {
    fc.assert(
      fc.property(dates, fc.constantFrom(...LEAVE_KINDS), fc.integer({ min: 0, max: 1000 }), (d, kind, n) => {
        const w = windowsFor(d, S)[kind];
        const span = daysBetween(w.from, w.to);
        const start = addDays(w.from, n % (span + 1));
        const inside = { ...d, ranges: [{ kind, start, end: start, status: 'taken' as const }] };
        const issues = validatePlan(inside, S, '2000-01-01').errors.map((i) => i.code);
        expect(issues).not.toContain('outside_window');
        const before = {
          ...d,
          ranges: [{ kind, start: addDays(w.from, -1), end: addDays(w.from, -1), status: 'taken' as const }],
        };
        // Once born, a 休業 before the birth is refused as before_birth (人事院 Q&A 問1).
        const refused = d.birthDate && !isSpecialLeave(kind) ? 'before_birth' : 'outside_window';
        expect(validatePlan(before, S, '2000-01-01').errors.map((i) => i.code)).toContain(refused);
      }),
    );
  });

  it('every issue has a Japanese and an English message and points into the plan', () => {
    fc.assert(
      fc.property(planArb, date, (plan, today) => {
        const v = validatePlan(plan, S, today);
        for (const i of [...v.errors, ...v.warnings]) {
          expect(i.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
          expect(i.en.length).toBeGreaterThan(10);
          expect(i.where).toMatch(/^(ranges\.\d+(\.(start|end))?|birthDate)$/);
        }
        expect(v.ok).toBe(v.errors.length === 0);
      }),
      { numRuns: 60 },
    );
  });

  it('overlapping ranges are always reported', () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom(...LEAVE_KINDS), (plan, kind) => {
        fc.pre(plan.ranges.length > 0);
        const first = plan.ranges[0]!;
        const copy = { ...plan, ranges: [...plan.ranges, { ...first, kind }] };
        expect(validatePlan(copy, S, '2000-01-01').errors.map((i) => i.code)).toContain('overlap');
      }),
      { numRuns: 60 },
    );
  });
});

describe('properties of the birth and the reminders', () => {
  it('after the birth every window contains the actual birth date and is final (admission aside)', () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: -126, max: 28 }), (plan, offset) => {
        const birth = addDays(plan.dueDate, offset);
        const base = { ...plan, birthDate: undefined, spouseAdmissionDate: undefined };
        const r = recomputeOnBirth(base, birth, S);
        for (const w of Object.values(r.windows.windows)) {
          expect(w.from <= birth && birth <= w.to).toBe(true);
          if (w.kind !== 'spouse_childbirth_leave') expect(w.provisional).toBe(false);
        }
        for (const m of r.moved) expect(m.days).toBe(daysBetween(m.before, m.after));
        for (const s of r.suggestions) {
          const w = r.windows.windows[s.kind];
          expect(s.start >= w.from && s.end <= w.to).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reminder keys are unique, never sent before today, and a later day lists a subset of keys', () => {
    fc.assert(
      fc.property(
        planArb,
        fc.integer({ min: -200, max: 400 }),
        fc.integer({ min: 0, max: 60 }),
        (plan, t, step) => {
          const today = addDays(plan.dueDate, t);
          const now = remindersFor(plan, S, today);
          const keys = now.map((i) => i.key);
          expect(new Set(keys).size).toBe(keys.length);
          for (const i of now) {
            expect(i.sendOn >= today).toBe(true);
            if (i.type !== 'info_set') expect(i.sendOn <= i.eventDate).toBe(true);
          }
          const later = new Set(keys);
          for (const i of remindersFor(plan, S, addDays(today, step))) {
            if (i.occasion !== 'report') expect(later.has(i.key)).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('properties of take-up rates', () => {
  const rowArb = fc.record({
    birthDate: date,
    specialLeaveDays: fc.integer({ min: 0, max: 7 }),
    childcareLeaveDays: fc.integer({ min: 0, max: 400 }),
    firstYearLeaveDays: fc.integer({ min: 0, max: 366 }),
  });

  it('rates lie in [0, 1], and every row belongs to exactly one fiscal year', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), (rows: TakeUpRow[]) => {
        let births = 0;
        for (let fy = 2019; fy <= 2045; fy++) {
          const r = takeUpRates(rows, fy);
          births += r.births;
          for (const c of [r.specialLeave5Days, r.childcareLeave2Weeks, r.firstYear1Month]) {
            expect(c.met).toBeLessThanOrEqual(c.eligible);
            if (c.rate !== null) expect(c.rate >= 0 && c.rate <= 1).toBe(true);
          }
        }
        expect(births).toBe(rows.length);
      }),
      { numRuns: 40 },
    );
  });
});
