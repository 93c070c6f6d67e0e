import '../../test/harness/settings.setup.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { groupScope } from '../access/scope.ts';
import { buildViewer } from '../access/viewer.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeByNo } from '../org/org.repository.ts';
import { runningMonthAtRisk } from './risk.repository.ts';
import { paceFactors, riskView } from './risk.service.ts';

const MONTH = '2026-11';
const M1 = `${MONTH}-01`;

/**
 * Attacks on the risk page's shortcuts (risk.repository.ts runningMonthAtRisk), found by a review of
 * its own change: bad manager data (a loop), an inactive manager, and the two imports writing the
 * two sides of the known counts at once. Each would name or count someone not below the manager.
 */
describe('risk page attacks', () => {
  let t: TestDatabase;
  let bureauId = '';
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 50);
    const [b] = await t.db.query<{ id: string }>(sql`select bureau_id::text as id from section limit 1`);
    bureauId = b!.id;
  });
  afterAll(() => t?.drop());

  /** A fresh section of its own, so nobody else's rows are there. */
  const newSection = async () => {
    n++;
    const [s] = await t.db.query<{ id: string }>(sql`
      insert into section (bureau_id, code, name) values (${bureauId}::uuid, ${`ATK-${n}`}, ${`攻撃課${n}`})
      returning id::text as id`);
    return s!.id;
  };
  const person = async (no: string, section: string, manager: string | null, active = true) => {
    const [e] = await t.db.query<{ id: string }>(sql`
      insert into employee (employee_no, family_name, given_name, section_id, manager_id, active)
      values (${no}, ${no}, 'x', ${section}::uuid, ${manager}::uuid, ${active}) returning id::text as id`);
    return e!.id;
  };
  const month = async (id: string, section: string, minutes: number) =>
    t.db.query(sql`
      insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, days_recorded, last_work_date)
      values (${id}::uuid, ${M1}::date, ${section}::uuid, false, ${minutes}, 20, date '2026-11-30')`);
  const below = async (managerId: string) =>
    (
      await t.db.query<{ no: string }>(sql`
        select e.employee_no as no from org_closure c join employee e on e.id = c.descendant
         where c.ancestor = ${managerId}::uuid and c.depth > 0 order by 1`)
    ).map((r) => r.no);

  /** A manages B and B manages A (bad data), with a stranger in their section; all three 90 h. */
  const loopWithStranger = async (tag: string) => {
    const s = await newSection();
    const a = await person(`${tag}-A`, s, null);
    const b = await person(`${tag}-B`, s, a);
    await t.db.query(sql`update employee set manager_id = ${b}::uuid where id = ${a}::uuid`);
    const stranger = await person(`${tag}-STRANGER`, s, null);
    for (const id of [a, b, stranger]) await month(id, s, 90 * 60);
    return a;
  };

  it('a manager chain that loops (A ↔ B) with a stranger in their section: B is named, the stranger is not', async () => {
    const a = await loopWithStranger('LOOP');
    // The closure: only B is below A.
    expect(await below(a)).toEqual(['LOOP-B']);
    const got = await runningMonthAtRisk(t.db, a, MONTH, paceFactors(MONTH), 45 * 60, 200);
    // Reference: B only (90 h, final month).
    expect(got.people.map((p) => p.employeeNo)).toEqual(['LOOP-B']);
    expect(got.atRisk).toBe(1);
  });

  it('the same loop through the page itself (riskView as A): the stranger is not named', async () => {
    await loopWithStranger('LOOP2');
    const employee = await findEmployeeByNo(t.db, 'LOOP2-A');
    const viewer = await buildViewer(t.db, employee!);
    const risk = await riskView(t.db, viewer, await groupScope(t.db, viewer), '2026-11-20');
    expect(risk.people.map((p) => p.employeeNo)).not.toContain('LOOP2-STRANGER');
    expect(risk.people.map((p) => p.employeeNo)).toEqual(['LOOP2-B']);
  });

  it('an inactive manager (still an ancestor of his reports in org_closure) gets the same answer as the closure gives', async () => {
    const s = await newSection();
    const m = await person('INACT-M', s, null, true);
    const r = await person('INACT-R', s, m);
    await t.db.query(sql`update employee set active = false where id = ${m}::uuid`);
    await month(r, s, 90 * 60);
    expect(await below(m)).toEqual(['INACT-R']);
    const got = await runningMonthAtRisk(t.db, m, MONTH, paceFactors(MONTH), 45 * 60, 200);
    expect(got.withData).toBe(1);
    expect(got.atRisk).toBe(1);
    expect(got.people.map((p) => p.employeeNo)).toEqual(['INACT-R']);
  });

  /** Resolves once `p` has settled or a transaction waits for an advisory lock (the known-counts lock). */
  const settledOrWaiting = async (p: Promise<unknown>) => {
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    for (let i = 0; i < 300 && !done; i++) {
      const [w] = await t.db.query<{ n: number }>(sql`
        select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`);
      if ((w?.n ?? 0) > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  for (const first of ['month', 'move'] as const)
    it.skipIf(!process.env.DATABASE_URL)(
      `two transactions at once, the ${first === 'month' ? "attendance import's month row" : "org import's move"} first: someone moved away from the manager is neither named nor counted to him`,
      async () => {
        const s0 = await newSection();
        const s = await newSection();
        const tag = `RACE-${first}`;
        const m = await person(`${tag}-M`, s0, null);
        const other = await person(`${tag}-OTHER`, s0, null);
        const b = await person(`${tag}-B`, s, m);
        const writeMonth = (tx: typeof t.db) =>
          tx.query(sql`
            insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, days_recorded, last_work_date)
            values (${b}::uuid, ${M1}::date, ${s}::uuid, false, ${90 * 60}, 20, date '2026-11-30')`);
        const move = (tx: typeof t.db) =>
          tx.query(sql`update employee set manager_id = ${other}::uuid where id = ${b}::uuid`);
        // The first writer's transaction stays open until the second has run (or waits for it).
        let started!: () => void;
        const startedP = new Promise<void>((r) => (started = r));
        let release!: () => void;
        const releaseP = new Promise<void>((r) => (release = r));
        const firstTx = t.db.transaction(async (tx) => {
          await (first === 'month' ? writeMonth(tx) : move(tx));
          started();
          await releaseP;
        });
        await startedP;
        const secondTx = t.db.transaction((tx) => (first === 'month' ? move(tx) : writeMonth(tx)));
        await settledOrWaiting(secondTx);
        release();
        await Promise.all([firstTx, secondTx]);
        expect(await below(m)).toEqual([]);
        const got = await runningMonthAtRisk(t.db, m, MONTH, paceFactors(MONTH), 45 * 60, 200);
        expect(got.people.map((p) => p.employeeNo)).toEqual([]);
        expect(got.atRisk).toBe(0);
        expect(got.withData).toBe(0);
      },
    );

  it('the kept (section, date) counts equal a recount after updates of the person, the section and the date together', async () => {
    const s1 = await newSection();
    const s2 = await newSection();
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await person(`KEPT-${i}`, s1, null));
    for (const id of ids.slice(0, 3)) await month(id, s1, 100);
    await t.db.query(
      sql`update overtime_month set employee_id = ${ids[3]}::uuid where employee_id = ${ids[0]}::uuid`,
    );
    await t.db.query(sql`update overtime_month set section_id = case when section_id = ${s1}::uuid then ${s2}::uuid else ${s1}::uuid end,
                         last_work_date = last_work_date - 3 where month = ${M1}::date and employee_id = any(${ids}::uuid[])`);
    await t.db.query(sql`update overtime_month set employee_id = ${ids[0]}::uuid, section_id = ${s2}::uuid
                         where employee_id = ${ids[1]}::uuid`);
    await t.db.query(sql`insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, days_recorded, last_work_date)
                         select employee_id, month, ${s1}::uuid, is_managerial, 5, 1, date '2026-12-02' from overtime_month
                          where employee_id = any(${ids}::uuid[])
                         on conflict (employee_id, month) do update set last_work_date = excluded.last_work_date, section_id = excluded.section_id`);
    const diff = await t.db.query(sql`
      (select month, section_id, last_work_date, count(*)::int as n from overtime_month group by 1, 2, 3
       except select month, section_id, last_work_date, n from overtime_month_section_date where n <> 0)
      union all
      (select month, section_id, last_work_date, n from overtime_month_section_date where n <> 0
       except select month, section_id, last_work_date, count(*)::int from overtime_month group by 1, 2, 3)`);
    expect(diff).toEqual([]);
  });
});
