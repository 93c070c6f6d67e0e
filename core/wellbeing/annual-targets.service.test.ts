import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { invalidateDisclosures } from '../access/disclosure.service.ts';
import { accessScope } from '../access/scope.ts';
import { buildViewer } from '../access/viewer.ts';
import { storeDays } from '../attendance/attendance-import.service.ts';
import { takeUpFor } from '../childcare/childcare-take-up.service.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import { writeSetting } from '../settings/settings.repository.ts';
import { AppError } from '../shared/errors.ts';
import { annualTargets } from './annual-targets.service.ts';
import { followUpCsv, followUpXlsx } from './follow-up-report.export.ts';
import { followUpReport } from './follow-up-report.service.ts';
import { employeeNos, generateAttendance } from './wellbeing.test-data.ts';

/**
 * The plan's annual figures over generated attendance (stored through the import path) equal an
 * independent SQL computation straight from attendance_day, employee and bureau — not from the
 * maintained aggregates the service reads.
 */
describe('annual targets', () => {
  let database: TestDatabase;
  let db: Db;
  let hrId: string;

  const scopeOf = async (id: string) =>
    accessScope(db, await buildViewer(db, (await findEmployeeById(db, id))!));

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await writeDemoOrg(db, 120);
    const nos = await employeeNos(db);
    // Two fiscal years: all of FY2025 and FY2026 to October.
    await storeDays(
      db,
      generateAttendance(nos, '2025-04-01', '2026-10-31', 7),
      { id: null, label: 'test' },
      {
        source: 'api',
      },
    );
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

  /** Per non-managerial person: total ÷ (person-months ÷ months), straight from the days. */
  const independent = async (
    what: 'overtime' | 'leave',
    from: string,
    to: string,
  ): Promise<Record<string, number>> => {
    const value =
      what === 'overtime'
        ? sql`sum(a.overtime_minutes) / 60.0`
        : sql`coalesce(sum(a.leave_days) filter (where a.leave_type like '年次%'), 0)`;
    const rows = await db.query<{ grp: string; per_person: number }>({
      text: `
      with pm as (
        select case when b.kind = 'regional_branch' then 'regional' else 'other' end as grp,
               a.employee_id, date_trunc('month', a.work_date) as m, ${value.text.replace('$', '$')} as v
          from attendance_day a join employee e on e.id = a.employee_id and not e.is_managerial
          join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
         where a.work_date between $1::date and $2::date
         group by 1, 2, 3)
      select grp, (sum(v) / (count(*)::float8 / count(distinct m)))::float8 as per_person from pm group by grp
      union all
      select 'total', (sum(v) / (count(*)::float8 / count(distinct m)))::float8 from pm`,
      values: [from, to],
    });
    return Object.fromEntries(rows.map((r) => [r.grp, Math.round(r.per_person * 10) / 10]));
  };

  it('overtime per non-managerial person, this FY to date, last FY same months and whole, per group', async () => {
    const view = await annualTargets(db, await scopeOf(hrId), '2026-10');
    const thisFy = await independent('overtime', '2026-04-01', '2026-10-31');
    const lastSame = await independent('overtime', '2025-04-01', '2025-10-31');
    const lastFull = await independent('overtime', '2025-04-01', '2026-03-31');
    expect(view.fiscalYear).toBe(2026);
    for (const row of view.overtime) {
      expect(row.thisYear.hidden).toBeNull();
      expect(row.thisYear.perPerson).toBeCloseTo(thisFy[row.group]!, 1);
      expect(row.lastYearSamePeriod.perPerson).toBeCloseTo(lastSame[row.group]!, 1);
      expect(row.lastYearFull.perPerson).toBeCloseTo(lastFull[row.group]!, 1);
      // Seven months elapsed: the pace to March is × 12/7.
      expect(row.projectedHours).toBeCloseTo((row.thisYear.perPerson! * 12) / 7, 0);
      expect(row.onTrack).toBe(row.projectedHours! <= row.lastYearFull.perPerson!);
    }
    expect(thisFy.other).toBeGreaterThan(0);
    expect(thisFy.regional).toBeGreaterThan(0);
  });

  it('annual leave per person by calendar year against 15 days and last year', async () => {
    const view = await annualTargets(db, await scopeOf(hrId), '2026-10');
    const thisYear = await independent('leave', '2026-01-01', '2026-10-31');
    // The generated data start in April 2025: last year's "whole year" is April–December.
    const lastSame = await independent('leave', '2025-04-01', '2025-10-31');
    for (const row of view.leave) {
      expect(row.targetDays).toBe(15);
      expect(row.thisYear.perPerson).toBeCloseTo(thisYear[row.group]!, 1);
      expect(row.thisYear.perPerson).toBeGreaterThan(0);
      // January–March 2025 have no data: a month with no one counted does not dilute the average.
      expect(row.lastYearSamePeriod.perPerson).toBeCloseTo(lastSame[row.group]!, 1);
    }
  });

  it('hides a group under the floor, and refuses a manager without a bureau role', async () => {
    await writeSetting(db, 'privacy', { minGroupSize: 50 }, hrId);
    invalidateDisclosures();
    const view = await annualTargets(db, await scopeOf(hrId), '2026-10');
    const regional = view.overtime.find((r) => r.group === 'regional')!;
    expect(regional.thisYear).toEqual({ perPerson: null, averageStaff: null, hidden: expect.any(String) });
    expect(regional.projectedHours).toBeNull();
    // Complementary: with 地方支分部局 hidden, 合計 − 本省内部部局・外局 must not give it back.
    const other = view.overtime.find((r) => r.group === 'other')!;
    const total = view.overtime.find((r) => r.group === 'total')!;
    expect(other.thisYear.hidden !== null || total.thisYear.hidden !== null).toBe(true);
    const report = await followUpReport(db, await scopeOf(hrId), '2026-10');
    const cell = (unit: string) =>
      report.rows.find((r) => r.unit === unit && r.unitOfMeasure === '時間')!.value;
    expect(typeof cell('地方支分部局')).toBe('string');
    expect(typeof cell('省全体') === 'string' || typeof cell('本省内部部局・外局') === 'string').toBe(true);
    await writeSetting(db, 'privacy', { minGroupSize: 2 }, hrId);
    invalidateDisclosures();
    const [manager] = await db.query<{ id: string }>(sql`
      select m.id from employee m where exists (select 1 from employee e where e.manager_id = m.id)
         and not exists (select 1 from role_assignment r where r.employee_id = m.id) limit 1`);
    await expect(annualTargets(db, await scopeOf(manager!.id), '2026-10')).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'forbidden',
    );
  });

  it('follow-up report: the seed rows per ministry, kind and bureau, equal to the annual figures, floor applied', async () => {
    const scope = await scopeOf(hrId);
    const report = await followUpReport(db, scope, '2026-10');
    const targets = await annualTargets(db, scope, '2026-10');
    const units = [...new Set(report.rows.map((r) => r.unit))];
    expect(units.slice(0, 3)).toEqual(['省全体', '本省内部部局・外局', '地方支分部局']);
    const bureauCount = (await db.query(sql`select 1 from bureau`)).length;
    expect(units).toHaveLength(3 + bureauCount);
    // Every unit carries the same six data rows with the seed's units.
    for (const unit of units.filter((u) => u !== '省全体'))
      expect(
        report.rows
          .filter((r) => r.unit === unit && r.item !== '４．仕事と育児等の両立支援')
          .map((r) => r.unitOfMeasure),
      ).toEqual(['時間', '人', '人', '日', '件', '件']);
    const total = report.rows.find((r) => r.unit === '省全体' && r.unitOfMeasure === '時間');
    expect(total?.value).toBe(targets.overtime.find((o) => o.group === 'total')?.thisYear.perPerson);
    const leave = report.rows.find((r) => r.unit === '地方支分部局' && r.unitOfMeasure === '日');
    expect(leave?.value).toBe(targets.leave.find((o) => o.group === 'regional')?.thisYear.perPerson);
    // 延べ人数 at 100 h equals an independent count from the days.
    const [indep] = await db.query<{ n: number }>(sql`
      select count(*)::int as n from (
        select a.employee_id, date_trunc('month', a.work_date) from attendance_day a
          join employee e on e.id = a.employee_id and not e.is_managerial
         where a.work_date between '2026-04-01' and '2026-10-31'
         group by 1, 2 having sum(a.overtime_minutes) >= 6000) x`);
    expect(report.rows.find((r) => r.unit === '省全体' && r.unitOfMeasure === '人')?.value).toBe(indep!.n);
    for (const row of report.rows) expect(row.reproduces).toMatch(/^00[0-3] /);

    // An executive of one bureau: their bureau and its sum, never another bureau or the ministry.
    const [exec] = await db.query<{ id: string; bureau_id: string; name: string }>(sql`
      select e.id, s.bureau_id, b.name from employee e join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
       where not exists (select 1 from role_assignment r where r.employee_id = e.id) order by e.employee_no desc limit 1`);
    await db.query(
      sql`insert into role_assignment (employee_id, role, bureau_id) values (${exec!.id}, 'executive', ${exec!.bureau_id})`,
    );
    const own = await followUpReport(db, await scopeOf(exec!.id), '2026-10');
    const ownUnits = new Set(own.rows.map((r) => r.unit));
    expect(ownUnits.has('省全体')).toBe(false);
    expect(ownUnits.has('担当局の合計')).toBe(true);
    expect(
      [...ownUnits].filter((u) => !['担当局の合計', '本省内部部局・外局', '地方支分部局'].includes(u)),
    ).toEqual([exec!.name]);

    await writeSetting(db, 'privacy', { minGroupSize: 30 }, hrId);
    invalidateDisclosures();
    const floored = await followUpReport(db, scope, '2026-10');
    const small = floored.rows.filter((r) => r.value === '<30');
    expect(small.length).toBeGreaterThan(0);
    for (const r of small) expect(typeof r.value).toBe('string');
    await writeSetting(db, 'privacy', { minGroupSize: 2 }, hrId);
    invalidateDisclosures();
  });

  it('reports the three childcare rates from both sources, each row naming its source', async () => {
    const scope = await scopeOf(hrId);
    const report = await followUpReport(db, scope, '2026-10');
    const view = await takeUpFor(db, scope, 2026);
    const childcare = report.rows.filter(
      (r) => r.item === '４．仕事と育児等の両立支援' && r.unit === '省全体',
    );
    const fromPlan = childcare.filter((r) => r.measure.endsWith('（育児の計画シートの記録による）'));
    const fromAttendance = childcare.filter((r) => r.measure.endsWith('（勤怠の休暇種別による）'));
    expect(fromPlan).toHaveLength(3);
    expect(fromAttendance).toHaveLength(3);
    expect(childcare).toHaveLength(6);
    const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
    const keys = ['childcareLeave2Weeks', 'specialLeave5Days', 'firstYear1Month'] as const;
    expect(fromPlan.map((r) => r.value)).toEqual(keys.map((k) => pct(view.total[k].rate)));
    expect(fromAttendance.map((r) => r.value)).toEqual(
      keys.map((k) => pct(view.fromAttendance.total[k].rate)),
    );
    // The same seed row is reproduced by both, so HR can pick the one the ministry reports.
    expect(fromAttendance.map((r) => r.reproduces)).toEqual(fromPlan.map((r) => r.reproduces));
  });

  it('exports the report as CSV (formula cells neutralised) and Excel with the same cells', async () => {
    const [b] = await db.query<{ id: string }>(sql`select id from bureau order by code limit 1`);
    await db.query(sql`update bureau set name = '=HYPERLINK("http://x")' where id = ${b!.id}`);
    const report = await followUpReport(db, await scopeOf(hrId), '2026-10');
    const csv = followUpCsv(report);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('区分,項目,指標,単位');
    expect(lines).toHaveLength(report.rows.length + 1);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(csv).toContain(`'=HYPERLINK`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await followUpXlsx(report)) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(report.rows.length + 1);
    expect(sheet.getRow(2).getCell(1).value).toBe(report.rows[0]!.unit);
    expect(workbook.worksheets.length).toBe(1 + new Set(report.rows.map((r) => r.unit)).size);
  });
});
