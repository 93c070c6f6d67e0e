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
import { RISK_PEOPLE_LIMIT, riskView } from './risk.service.ts';

/**
 * The risk page names only the manager's people projected at or over the lowest level (45 h by
 * default), most at risk first, and counts the rest: checked against projectMonthEnd applied to
 * every one of his people, for random running months (minutes and last dates per person).
 */
describe('the risk page: who of my people will pass 45/80/100 h this month', () => {
  let t: TestDatabase;
  let people: { id: string; no: string }[] = [];
  const MONTH = '2026-11';
  let chiefNo = '';

  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 1200);
    // The manager with the most people below him (more than the page names).
    const [top] = await t.db.query<{ no: string; id: string }>(sql`
      select e.employee_no as no, e.id::text as id from org_closure c join employee e on e.id = c.ancestor
       where c.depth > 0 group by e.id, e.employee_no order by count(*) desc, e.employee_no limit 1`);
    chiefNo = top!.no;
    people = await t.db.query<{ id: string; no: string }>(sql`
      select e.id::text as id, e.employee_no as no from org_closure c join employee e on e.id = c.descendant
       where c.ancestor = ${top!.id}::uuid and c.depth > 0 order by e.employee_no`);
  });
  afterAll(() => t?.drop());

  const view = async () => {
    const employee = await findEmployeeByNo(t.db, chiefNo);
    const viewer = await buildViewer(t.db, employee!);
    return riskView(t.db, viewer, await groupScope(t.db, viewer), '2026-11-20');
  };

  it('property: the people named are exactly the ones projected at or over 45 h, in order, and the counts add up', async () => {
    expect(people.length).toBeGreaterThan(RISK_PEOPLE_LIMIT);
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
            ),
            { freq: 3 },
          ),
          { minLength: people.length, maxLength: people.length },
        ),
        async (months) => {
          await t.db.query(sql`delete from overtime_month where month = ${`${MONTH}-01`}::date`);
          const rows = people.flatMap((p, i) =>
            months[i] ? [{ ...p, minutes: months[i][0], last: months[i][1] }] : [],
          );
          await t.db.query(sql`
            insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, days_recorded, last_work_date)
            select e.id, ${`${MONTH}-01`}::date, e.section_id, e.is_managerial, u.minutes, 1, u.last
              from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.minutes)}::int[], ${rows.map((r) => r.last)}::date[])
                   as u(id, minutes, last)
              join employee e on e.id = u.id`);
          const expected = rows
            .map((r) => ({
              no: r.no,
              projected: projectMonthEnd({ month: MONTH, asOf: r.last, minutesSoFar: r.minutes })
                .projectedMinutes,
            }))
            .filter((r) => r.projected >= 45 * 60)
            .sort((a, b) => b.projected - a.projected || a.no.localeCompare(b.no));
          const risk = await view();
          expect(risk.atRiskTotal).toBe(expected.length);
          expect(risk.peopleWithData).toBe(rows.length);
          expect(risk.people.map((p) => [p.employeeNo, p.projectedMinutes])).toEqual(
            expected.slice(0, RISK_PEOPLE_LIMIT).map((r) => [r.no, r.projected]),
          );
          expect(risk.people.every((p) => p.level !== 'none')).toBe(true);
        },
      ),
      { numRuns: 12, seed: 20261206 },
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
