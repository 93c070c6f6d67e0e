import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { parseChildcarePlan, parseChildcarePlanInput, SUPPORT_SYSTEMS } from './childcare-plan.schema.ts';

const minimal = { dueDate: '2026-07-15', spouseSituation: 'on_leave' };

function fieldsOf(fn: () => unknown): { where: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.fields;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('childcare plan schema', () => {
  it('fills defaults: single birth, no ranges, every support system undecided, no consent', () => {
    const plan = parseChildcarePlanInput(minimal);
    expect(plan.multipleBirth).toBe(false);
    expect(plan.ranges).toEqual([]);
    expect(plan.consentToShareWithManager).toBe(false);
    expect(plan.childcareArrangement).toEqual({ kind: 'undecided' });
    expect(Object.keys(plan.intendedUse)).toEqual([...SUPPORT_SYSTEMS]);
    expect(new Set(Object.values(plan.intendedUse))).toEqual(new Set(['undecided']));
  });

  it('keeps the given intentions, arrangement note and ranges; a single day needs no end', () => {
    const plan = parseChildcarePlanInput({
      ...minimal,
      intendedUse: { childcare_leave: 'yes', early_late_shift: 'no', overtime_limit: 'yes' },
      childcareArrangement: { kind: 'nursery_planned', note: '  4月入所を申込予定  ' },
      ranges: [{ kind: 'spouse_childbirth_leave', start: '2026-07-15' }],
      consentToShareWithManager: true,
    });
    expect(plan.intendedUse.childcare_leave).toBe('yes');
    expect(plan.intendedUse.early_late_shift).toBe('no');
    expect(plan.intendedUse.short_time_work).toBe('undecided');
    expect(plan.childcareArrangement.note).toBe('4月入所を申込予定');
    expect(plan.ranges).toEqual([
      { kind: 'spouse_childbirth_leave', start: '2026-07-15', end: '2026-07-15', status: 'planned' },
    ]);
  });

  it('needs a due date or a birth date', () => {
    expect(fieldsOf(() => parseChildcarePlanInput({ spouseSituation: 'working' }))).toEqual([
      {
        where: 'dueDate',
        message: '出産予定日か出生日のどちらかを入力してください',
        key: 'childcare.due_or_birth_date',
        params: {},
      },
    ]);
    expect(parseChildcarePlanInput({ birthDate: '2026-07-01', spouseSituation: 'working' }).birthDate).toBe(
      '2026-07-01',
    );
  });

  it('rejects impossible dates, reversed ranges and an admission after the birth, in Japanese', () => {
    const fields = fieldsOf(() =>
      parseChildcarePlanInput({
        ...minimal,
        birthDate: '2026-07-10',
        spouseAdmissionDate: '2026-07-11',
        ranges: [
          { kind: 'childcare_leave', start: '2026-02-30' },
          { kind: 'childcare_leave', start: '2026-08-10', end: '2026-08-01' },
        ],
      }),
    );
    expect(fields.map((f) => f.where)).toEqual(['ranges.0.start', 'ranges.1.end', 'spouseAdmissionDate']);
    expect(fields[1]!.message).toBe('終了日は開始日以降の日付にしてください');
  });

  it('rejects unknown kinds, situations and intentions', () => {
    const fields = fieldsOf(() =>
      parseChildcarePlanInput({
        ...minimal,
        spouseSituation: 'abroad',
        intendedUse: { childcare_leave: 'maybe' },
        ranges: [{ kind: 'annual_leave', start: '2026-08-01' }],
      }),
    );
    expect(fields.map((f) => f.where).sort()).toEqual([
      'intendedUse.childcare_leave',
      'ranges.0.kind',
      'spouseSituation',
    ]);
    expect(fields.every((f) => f.message.startsWith('入力が正しくありません'))).toBe(true);
  });

  it('a stored plan also has an id and the report day', () => {
    expect(parseChildcarePlan({ ...minimal, id: 'p-9', reportedOn: '2026-03-02' }).id).toBe('p-9');
    expect(fieldsOf(() => parseChildcarePlan(minimal)).map((f) => f.where)).toEqual(['id', 'reportedOn']);
  });
});
