import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { closureAgainstWalk } from '../../test/harness/org-closure.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { sectionHeadcounts, subtreeSections } from './org-closure.repository.ts';
import { importOrgCsv } from './org-import.service.ts';

const actor = { id: null, label: 'test' };
const sample = async () =>
  (await readFile(new URL('../../test/fixtures/org-sample.csv', import.meta.url))).toString('utf8');
const utf8 = (s: string) => new TextEncoder().encode(s);

async function expectClosureMatchesWalk(db: Db) {
  const { expected, actual } = await closureAgainstWalk(db);
  expect(actual.closure).toEqual(expected.closure);
  expect(actual.known).toEqual(expected.known);
  expect(actual.sections).toEqual(expected.sections);
}

const id = async (db: Db, no: string) =>
  (await db.query<{ id: string }>(sql`select id::text from employee where employee_no = ${no}`))[0]!.id;

describe('org closure maintained with the org (migration 0014)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('follows an org import, a move of a person and of a section, and the overtime months', async () => {
    await importOrgCsv(t.db, utf8(await sample()), actor);
    await expectClosureMatchesWalk(t.db);
    const yamada = await id(t.db, 'S0001');
    expect(new Set((await subtreeSections(t.db, yamada)).keys())).toEqual(
      new Set([await id(t.db, 'S0002'), await id(t.db, 'S0005')]),
    );

    // Months counted for everyone, then 田中 (S0005) moves from 山田 to 鈴木 and 佐藤 to another section.
    await t.db.query(sql`
      insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, days_recorded, last_work_date)
      select id, m::date, section_id, is_managerial, 600, 20, m::date + 20
        from employee cross join generate_series(date '2026-09-01', date '2026-10-01', interval '1 month') m`);
    await expectClosureMatchesWalk(t.db);
    const moved = (await sample())
      .replace(/(S0005,.*?,)S0001(,)/, '$1S0003$2')
      .replace(
        /(S0002,.*?)B01,大臣官房,本省内部部局,B01-01,人事課/,
        '$1B02,行政局,本省内部部局,B02-01,企画課',
      );
    const result = await importOrgCsv(t.db, utf8(moved), actor);
    expect(result.updated).toBe(2);
    await expectClosureMatchesWalk(t.db);
    expect([...(await subtreeSections(t.db, yamada)).keys()]).toEqual([await id(t.db, 'S0002')]);
    const suzuki = await id(t.db, 'S0003');
    expect((await subtreeSections(t.db, suzuki)).has(await id(t.db, 'S0005'))).toBe(true);

    // The months already counted stay in the sections they were counted in, now known to 鈴木.
    const [known] = await t.db.query<{ n: number }>(sql`
      select sum(staff)::int as n from org_known_month k join section s on s.id = k.section_id
       where k.ancestor = ${suzuki} and s.code = 'B03-01'`);
    expect(known?.n).toBe(2);

    // Head counts now: 企画課 gained 佐藤, 人事課 kept only 山田.
    const [b01, b02] = await t.db.query<{ id: string }>(
      sql`select id::text from bureau order by code limit 2`,
    );
    const counts = await sectionHeadcounts(t.db, [b01!.id, b02!.id]);
    expect(counts.map((c) => c.n).sort()).toEqual([1, 3]);
  });

  it('drops a person who leaves and everyone below them from the managers above', async () => {
    const [yamada, suzuki] = [await id(t.db, 'S0001'), await id(t.db, 'S0003')];
    await t.db.query(sql`update employee set manager_id = ${yamada} where id = ${suzuki}`);
    await expectClosureMatchesWalk(t.db);
    expect((await subtreeSections(t.db, yamada)).size).toBe(4);
    await t.db.query(sql`update employee set active = false where id = ${suzuki}`);
    await expectClosureMatchesWalk(t.db);
    expect([...(await subtreeSections(t.db, yamada)).keys()]).toEqual([await id(t.db, 'S0002')]);
    await t.db.query(sql`update employee set active = true where id = ${suzuki}`);
    await expectClosureMatchesWalk(t.db);
    expect((await subtreeSections(t.db, yamada)).size).toBe(4);
  });
});

