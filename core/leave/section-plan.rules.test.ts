import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eachDay } from '../shared/calendar.ts';
import { LEAVE_KINDS, type SubmittedPlan } from './leave.types.ts';
import { goldenWeekPeriod, summerPeriod } from './period-presets.rules.ts';
import {
  lowResponseSections,
  responseRates,
  type SectionMember,
  sectionPlanTable,
} from './section-plan.rules.ts';

const members: SectionMember[] = [
  { employeeNo: 'A', sectionId: 's1', name: '青木' },
  { employeeNo: 'B', sectionId: 's1' },
  { employeeNo: 'C', sectionId: 's1' },
  { employeeNo: 'D', sectionId: 's1' },
  { employeeNo: 'E', sectionId: 's2' },
];
const plans: SubmittedPlan[] = [
  {
    employeeNo: 'A',
    entries: [
      { date: '2026-04-30', kind: 'annual_full' },
      { date: '2026-05-01', kind: 'annual_am' },
    ],
  },
  { employeeNo: 'B', entries: [{ date: '2026-04-30', kind: 'annual_full' }] },
  {
    employeeNo: 'C',
    entries: [
      { date: '2026-04-30', kind: 'annual_pm' },
      { date: '2026-05-01', kind: 'annual_pm' },
    ],
  },
  { employeeNo: 'X', entries: [{ date: '2026-04-30', kind: 'annual_full' }] }, // moved to another section
];

describe('section plan table', () => {
  const table = sectionPlanTable('s1', goldenWeekPeriod(2026), members, plans, { coverageWarningShare: 0.5 });

  it('lays out people × days, with who answered', () => {
    expect(table.days.map((d) => d.date.slice(5))).toEqual([
      '04-29',
      '04-30',
      '05-01',
      '05-02',
      '05-03',
      '05-04',
      '05-05',
      '05-06',
    ]);
    expect(table.rows.map((r) => [r.employeeNo, r.responded, r.plannedDays])).toEqual([
      ['A', true, 1.5],
      ['B', true, 1],
      ['C', true, 1],
      ['D', false, 0],
    ]);
    expect(table.rows[0]).toMatchObject({
      name: '青木',
      cells: [null, 'annual_full', 'annual_am', null, null, null, null, null],
    });
    expect({ members: table.members, responded: table.responded, responseRate: table.responseRate }).toEqual({
      members: 4,
      responded: 3,
      responseRate: 0.75,
    });
  });

  it('warns on a day when more than the share is away, counting mornings and afternoons apart', () => {
    const [, apr30, may1] = table.load;
    // 4/30: A and B all day, C in the afternoon → 3 of 4 away in the afternoon.
    expect(apr30).toEqual({ date: '2026-04-30', awayAm: 2, awayPm: 3, share: 0.75, warning: true });
    // 5/1: A in the morning, C in the afternoon → never more than one away.
    expect(may1).toEqual({ date: '2026-05-01', awayAm: 1, awayPm: 1, share: 0.25, warning: false });
    expect(table.load.filter((d) => d.warning).map((d) => d.date)).toEqual(['2026-04-30']);
  });

  it('does not warn at exactly the share', () => {
    const half = sectionPlanTable('s1', goldenWeekPeriod(2026), members, plans.slice(0, 2), {
      coverageWarningShare: 0.5,
    });
    expect(half.load[1]).toMatchObject({ share: 0.5, warning: false });
  });

  it('handles a section without members', () => {
    const empty = sectionPlanTable('none', goldenWeekPeriod(2026), members, plans, {
      coverageWarningShare: 0.5,
    });
    expect(empty.responseRate).toBeNull();
    expect(empty.load.every((d) => d.share === 0 && !d.warning)).toBe(true);
  });

  it('keeps shares within 0–1, zero on days off, and warns exactly above the threshold', () => {
    const period = summerPeriod(2026);
    const days = eachDay(period.start, period.end);
    const arbPlan = (employeeNo: string) =>
      fc.record({
        employeeNo: fc.constant(employeeNo),
        entries: fc.array(
          fc.record({ date: fc.constantFrom(...days), kind: fc.constantFrom(...LEAVE_KINDS) }),
          { maxLength: 10 },
        ),
      });
    const people = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    fc.assert(
      fc.property(
        fc.subarray(people).chain((who) => fc.tuple(...who.map(arbPlan))),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (somePlans, threshold) => {
          const t = sectionPlanTable(
            's',
            period,
            people.map((employeeNo) => ({ employeeNo, sectionId: 's' })),
            somePlans,
            {
              coverageWarningShare: threshold,
            },
          );
          t.days.forEach((day, i) => {
            const load = t.load[i]!;
            expect(load.share).toBeGreaterThanOrEqual(0);
            expect(load.share).toBeLessThanOrEqual(1);
            if (!day.working) {
              expect(load.share).toBe(0);
              expect(t.rows.every((r) => r.cells[i] === null)).toBe(true);
            }
            expect(load.warning).toBe(load.share > threshold);
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('response rates', () => {
  it('per section, with the sections below the campaign threshold', () => {
    const rates = responseRates(members, ['A', 'B', 'C', 'X']);
    expect(rates).toEqual([
      { sectionId: 's1', members: 4, responded: 3, responseRate: 0.75 },
      { sectionId: 's2', members: 1, responded: 0, responseRate: 0 },
    ]);
    expect(lowResponseSections(rates, { lowResponseRate: 0.8 }).map((r) => r.sectionId)).toEqual([
      's1',
      's2',
    ]);
    expect(lowResponseSections(rates, { lowResponseRate: 0.7 }).map((r) => r.sectionId)).toEqual(['s2']);
  });
});
