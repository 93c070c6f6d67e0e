import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { invalidateDisclosures } from '../access/disclosure.service.ts';
import { accessScope } from '../access/scope.ts';
import { buildViewer } from '../access/viewer.ts';
import type { AttendanceDay } from '../attendance/attendance.parse.ts';
import { storeDays } from '../attendance/attendance-import.service.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import { writeSetting } from '../settings/settings.repository.ts';
import { type FollowUpRow, followUpReport } from './follow-up-report.service.ts';
import { employeeNos, generateAttendance } from './wellbeing.test-data.ts';

/**
 * Seed 001's 100ｈ超え在庁者数 row of the follow-up report: generated attendance with 在庁時間
 * (some people without any, some months missing, person-months at exactly 100 h and just over),
 * stored through the real import, against an independent count straight from attendance_day; and
 * no subtraction of shown cells (ministry − kind groups − bureaus) gives back a hidden one.
 */
const MEASURE = '月の在庁時間が100時間を超えた職員数（100ｈ超え在庁者数、管理職以外・延べ、年度累計）';

describe('follow-up report: 100ｈ超え在庁者数', () => {
  let database: TestDatabase;
  let db: Db;
  let hrId: string;
  let nos: string[];
  let boundary: string[];

  const scope = async () => accessScope(db, await buildViewer(db, (await findEmployeeById(db, hrId))!));

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await writeDemoOrg(db, 120);
    nos = await employeeNos(db);
    const nonManagerial = new Set(
      (
        await db.query<{ employee_no: string }>(
          sql`select employee_no from employee where active and not is_managerial`,
        )
      ).map((r) => r.employee_no),
    );
    const [atLimit, overLimit] = nos.filter(
      (no, i) => nonManagerial.has(no) && i % 5 !== 0 && i % 7 !== 1,
    ) as [string, string];
    boundary = [atLimit, overLimit];
    const days = generateAttendance(nos, '2025-04-01', '2026-06-30', 23).map((d): AttendanceDay => {
      const i = nos.indexOf(d.employeeNo);
      const month = Number(d.date.slice(5, 7));
      // Every fifth person's app records no 在庁時間; some others miss it in odd months.
      if (i % 5 === 0 || (i % 7 === 1 && month % 2 === 1) || d.leaveType) return d;
      return { ...d, inOfficeMinutes: Math.min(1440, d.overtimeMinutes + (i % 4) * 95) };
    });
    // Boundaries in 2026-05: one person at exactly 100 h (not 超え), one at 100 h 1 min.
    for (const [no, total] of [
      [atLimit, 6000],
      [overLimit, 6001],
    ] as const) {
      const theirs = days.filter((d) => d.employeeNo === no && d.date.startsWith('2026-05') && !d.leaveType);
      theirs.forEach((d, k) => {
        const share = Math.floor(total / theirs.length);
        d.inOfficeMinutes = k === 0 ? total - share * (theirs.length - 1) : share;
      });
    }
    await storeDays(db, days, { id: null, label: 'test' }, { source: 'api' });
    [{ id: hrId }] = (await db.query<{ id: string }>(
      sql`select id from employee order by employee_no limit 1`,
    )) as [{ id: string }];
    await db.query(
      sql`insert into role_assignment (employee_id, role, bureau_id) values (${hrId}, 'hr', null) on conflict do nothing`,
    );
    await writeSetting(db, 'privacy', { minGroupSize: 2 }, hrId);
    invalidateDisclosures();
  }, 240_000);
  afterAll(() => database?.drop());

  /** 延べ人数 over 100 h of 在庁時間 per unit, straight from the days (not overtime_month). */
  const independent = async (from: string, to: string): Promise<Map<string, number>> => {
    const rows = await db.query<{ unit: string; n: number }>(sql`
      with pm as (
        select b.name, case when b.kind = 'regional_branch' then '地方支分部局' else '本省内部部局・外局' end as grp
          from attendance_day a join employee e on e.id = a.employee_id and not e.is_managerial
          join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
         where a.work_date between ${from}::date and ${to}::date
         group by a.employee_id, date_trunc('month', a.work_date), b.name, b.kind
        having sum(a.in_office_minutes) > 6000)
      select name as unit, count(*)::int as n from pm group by 1
      union all select grp, count(*)::int from pm group by 1
      union all select '省全体', count(*)::int from pm`);
    return new Map(rows.map((r) => [r.unit, r.n]));
  };

  const inOfficeRows = (rows: FollowUpRow[]) => rows.filter((r) => r.measure === MEASURE);

  it('counts 在庁時間 over 100 h per unit, this FY and the same months a year earlier, as the days say', async () => {
    const report = await followUpReport(db, await scope(), '2026-06');
    const rows = inOfficeRows(report.rows);
    const units = new Set(report.rows.map((r) => r.unit));
    expect(rows.map((r) => r.unit)).toEqual([...units]);
    const now = await independent('2026-04-01', '2026-06-30');
    const before = await independent('2025-04-01', '2025-06-30');
    let compared = 0;
    for (const row of rows) {
      expect(row.reproduces).toMatch(/^001 ２．超過勤務時間の縮減 調査【長時間労働是正】/);
      expect(row.unitOfMeasure).toBe('人');
      if (typeof row.value === 'number') {
        expect(row.value, row.unit).toBe(now.get(row.unit) ?? 0);
        compared++;
      }
      if (typeof row.previous === 'number') expect(row.previous, row.unit).toBe(before.get(row.unit) ?? 0);
    }
    const ministry = rows.find((r) => r.unit === '省全体')!;
    expect(ministry.value).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(3);
    // Exactly 100 h is not 超え, 100 h 1 min is: two non-managerial people stored at those totals.
    const [edge] = await db.query<{ at: number; over: number }>(sql`
      select count(*) filter (where m.in_office_minutes = 6000)::int as at,
             count(*) filter (where m.in_office_minutes = 6001)::int as over
        from overtime_month m join employee e on e.id = m.employee_id
       where m.month = '2026-05-01' and not m.is_managerial and e.employee_no = any(${boundary})`);
    expect(edge).toEqual({ at: 1, over: 1 });
    // It is its own row, beside the overtime row (seed 000's 特例超過勤務), which counts overtime.
    const overtime = report.rows.find(
      (r) => r.unit === '省全体' && r.measure.startsWith('月100時間以上の超過勤務'),
    )!;
    expect(overtime.reproduces).toMatch(/^000 Ⅱ2\(2\)① 特例超過勤務/);
  });

  it('no subtraction of shown cells gives back a hidden one, at any floor', async () => {
    const bureaus = await db.query<{ name: string; regional: boolean }>(
      sql`select name, kind = 'regional_branch' as regional from bureau order by code`,
    );
    const vectorOf = (unit: string): number[] =>
      bureaus.map((b) =>
        unit === '省全体' ||
        unit === b.name ||
        (unit === '地方支分部局' && b.regional) ||
        (unit === '本省内部部局・外局' && !b.regional)
          ? 1
          : 0,
      );
    let attacked = 0;
    for (const floor of [3, 5, 8, 12, 20, 40]) {
      await writeSetting(db, 'privacy', { minGroupSize: floor }, hrId);
      invalidateDisclosures();
      const rows = inOfficeRows((await followUpReport(db, await scope(), '2026-06')).rows);
      for (const column of ['value', 'previous'] as const) {
        const shown = rows.filter((r) => typeof r[column] !== 'string').map((r) => vectorOf(r.unit));
        const hidden = rows.filter((r) => typeof r[column] === 'string');
        for (const r of hidden) {
          expect(r[column]).toBe(`<${floor}`);
          if (column === 'value') expect(r.target).not.toMatch(/\d+ 人・月/);
          // Hidden = its bureau vector is not a combination of the shown cells' vectors.
          expect(rank([...shown, vectorOf(r.unit)]), `${r.unit} at floor ${floor}`).toBe(rank(shown) + 1);
        }
        if (hidden.some((r) => bureaus.some((b) => b.name === r.unit)) && shown.length > 0) attacked++;
      }
    }
    // Some floor hid a bureau while other cells stayed shown: the attack was really tried.
    expect(attacked).toBeGreaterThan(0);
    await writeSetting(db, 'privacy', { minGroupSize: 2 }, hrId);
    invalidateDisclosures();
  });

  it('says "no data" rather than 0 where no 在庁時間 is recorded in the period', async () => {
    // Then the attendance app stops recording 在庁時間 from April 2026 on.
    const report = await followUpReport(db, await scope(), '2026-06');
    const ministry = inOfficeRows(report.rows).find((r) => r.unit === '省全体')!;
    expect(ministry.target).toMatch(/在庁時間の記録がある延べ \d+ 人・月のうち/);
    await db.query(sql`update attendance_month set in_office_minutes = array_fill(null::int, array[31])
                        where month >= '2026-04-01'`);
    await db.query(sql`update overtime_month set in_office_minutes = 0 where month >= '2026-04-01'`);
    const empty = inOfficeRows((await followUpReport(db, await scope(), '2026-06')).rows).find(
      (r) => r.unit === '省全体',
    )!;
    expect(empty.value).toBeNull();
    expect(empty.target).toContain('在庁時間の記録がないため空欄');
    // The year before still has its figure.
    expect(typeof empty.previous).toBe('number');
  });
});

/** Rank of a set of row vectors (Gaussian elimination; small integer matrices). */
function rank(rows: readonly number[][]): number {
  const m = rows.map((r) => [...r]);
  let r = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && r < m.length; c++) {
    const p = m.findIndex((row, i) => i >= r && Math.abs(row[c]!) > 1e-9);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    for (let i = 0; i < m.length; i++)
      if (i !== r) {
        const f = m[i]![c]! / m[r]![c]!;
        for (let k = c; k < cols; k++) m[i]![k]! -= f * m[r]![k]!;
      }
    r++;
  }
  return r;
}
