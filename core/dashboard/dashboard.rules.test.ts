import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MonthFigures } from './dashboard.repository.ts';
import {
  change,
  dashboardRows,
  hourBands,
  leaveGoalPace,
  type RowInput,
  showFigures,
} from './dashboard.rules.ts';

const figures = fc
  .record({ nmStaff: fc.nat(60), managers: fc.nat(10), seed: fc.nat(1000) })
  .map(({ nmStaff, managers, seed }): MonthFigures => {
    const ge45 = nmStaff === 0 ? 0 : seed % (nmStaff + 1);
    const ge80 = Math.floor(ge45 / 2);
    const ge100 = Math.floor(ge80 / 3);
    return {
      staff: nmStaff + managers,
      totalMinutes: (nmStaff + managers) * 2400,
      nmStaff,
      nmTotalMinutes: nmStaff * 2400,
      nmGe45: ge45,
      nmGe80: ge80,
      nmGe100: ge100,
      ge100: ge100 + (managers > 0 ? 1 : 0),
    };
  });

const input = (
  id: string,
  f: MonthFigures | undefined,
  managed = 0,
  headcount: number | null = null,
): RowInput => ({
  info: { id, name: id, code: id, kind: 'headquarters', bureauId: 'b', headcount, managed },
  thisMonth: f,
  lastYear: f,
  leaveDays: 30,
  alerts: { open: 1, acted: 0 },
});

describe('dashboard rules', () => {
  it('puts every non-managerial person in exactly one hour band', () => {
    fc.assert(
      fc.property(figures, (f) => {
        const b = hourBands(f);
        if (f.nmStaff === 0) expect(b).toBeNull();
        else expect(b && b.under45 + b.from45to80 + b.from80to100 + b.atLeast100).toBe(f.nmStaff);
      }),
    );
  });

  it('averages over non-managerial staff and reports the change on last year in hours and percent', () => {
    const now = showFigures({
      staff: 11,
      totalMinutes: 33_000,
      nmStaff: 10,
      nmTotalMinutes: 30_000,
      nmGe45: 2,
      nmGe80: 1,
      nmGe100: 0,
      ge100: 1,
    });
    const ly = showFigures({
      staff: 11,
      totalMinutes: 30_000,
      nmStaff: 10,
      nmTotalMinutes: 27_000,
      nmGe45: 1,
      nmGe80: 0,
      nmGe100: 0,
      ge100: 0,
    });
    expect(now).toMatchObject({ totalHours: 550, avgHours: 50, ge100All: 1 });
    expect(change(now, ly)).toEqual({ avgHours: 5, totalPercent: 10, ge100All: 1 });
    expect(change(now, null)).toEqual({ avgHours: null, totalPercent: null, ge100All: null });
  });

  it('never lets a figure of a hidden row through, and follows last year’s decision for last year', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.option(figures, { nil: undefined }), fc.boolean(), fc.boolean()), {
          maxLength: 8,
        }),
        (list) => {
          const rows = dashboardRows(
            list.map(([f], i) => ({ ...input(`g${i}`, f), lastYear: f })),
            {
              now: (id) => (list[Number(id.slice(1))]?.[1] ? 'small_group' : null),
              lastYear: (id) => (list[Number(id.slice(1))]?.[2] ? 'complementary' : null),
              allStaff: () => 'small_group',
              allStaffLastYear: () => null,
              managed: () => false,
            },
          );
          rows.forEach((r, i) => {
            const [, hideNow, hideLastYear] = list[i]!;
            expect(r.hidden).toBe(hideNow ? 'small_group' : null);
            if (r.hidden || hideLastYear) expect(r.lastYear).toBeNull();
            // The managerial part is hidden: no all-staff figure, the non-managerial ones stay.
            expect(r.allStaffHidden).not.toBeNull();
            expect([r.thisMonth?.totalHours ?? null, r.thisMonth?.ge100All ?? null, r.alerts]).toEqual([
              null,
              null,
              null,
            ]);
            if (r.hidden)
              expect([r.thisMonth, r.lastYear, r.leaveAvgDays, r.alerts, r.change.avgHours]).toEqual([
                null,
                null,
                null,
                null,
                null,
              ]);
          });
        },
      ),
    );
  });

  it('paces the 15-day leave goal over the calendar year', () => {
    expect(leaveGoalPace(6)).toBe(7.5);
    expect(leaveGoalPace(12)).toBe(15);
  });
});
