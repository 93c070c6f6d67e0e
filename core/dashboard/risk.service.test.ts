import '../../test/harness/settings.setup.ts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { groupScope } from '../access/scope.ts';
import { buildViewer } from '../access/viewer.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeByNo } from '../org/org.repository.ts';
import { projectMonthEnd } from '../overtime/overtime.rules.ts';
import { eachDay } from '../shared/calendar.ts';
import { runningMonthAtRisk } from './risk.repository.ts';
import { paceFactors, RISK_PEOPLE_LIMIT, riskView } from './risk.service.ts';

/**
 * The risk page names only the manager's people projected at or over the lowest level (45 h by
 * default), most at risk first, and counts the rest: checked against projectMonthEnd applied to
 * every one of his people, for random running months of the whole ministry (minutes and last dates
 * per person), as the manager with most people, one who sits with his own boss, and one whose
 * people sit with others': nobody outside his subtree, and not he himself, is named or counted.
 */
describe('the risk page: who of my people will pass 45/80/100 h this month', () => {
  let t: TestDatabase;
  let everyone: { id: string; no: string }[] = [];
  /** Managers to view the page as: the one with most people, and ones sharing a section with others. */
  const managers: { no: string; id: string; people: Set<string> }[] = [];
  /** The first manager's people, by employee number. */
  let people: { id: string; no: string }[] = [];
  const MONTH = '2026-11';
  let chiefNo = '';

  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 1200);
    everyone = await t.db.query<{ id: string; no: string }>(sql`
      select id::text as id, employee_no as no from employee where active order by employee_no`);
    const picked = await t.db.query<{ no: string; id: string }>(sql`
      with m as (
        select e.id, e.employee_no, e.section_id, count(*) as people from org_closure c join employee e on e.id = c.ancestor
         where c.depth > 0 group by e.id, e.employee_no, e.section_id)
      -- The manager with the most people below him (more than the page names) ...
      (select employee_no as no, id::text as id from m order by people desc, employee_no limit 1)
      union all
      -- ... one whose own section holds someone above him (his rows there are not all his people) ...
      (select m.employee_no, m.id::text from m
        where exists (select 1 from org_closure up join employee b on b.id = up.ancestor
                       where up.descendant = m.id and up.depth > 0 and b.section_id = m.section_id)
        order by m.people desc, m.employee_no limit 1)
      union all
      -- ... and one with people in a section where others sit who are neither his nor above him.
      (select m.employee_no, m.id::text from m
        where exists (select 1 from org_closure c join employee p on p.id = c.descendant
                        join employee o on o.section_id = p.section_id
                       where c.ancestor = m.id and c.depth > 0
                         and not exists (select 1 from org_closure x where x.ancestor = m.id and x.descendant = o.id)
                         and not exists (select 1 from org_closure y where y.descendant = m.id and y.ancestor = o.id))
        order by m.people, m.employee_no limit 1)`);
    expect(picked).toHaveLength(3);
    for (const pick of picked) {
      const below = await t.db.query<{ id: string }>(sql`
        select descendant::text as id from org_closure where ancestor = ${pick.id}::uuid and depth > 0`);
      managers.push({ ...pick, people: new Set(below.map((r) => r.id)) });
    }
    chiefNo = managers[0]!.no;
    people = everyone.filter((p) => managers[0]!.people.has(p.id));
  });
  afterAll(() => t?.drop());

  const viewAs = async (no: string) => {
    const employee = await findEmployeeByNo(t.db, no);
    const viewer = await buildViewer(t.db, employee!);
    return riskView(t.db, viewer, await groupScope(t.db, viewer), '2026-11-20');
  };
  const view = () => viewAs(chiefNo);

  /**
   * Writes the running month's rows in no particular order (equal hours must not come back in
   * employee-number order by chance), over any rows already there as a re-import does.
   */
  const writeRunningMonth = (rows: { id: string; minutes: number; last: string }[], salt: string) =>
    t.db.query(sql`
      insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, days_recorded, last_work_date)
      select e.id, ${`${MONTH}-01`}::date, e.section_id, e.is_managerial, u.minutes, 1, u.last
        from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.minutes)}::int[], ${rows.map((r) => r.last)}::date[])
             as u(id, minutes, last)
        join employee e on e.id = u.id
       order by md5(e.id::text || ${salt}::text)
      on conflict (employee_id, month) do update
        set overtime_minutes = excluded.overtime_minutes, last_work_date = excluded.last_work_date`);

  /** The reference: projectMonthEnd applied to each of the manager's people, at or over 45 h, in order. */
  const expectedAtRisk = (
    rows: { id: string; no: string; minutes: number; last: string }[],
    people: Set<string>,
  ) =>
    rows
      .filter((r) => people.has(r.id))
      .map((r) => ({
        no: r.no,
        projected: projectMonthEnd({ month: MONTH, asOf: r.last, minutesSoFar: r.minutes }).projectedMinutes,
      }))
      .filter((r) => r.projected >= 45 * 60)
      .sort((a, b) => b.projected - a.projected || a.no.localeCompare(b.no));

  it('property: the people named are exactly his people projected at or over 45 h, in order, and the counts add up', async () => {
    expect(managers[0]!.people.size).toBeGreaterThan(RISK_PEOPLE_LIMIT);
    const days = eachDay(`${MONTH}-01`, `${MONTH}-30`);
    // The fewest minutes that project to 45 h from each date.
    const threshold = new Map(
      days.map((d) => {
        let m = 0;
        while (projectMonthEnd({ month: MONTH, asOf: d, minutesSoFar: m }).projectedMinutes < 45 * 60) m++;
        return [d, m];
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.option(
            fc.oneof(
              fc.tuple(fc.integer({ min: 0, max: 120 * 60 }), fc.constantFrom(...days)),
              // Right at a date's threshold, where an off-by-one in the search would show.
              fc
                .tuple(fc.constantFrom(...days), fc.integer({ min: -2, max: 2 }))
                .map(([d, delta]): [number, string] => [Math.max(0, threshold.get(d)! + delta), d]),
              // Many on the same hours and date: ties at the 200th place are broken by employee number.
              fc.constant<[number, string]>([60 * 60, '2026-11-13']),
            ),
            { freq: 3 },
          ),
          { minLength: everyone.length, maxLength: everyone.length },
        ),
        // Written as a new month (inserts) or over the last run's (a re-import: updates, deletes).
        fc.boolean(),
        async (months, reimport) => {
          const rows = everyone.flatMap((p, i) =>
            months[i] ? [{ ...p, minutes: months[i][0], last: months[i][1] }] : [],
          );
          if (!reimport)
            await t.db.query(sql`delete from overtime_month where month = ${`${MONTH}-01`}::date`);
          else
            await t.db.query(sql`
              delete from overtime_month where month = ${`${MONTH}-01`}::date
                 and employee_id <> all(${rows.map((r) => r.id)}::uuid[])`);
          await writeRunningMonth(rows, String(rows.length));
          for (const manager of managers) {
            const mine = rows.filter((r) => manager.people.has(r.id));
            const expected = expectedAtRisk(rows, manager.people);
            const risk = await viewAs(manager.no);
            expect(risk.atRiskTotal).toBe(expected.length);
            expect(risk.peopleWithData).toBe(mine.length);
            expect(risk.people.map((p) => [p.employeeNo, p.projectedMinutes])).toEqual(
              expected.slice(0, RISK_PEOPLE_LIMIT).map((r) => [r.no, r.projected]),
            );
            expect(risk.people.every((p) => p.level !== 'none')).toBe(true);
          }
        },
      ),
      { numRuns: 12, seed: 20261206 },
    );
  });

  it("property: with a short list, each group's first rows by hours still give the exact first ones (ties by employee number)", async () => {
    const factors = paceFactors(MONTH);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.option(
            // Few distinct values: many equal hours in one group (a group's list cut inside a tie),
            // and projections that only rounding halves up makes equal: 1,001 min by 4 Nov
            // (19 ÷ 2 working days) is 9,509.5 → 9,510, level with 9,510 min of a final month.
            fc.constantFrom<[number, string]>(
              [1001, '2026-11-04'],
              [9510, '2026-11-30'],
              [9509, '2026-11-30'],
              [1000, '2026-11-04'],
              [2401, '2026-11-13'],
              [4500, '2026-11-30'],
            ),
            { freq: 4 },
          ),
          { minLength: everyone.length, maxLength: everyone.length },
        ),
        fc.integer({ min: 1, max: 9 }),
        async (months, limit) => {
          const rows = everyone.flatMap((p, i) =>
            months[i] ? [{ ...p, minutes: months[i][0], last: months[i][1] }] : [],
          );
          await t.db.query(sql`delete from overtime_month where month = ${`${MONTH}-01`}::date`);
          await writeRunningMonth(rows, String(limit));
          for (const manager of managers) {
            const expected = expectedAtRisk(rows, manager.people);
            const got = await runningMonthAtRisk(t.db, manager.id, MONTH, factors, 45 * 60, limit);
            expect(got.atRisk).toBe(expected.length);
            expect(got.people.map((p) => p.employeeNo)).toEqual(expected.slice(0, limit).map((r) => r.no));
          }
        },
      ),
      { numRuns: 15, seed: 20261207 },
    );
  });

  it('audits only the people it names', async () => {
    await t.db.query(sql`delete from overtime_month where month = ${`${MONTH}-01`}::date`);
    // One person far over, one far under.
    const [over, under] = [people[0]!, people[1]!];
    await t.db.query(sql`
      insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, days_recorded, last_work_date)
      select e.id, ${`${MONTH}-01`}::date, e.section_id, e.is_managerial, case when e.id = ${over.id}::uuid then 90 * 60 else 60 end,
             10, date '2026-11-13'
        from employee e where e.id in (${over.id}::uuid, ${under.id}::uuid)`);
    const risk = await view();
    expect(risk.people.map((p) => p.employeeNo)).toEqual([over.no]);
    expect(risk.peopleWithData).toBe(2);
    const [audit] = await t.db.query<{ detail: string }>(sql`
      select detail::text from audit_log where action = 'dashboard.risk_read' order by id desc limit 1`);
    expect(audit?.detail).toContain(over.id);
    expect(audit?.detail).not.toContain(under.id);
  });

  it("never names someone outside the manager's subtree who sits in a section with his people", async () => {
    await t.db.query(sql`delete from overtime_month where month = ${`${MONTH}-01`}::date`);
    // A manager and, in a section where some of his people sit, someone who is not below him.
    const [pick] = await t.db.query<{ manager: string; mine: string; outsider: string }>(sql`
      select m.employee_no as manager, mine.employee_no as mine, outsider.employee_no as outsider
        from org_closure c
        join employee m on m.id = c.ancestor
        join employee mine on mine.id = c.descendant
        join employee outsider on outsider.section_id = mine.section_id and outsider.id <> m.id
       where c.depth > 0
         and not exists (select 1 from org_closure x where x.ancestor = m.id and x.descendant = outsider.id)
       order by m.employee_no, mine.employee_no, outsider.employee_no limit 1`);
    expect(pick).toBeDefined();
    await t.db.query(sql`
      insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, days_recorded, last_work_date)
      select e.id, ${`${MONTH}-01`}::date, e.section_id, e.is_managerial, 90 * 60, 10, date '2026-11-13'
        from employee e where e.employee_no in (${pick!.mine}, ${pick!.outsider})`);
    const employee = await findEmployeeByNo(t.db, pick!.manager);
    const viewer = await buildViewer(t.db, employee!);
    const risk = await riskView(t.db, viewer, await groupScope(t.db, viewer), '2026-11-20');
    expect(risk.people.map((p) => p.employeeNo)).toEqual([pick!.mine]);
    expect(risk.peopleWithData).toBe(1);
  });
});
