import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eachDay } from '../shared/calendar.ts';
import { LEAVE_KINDS, type TakenLeave } from './leave.types.ts';
import { goldenWeekPeriod } from './period-presets.rules.ts';
import { plannedVsTaken } from './planned-vs-taken.rules.ts';

const period = goldenWeekPeriod(2026);
const members = [
  { employeeNo: 'A', sectionId: 's1' },
  { employeeNo: 'B', sectionId: 's1' },
  { employeeNo: 'D', sectionId: 's2' },
];
const plans = [
  {
    employeeNo: 'A',
    entries: [
      { date: '2026-04-30', kind: 'annual_full' as const },
      { date: '2026-05-01', kind: 'annual_am' as const },
    ],
  },
  { employeeNo: 'B', entries: [{ date: '2026-04-30', kind: 'annual_full' as const }] },
];
const taken: TakenLeave[] = [
  { employeeNo: 'A', date: '2026-04-30', kind: 'annual', days: 1 },
  { employeeNo: 'A', date: '2026-05-01', kind: 'annual', days: 1 }, // a full day instead of the morning
  { employeeNo: 'A', date: '2026-05-07', kind: 'annual', days: 1 }, // after the period
  { employeeNo: 'D', date: '2026-05-01', kind: 'special', days: 1 },
  { employeeNo: 'B', date: '2026-04-30', kind: 'other', days: 1 }, // sick, not the planned leave
];

describe('planned vs taken', () => {
  const result = plannedVsTaken(period, members, plans, taken);

  it('per person: what was planned, taken, taken as planned and beyond the plan', () => {
    expect(result.people).toEqual([
      {
        employeeNo: 'A',
        sectionId: 's1',
        responded: true,
        plannedDays: 1.5,
        takenDays: 2,
        plannedTakenDays: 1.5,
        unplannedTakenDays: 0.5,
        adherence: 1,
      },
      {
        employeeNo: 'B',
        sectionId: 's1',
        responded: true,
        plannedDays: 1,
        takenDays: 0,
        plannedTakenDays: 0,
        unplannedTakenDays: 0,
        adherence: 0,
      },
      {
        employeeNo: 'D',
        sectionId: 's2',
        responded: false,
        plannedDays: 0,
        takenDays: 1,
        plannedTakenDays: 0,
        unplannedTakenDays: 1,
        adherence: null,
      },
    ]);
  });

  it('per section', () => {
    expect(result.sections).toEqual([
      {
        sectionId: 's1',
        members: 2,
        responded: 2,
        plannedDays: 2.5,
        takenDays: 2,
        plannedTakenDays: 1.5,
        unplannedTakenDays: 0.5,
        adherence: 0.6,
        takenPerMember: 1,
      },
      {
        sectionId: 's2',
        members: 1,
        responded: 0,
        plannedDays: 0,
        takenDays: 1,
        plannedTakenDays: 0,
        unplannedTakenDays: 1,
        adherence: null,
        takenPerMember: 1,
      },
    ]);
  });

  it('never counts more kept than planned or taken', () => {
    const days = eachDay(period.start, period.end);
    const arbEntries = fc.array(
      fc.record({ date: fc.constantFrom(...days), kind: fc.constantFrom(...LEAVE_KINDS) }),
      { maxLength: 6 },
    );
    const arbTaken = fc.array(
      fc.record({
        employeeNo: fc.constant('A'),
        date: fc.constantFrom(...days, '2026-05-07'),
        kind: fc.constantFrom('annual' as const, 'summer' as const, 'special' as const, 'other' as const),
        days: fc.constantFrom(0.5, 1, 0.129),
      }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(arbEntries, arbTaken, (entries, takenRows) => {
        const [p] = plannedVsTaken(
          period,
          [{ employeeNo: 'A', sectionId: 's' }],
          [{ employeeNo: 'A', entries }],
          takenRows,
        ).people;
        expect(p!.plannedTakenDays).toBeLessThanOrEqual(p!.plannedDays);
        expect(p!.plannedTakenDays).toBeLessThanOrEqual(p!.takenDays);
        expect(p!.unplannedTakenDays).toBeGreaterThanOrEqual(0);
        if (p!.adherence !== null) expect(p!.adherence).toBeLessThanOrEqual(1);
      }),
    );
  });
});
