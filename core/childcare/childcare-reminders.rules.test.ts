import { describe, expect, it } from 'vitest';
import { recomputeOnBirth } from './childcare.rules.ts';
import { DEFAULT_CHILDCARE_SETTINGS as S } from './childcare.settings.ts';
import { makePlan, range } from './childcare-plan.factory.ts';
import { remindersFor } from './childcare-reminders.rules.ts';

const plan = makePlan({
  ranges: [
    range('spouse_childbirth_leave', '2026-07-15', '2026-07-16'),
    range('childcare_participation_leave', '2026-07-21', '2026-07-24'),
    range('postnatal_paternity_leave', '2026-07-27', '2026-08-02'),
    range('childcare_leave', '2026-12-28', '2027-01-10'),
  ],
});

const brief = (items: ReturnType<typeof remindersFor>) => items.map((i) => `${i.sendOn} ${i.key}`);

describe('remindersFor', () => {
  it('lists the information sets, the request deadlines and the day before each leave, in sending order', () => {
    expect(brief(remindersFor(plan, S, '2026-03-02'))).toEqual([
      '2026-03-02 plan-1:info_set:report:2026-03-02',
      '2026-06-15 plan-1:info_set:before_birth:2026-07-15', // due − 30 days
      '2026-07-10 plan-1:request_deadline:postnatal_paternity_leave:2026-07-13', // deadline − 3 days
      '2026-07-14 plan-1:leave_starts:spouse_childbirth_leave:2026-07-15',
      '2026-07-17 plan-1:leave_starts:childcare_participation_leave:2026-07-21', // Friday: Monday is 海の日
      '2026-07-24 plan-1:leave_starts:postnatal_paternity_leave:2026-07-27', // Friday before a Monday start
      '2026-11-25 plan-1:request_deadline:childcare_leave:2026-11-28',
      '2026-12-25 plan-1:leave_starts:childcare_leave:2026-12-28',
    ]);
  });

  it('keys stay the same from day to day; passed events drop out; nothing is sent before today', () => {
    const earlyKeys = new Set(remindersFor(plan, S, '2026-03-02').map((i) => i.key));
    for (const today of ['2026-07-13', '2026-07-16']) {
      const later = remindersFor(plan, S, today);
      for (const item of later) {
        expect(earlyKeys.has(item.key)).toBe(true);
        expect(item.sendOn >= today).toBe(true);
      }
    }
    // On the deadline day the reminder planned for 07-10 is late: it goes out today.
    const onDeadline = remindersFor(plan, S, '2026-07-13');
    expect(
      onDeadline.find((i) => i.type === 'request_deadline' && i.leaveKind === 'postnatal_paternity_leave')
        ?.sendOn,
    ).toBe('2026-07-13');
    // After the spouse leave has begun and the deadline has passed, both drop out.
    const keys = remindersFor(plan, S, '2026-07-16').map((i) => i.key);
    expect(keys).not.toContain('plan-1:leave_starts:spouse_childbirth_leave:2026-07-15');
    expect(keys).not.toContain('plan-1:request_deadline:postnatal_paternity_leave:2026-07-13');
    expect(keys).toContain('plan-1:leave_starts:postnatal_paternity_leave:2026-07-27');
  });

  it('no deadline reminder once requested, none at all once taken', () => {
    const p = makePlan({
      ranges: [
        range('postnatal_paternity_leave', '2026-07-27', '2026-08-02', 'requested'),
        range('childcare_leave', '2026-09-01', '2026-09-30', 'taken'),
      ],
    });
    const types = remindersFor(p, S, '2026-03-02').map((i) => `${i.type}:${i.leaveKind ?? ''}`);
    expect(types).toEqual(['info_set:', 'info_set:', 'leave_starts:postnatal_paternity_leave']);
  });

  it('no second information set after the birth, nor when the report came close to the due date', () => {
    const born = makePlan({ birthDate: '2026-07-14' });
    expect(remindersFor(born, S, '2026-07-14').filter((i) => i.occasion === 'before_birth')).toEqual([]);
    const late = makePlan({ reportedOn: '2026-06-10' });
    expect(remindersFor(late, S, '2026-06-10').filter((i) => i.occasion === 'before_birth')).toEqual([]);
    const inTime = makePlan({ reportedOn: '2026-05-29' });
    expect(remindersFor(inTime, S, '2026-05-29').filter((i) => i.occasion === 'before_birth')).toHaveLength(
      1,
    );
  });

  it('a range moved after the birth gets new keys, so the job cancels the old ones', () => {
    const before = new Set(remindersFor(plan, S, '2026-07-01').map((i) => i.key));
    const r = recomputeOnBirth(plan, '2026-07-01', S);
    const moved = {
      ...r.plan,
      ranges: r.plan.ranges.map((x, i) => (i === 2 ? { ...x, start: '2026-07-20', end: '2026-07-26' } : x)),
    };
    const after = remindersFor(moved, S, '2026-07-01').map((i) => i.key);
    expect(after).toContain('plan-1:leave_starts:postnatal_paternity_leave:2026-07-20');
    expect(before.has('plan-1:leave_starts:postnatal_paternity_leave:2026-07-20')).toBe(false);
    expect(after).not.toContain('plan-1:info_set:before_birth:2026-07-15');
  });

  it('keys are unique', () => {
    const keys = remindersFor(plan, S, '2026-03-02').map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
