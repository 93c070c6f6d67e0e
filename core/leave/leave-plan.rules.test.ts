import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbDate, at, campaign } from '../../test/fixtures/leave.factories.ts';
import { addDays, isWorkingDay } from '../shared/calendar.ts';
import { AppError } from '../shared/errors.ts';
import { LEAVE_KINDS, type LeaveKind } from './leave.types.ts';
import { planErrors, planTotals, validatePlan } from './leave-plan.rules.ts';
import { summerPeriod } from './period-presets.rules.ts';

const gw = campaign();
const beforeDeadline = at('2026-04-20', '12:00');

function rejection(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('plan validation', () => {
  it('accepts the bridge days and returns the plan in date order with its totals', () => {
    const plan = validatePlan(
      gw,
      {
        entries: [
          { date: '2026-05-01', kind: 'annual_am' },
          { date: '2026-04-30', kind: 'annual_full' },
        ],
        note: ' 家族旅行 ',
      },
      beforeDeadline,
    );
    expect(plan.entries.map((e) => e.date)).toEqual(['2026-04-30', '2026-05-01']);
    expect(plan.note).toBe('家族旅行');
    expect(plan.totals).toEqual({ annualDays: 1.5, summerDays: 0, otherDays: 0, totalDays: 1.5 });
  });

  it('accepts "no leave planned" as an answer', () => {
    expect(validatePlan(gw, { entries: [] }, beforeDeadline).entries).toEqual([]);
  });

  it('lists each bad date and why: holiday, weekend, outside the period, twice, wrong kind', () => {
    const err = rejection(() =>
      validatePlan(
        gw,
        {
          entries: [
            { date: '2026-04-29', kind: 'annual_full' },
            { date: '2026-05-02', kind: 'annual_full' },
            { date: '2026-05-08', kind: 'annual_full' },
            { date: '2026-04-30', kind: 'annual_full' },
            { date: '2026-04-30', kind: 'annual_pm' },
            { date: '2026-05-01', kind: 'summer' },
          ],
        },
        beforeDeadline,
      ),
    );
    expect(err.code).toBe('bad_request');
    expect(err.fields).toEqual([
      { where: 'entries[0].date', message: expect.stringContaining('祝日（昭和の日）') },
      { where: 'entries[1].date', message: expect.stringContaining('週休日') },
      { where: 'entries[2].date', message: expect.stringContaining('outside the period') },
      { where: 'entries[4].date', message: expect.stringContaining('重複') },
      { where: 'entries[5].kind', message: expect.stringContaining('夏季休暇') },
    ]);
    expect(err.fields[0]?.message).toContain('2026年4月29日(水)');
  });

  it('names the year-end closure days', () => {
    const yearEnd = campaign({
      kind: 'year_end',
      period: { start: '2026-12-21', end: '2027-01-08' },
      openingDate: '2026-11-30',
      deadline: '2026-12-11',
    });
    const errors = planErrors(yearEnd, {
      entries: [
        { date: '2026-12-28', kind: 'annual_full' },
        { date: '2026-12-30', kind: 'annual_full' },
        { date: '2027-01-01', kind: 'annual_full' },
      ],
    });
    expect(errors).toEqual([
      { where: 'entries[1].date', message: expect.stringContaining('年末年始の休日') },
      { where: 'entries[2].date', message: expect.stringContaining('元日') },
    ]);
  });

  it('refuses half days when the campaign does not allow them', () => {
    const noHalves = campaign({ halfDayAllowed: false });
    expect(planErrors(noHalves, { entries: [{ date: '2026-04-30', kind: 'annual_am' }] })).toEqual([
      { where: 'entries[0].kind', message: expect.stringContaining('半日') },
    ]);
  });

  it('allows at most the summer days of the campaign, naming the ones beyond', () => {
    const summer = campaign({
      kind: 'summer',
      period: summerPeriod(2026),
      openingDate: '2026-06-01',
      deadline: '2026-06-19',
      summerMaxDays: 2,
    });
    const errors = planErrors(summer, {
      entries: [
        { date: '2026-08-14', kind: 'summer' },
        { date: '2026-08-12', kind: 'summer' },
        { date: '2026-08-13', kind: 'summer' },
        { date: '2026-08-10', kind: 'annual_full' },
      ],
    });
    expect(errors).toEqual([
      { where: 'entries[0].kind', message: expect.stringContaining('夏季休暇は2日まで') },
    ]);
  });

  it('keeps summer leave to July–September even where a campaign allows it', () => {
    const custom = campaign({
      kind: 'custom',
      period: { start: '2026-06-22', end: '2026-07-10' },
      openingDate: '2026-06-01',
      deadline: '2026-06-12',
      allowedKinds: ['annual_full', 'summer'],
    });
    expect(planErrors(custom, { entries: [{ date: '2026-06-30', kind: 'summer' }] })).toEqual([
      { where: 'entries[0].kind', message: expect.stringContaining('7月〜9月') },
    ]);
    expect(planErrors(custom, { entries: [{ date: '2026-07-01', kind: 'summer' }] })).toEqual([]);
  });

  it('refuses any submission after the deadline with gone and a message in Japanese and English', () => {
    const err = rejection(() => validatePlan(gw, { entries: [] }, at('2026-04-25', '00:00')));
    expect(err.code).toBe('gone');
    expect(err.status).toBe(410);
    expect(err.message).toContain('締切（2026年4月24日(金)）を過ぎたため');
    expect(err.message).toContain('The deadline (Fri 2026-04-24) has passed');
    expect(() => validatePlan(gw, { entries: [] }, at('2026-04-24', '23:59'))).not.toThrow();
  });

  it('reports a malformed payload field by field', () => {
    const err = rejection(() =>
      validatePlan(
        gw,
        {
          entries: [
            { date: '2026-02-30', kind: 'annual_full' },
            { date: '2026-04-30', kind: 'vacation' },
          ],
          note: 'x'.repeat(501),
        },
        beforeDeadline,
      ),
    );
    expect(err.code).toBe('bad_request');
    expect(err.fields.map((f) => f.where)).toEqual(['entries[0].date', 'entries[1].kind', 'note']);
  });

  it('counts half days as half', () => {
    const kinds: LeaveKind[] = ['annual_am', 'annual_pm', 'summer', 'special_other'];
    expect(planTotals(kinds.map((kind, i) => ({ date: `2026-08-1${i}`, kind })))).toEqual({
      annualDays: 1,
      summerDays: 1,
      otherDays: 1,
      totalDays: 3,
    });
  });

  it('never accepts a date outside the period nor a non-working day', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30, max: 30 }), fc.constantFrom(...LEAVE_KINDS), (offset, kind) => {
        const date = addDays('2026-04-29', offset);
        const errors = planErrors(gw, { entries: [{ date, kind }] });
        const dateOk = date >= '2026-04-29' && date <= '2026-05-06' && isWorkingDay(date);
        expect(errors.some((e) => e.where === 'entries[0].date')).toBe(!dateOk);
      }),
    );
  });

  it('an accepted plan has unique working days inside the period and no more summer days than allowed', () => {
    const summer = campaign({
      kind: 'summer',
      period: summerPeriod(2026),
      openingDate: '2026-06-01',
      deadline: '2026-06-19',
    });
    const entry = fc.record({ date: arbDate('2026-06-20', 110), kind: fc.constantFrom(...LEAVE_KINDS) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        let plan: ReturnType<typeof validatePlan>;
        try {
          plan = validatePlan(summer, { entries }, at('2026-06-10', '10:00'));
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).fields.length).toBeGreaterThan(0);
          return;
        }
        const dates = plan.entries.map((e) => e.date);
        expect(new Set(dates).size).toBe(dates.length);
        for (const d of dates) expect(d >= '2026-07-01' && d <= '2026-09-30' && isWorkingDay(d)).toBe(true);
        expect(plan.totals.summerDays).toBeLessThanOrEqual(3);
      }),
    );
  });

  it('answers any input with a plan or an AppError, never a crash', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        try {
          validatePlan(gw, input, beforeDeadline);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
        }
      }),
    );
  });
});