describe('org closure on random trees', () => {
  let t: TestDatabase;
  let sections: string[];
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.exec(`
      insert into ministry (id, name) values ('m', '省');
      insert into bureau (ministry_id, code, name, kind) values ('m', 'B1', '局', 'headquarters');
      insert into section (bureau_id, code, name) select id, 'S' || n, '課' || n from bureau, generate_series(1, 3) n;`);
    sections = (await t.db.query<{ id: string }>(sql`select id::text from section order by code`)).map(
      (r) => r.id,
    );
  });
  afterAll(() => t.drop());

  const op = fc.oneof(
    fc.record({ kind: fc.constant('manager' as const), who: fc.nat(11), to: fc.option(fc.nat(11)) }),
    fc.record({ kind: fc.constant('active' as const), who: fc.nat(11), active: fc.boolean() }),
    fc.record({ kind: fc.constant('section' as const), who: fc.nat(11), section: fc.nat(2) }),
    fc.record({
      kind: fc.constant('month' as const),
      who: fc.nat(11),
      month: fc.nat(2),
      section: fc.nat(2),
      managerial: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('unmonth' as const), who: fc.nat(11), month: fc.nat(2) }),
    // A re-import: every person and month written again, mostly unchanged, in one statement each.
    fc.record({ kind: fc.constant('reimport' as const), who: fc.nat(11), section: fc.nat(2) }),
  );

  it('equals the walk after any sequence of moves, leavers, transfers and monthly figures (cycles included)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ manager: fc.option(fc.nat(11)), active: fc.boolean(), section: fc.nat(2) }), {
          minLength: 2,
          maxLength: 12,
        }),
        fc.array(op, { maxLength: 8 }),
        async (people, ops) => {
          await t.db.exec(
            'truncate overtime_month, employee, org_closure, org_known_month, org_closure_section, section_headcount cascade',
          );
          const ids = (
            await t.db.query<{ id: string }>(sql`
              insert into employee (employee_no, family_name, given_name, section_id, active)
              select 'E' || n, '姓', '名', s, a
                from unnest(${people.map((p) => sections[p.section])}::uuid[], ${people.map((p) => p.active)}::boolean[])
                     with ordinality as t(s, a, n)
               order by n returning id::text`)
          ).map((r) => r.id);
          const pick = (i: number) => ids[i % ids.length]!;
          await t.db.query(sql`
            update employee e set manager_id = t.m from unnest(${ids}::uuid[], ${people.map((p) => (p.manager === null ? null : pick(p.manager)))}::uuid[]) as t(id, m)
             where e.id = t.id and t.m is distinct from t.id`);
          await expectClosureMatchesWalk(t.db);
          for (const o of ops) {
            const who = pick(o.who);
            if (o.kind === 'manager') {
              const to = o.to === null ? null : pick(o.to);
              if (to !== who) await t.db.query(sql`update employee set manager_id = ${to} where id = ${who}`);
            } else if (o.kind === 'active')
              await t.db.query(sql`update employee set active = ${o.active} where id = ${who}`);
            else if (o.kind === 'section')
              await t.db.query(
                sql`update employee set section_id = ${sections[o.section]} where id = ${who}`,
              );
            else if (o.kind === 'month')
              await t.db.query(sql`
                insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, days_recorded, last_work_date)
                values (${who}, ${`2026-0${o.month + 1}-01`}, ${sections[o.section]}, ${o.managerial}, 60, 1, ${`2026-0${o.month + 1}-02`})
                on conflict (employee_id, month) do update set section_id = excluded.section_id, is_managerial = excluded.is_managerial`);
            else if (o.kind === 'unmonth')
              await t.db.query(
                sql`delete from overtime_month where employee_id = ${who} and month = ${`2026-0${o.month + 1}-01`}`,
              );
            else {
              await t.db.query(sql`
                update employee set manager_id = manager_id, active = active,
                       section_id = case when id = ${who} then ${sections[o.section]}::uuid else section_id end`);
              await t.db.query(sql`update overtime_month set overtime_minutes = overtime_minutes + 1`);
            }
            await expectClosureMatchesWalk(t.db);
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 180_000);
});
