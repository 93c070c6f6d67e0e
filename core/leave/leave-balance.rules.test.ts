import { describe, expect, it } from 'vitest';
import type { TakenLeave } from './leave.types.ts';
import { leaveBalance } from './leave-balance.rules.ts';

const annual = (date: string, days = 1): TakenLeave => ({ employeeNo: 'A', date, kind: 'annual', days });

describe('leave balance', () => {
  const taken: TakenLeave[] = [
    annual('2025-12-26'), // last year
    annual('2026-01-05'),
    annual('2026-04-30'),
    annual('2026-05-01', 0.5),
    annual('2026-06-10', 2 / 7.75), // two hours (7h45m a day)
    { employeeNo: 'A', date: '2026-08-12', kind: 'summer', days: 3 }, // 夏季休暇 is not annual leave
  ];

  it('shows used, remaining and the way to the 15-day goal', () => {
    expect(leaveBalance({ year: 2026, grantedDays: 20, carriedOverDays: 12, taken })).toEqual({
      year: 2026,
      entitlementDays: 32,
      grantedDays: 20,
      carriedOverDays: 12,
      basis: 'recorded',
      usedDays: 2.758,
      remainingDays: 29.242,
      overdrawnDays: 0,
      plannedBeyondDays: 0,
      goalDays: 15,
      toGoalDays: 12.242,
      goalReached: false,
      goalProgress: 0.184,
      plannedDays: 0,
      projectedDays: 2.758,
    });
  });

  it('adds the planned days still ahead', () => {
    const b = leaveBalance({
      year: 2026,
      grantedDays: 20,
      carriedOverDays: 0,
      taken,
      asOf: '2026-06-30',
      planned: [
        { date: '2026-05-01', kind: 'annual_am' }, // already past
        { date: '2026-08-11', kind: 'annual_full' },
        { date: '2026-08-12', kind: 'summer' },
        { date: '2026-12-28', kind: 'annual_pm' },
      ],
    });
    expect(b.plannedDays).toBe(1.5);
    expect(b.projectedDays).toBe(4.258);
  });

  it('reports the goal reached', () => {
    const many = Array.from({ length: 16 }, (_, i) => annual(`2026-02-${String(i + 1).padStart(2, '0')}`));
    const b = leaveBalance({ year: 2026, grantedDays: 20, carriedOverDays: 0, taken: many });
    expect(b).toMatchObject({
      usedDays: 16,
      remainingDays: 4,
      toGoalDays: 0,
      goalReached: true,
      goalProgress: 1,
    });
  });
});
