import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BureauKind, monthlyBureauReport, type PersonMonthRow } from './overtime.report.ts';

const h = (hours: number) => hours * 60;

const row = (
  employeeId: string,
  bureauId: string,
  bureauKind: BureauKind,
  month: string,
  hours: number,
  isManagerial = false,
): PersonMonthRow => ({
  employeeId,
  bureauId,
  bureauKind,
  month,
  minutes: h(hours),
  isManagerial,
});

describe('monthlyBureauReport', () => {
  const rows = [
    row('a', 'B1', 'headquarters', '2026-05', 120),
    row('b', 'B1', 'headquarters', '2026-05', 30),
    row('c', 'B1', 'headquarters', '2026-05', 100, true),
    row('d', 'R1', 'regional_branch', '2026-05', 20),
    row('e', 'R1', 'regional_branch', '2026-05', 0),
    row('a', 'B1', 'headquarters', '2025-05', 90),
    row('b', 'B1', 'headquarters', '2025-05', 40),
    row('x', 'B1', 'headquarters', '2026-04', 300), // another month: ignored
  ];

  it('totals each bureau and compares with the same month last year', () => {
    const report = monthlyBureauReport(rows, '2026-05');
    expect(report.lastYearMonth).toBe('2025-05');
    expect(report.bureaus).toEqual([
      {
        bureauId: 'B1',
        bureauKind: 'headquarters',
        thisMonth: {
          staff: 3,
          totalMinutes: h(250),
          count100: 2,
          nonManagerialStaff: 2,
          nonManagerialMinutes: h(150),
        },
        lastYear: {
          staff: 2,
          totalMinutes: h(130),
          count100: 0,
          nonManagerialStaff: 2,
          nonManagerialMinutes: h(130),
        },
      },
      {
        bureauId: 'R1',
        bureauKind: 'regional_branch',
        thisMonth: {
          staff: 2,
          totalMinutes: h(20),
          count100: 0,
          nonManagerialStaff: 2,
          nonManagerialMinutes: h(20),
        },
        lastYear: null,
      },
    ]);
  });

  it('splits regional branches from the rest (本省 and 外局)', () => {
    const report = monthlyBureauReport(
      [...rows, row('f', 'G1', 'external_agency', '2026-05', 101)],
      '2026-05',
    );
    expect(report.regional.thisMonth).toMatchObject({ staff: 2, totalMinutes: h(20), count100: 0 });
    expect(report.other.thisMonth).toMatchObject({ staff: 4, totalMinutes: h(351), count100: 3 });
    expect(report.total.thisMonth).toMatchObject({ staff: 6, totalMinutes: h(371), count100: 3 });
    expect(report.regional.lastYear).toBeNull();
    expect(report.other.lastYear).toMatchObject({ staff: 2, totalMinutes: h(130) });
  });

  it('counts 100 h from the doctor-interview setting, at or over', () => {
    const report = monthlyBureauReport(
      [row('a', 'B', 'headquarters', '2026-05', 100), row('b', 'B', 'headquarters', '2026-05', 99.5)],
      '2026-05',
    );
    expect(report.total.thisMonth.count100).toBe(1);
  });

  it('keeps a bureau that had staff last year only, with an empty month', () => {
    const report = monthlyBureauReport([row('a', 'OLD', 'regional_branch', '2025-05', 10)], '2026-05');
    expect(report.bureaus[0]).toMatchObject({
      bureauId: 'OLD',
      thisMonth: { staff: 0, totalMinutes: 0 },
      lastYear: { staff: 1 },
    });
  });

  it('refuses a person counted twice in a month', () => {
    expect(() =>
      monthlyBureauReport(
        [row('a', 'B', 'headquarters', '2026-05', 1), row('a', 'C', 'headquarters', '2026-05', 2)],
        '2026-05',
      ),
    ).toThrow(/twice/);
  });

  it('property: bureaus add up to regional + other = total, whatever the row order', () => {
    const rowArb = fc.record({
      employee: fc.integer({ min: 0, max: 40 }),
      bureau: fc.constantFrom(
        ['B1', 'headquarters'] as const,
        ['B2', 'external_agency'] as const,
        ['R1', 'regional_branch'] as const,
        ['R2', 'regional_branch'] as const,
      ),
      month: fc.constantFrom('2026-05', '2025-05', '2026-06'),
      minutes: fc.integer({ min: 0, max: h(200) }),
      isManagerial: fc.boolean(),
    });
    const rowsArb = fc
      .uniqueArray(rowArb, { selector: (r) => `${r.employee}:${r.month}`, maxLength: 60 })
      .map((rs) =>
        rs.map(
          (r): PersonMonthRow => ({
            employeeId: `e${r.employee}`,
            bureauId: r.bureau[0],
            bureauKind: r.bureau[1],
            month: r.month,
            minutes: r.minutes,
            isManagerial: r.isManagerial,
          }),
        ),
      );
    fc.assert(
      fc.property(rowsArb, (rs) => {
        const report = monthlyBureauReport(rs, '2026-05');
        const sum = (pick: (b: (typeof report.bureaus)[number]) => number) =>
          report.bureaus.reduce((a, b) => a + pick(b), 0);
        expect(sum((b) => b.thisMonth.totalMinutes)).toBe(report.total.thisMonth.totalMinutes);
        expect(sum((b) => b.thisMonth.staff)).toBe(report.total.thisMonth.staff);
        expect(sum((b) => b.thisMonth.count100)).toBe(report.total.thisMonth.count100);
        expect(report.regional.thisMonth.totalMinutes + report.other.thisMonth.totalMinutes).toBe(
          report.total.thisMonth.totalMinutes,
        );
        expect(report.total.thisMonth.staff).toBe(rs.filter((r) => r.month === '2026-05').length);
        expect(monthlyBureauReport([...rs].reverse(), '2026-05')).toEqual(report);
      }),
    );
  });
});
