import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { fragment, sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { closeDemoCase, seedDemoAttendance } from '../overtime/overtime-demo.seed.ts';
import { alert100Counts, type GroupLevel } from './dashboard.repository.ts';
import { openAlertCount, openAlertsOf, openAlertTotalOf } from './risk.repository.ts';

/**
 * The dashboard's 100 h alert counts come from overtime_alert_section_month (migration 0023), kept by
 * triggers (and the risk page's month rows per section and last working date from
 * overtime_month_section_date, 0030, checked here against the same writes). They must equal what the dashboard counted before: every month100 alert joined to the
 * person-month that counts the person (overtime_month), per section or bureau, by follow-up state.
 * Likewise the risk page's count of open alerts per bureau (overtime_alert_open_section), by the
 * person's section now.
 */

/** The former query of alert100Counts, kept here as the reference. */
async function referenceCounts(db: Db, level: GroupLevel, groupIds: string[], month: string) {
  const group = level === 'bureau' ? 's.bureau_id' : 'o.section_id';
  const rows = await db.query<{ group_id: string; open: number; acted: number }>({
    text: `
      select ${group}::text as group_id,
             (count(*) filter (where a.follow_up = 'open'))::int as open,
             (count(*) filter (where a.follow_up = 'acted'))::int as acted
        from overtime_alert a
        join overtime_month o on o.employee_id = a.employee_id and o.month = a.period
        join section s on s.id = o.section_id
       where a.level = 'month100' and a.period = $1::date and ${group} = any($2::uuid[])
       group by ${group}`,
    values: [`${month}-01`, groupIds],
  });
  // A group whose alerts are all in another state counts { open: 0, acted: 0 }: shown the same as none.
  return new Map(
    rows.filter((r) => r.open + r.acted > 0).map((r) => [r.group_id, { open: r.open, acted: r.acted }]),
  );
}

/** The table as the reference computes it from scratch (rows with a count only). */
async function tableAgainstScratch(db: Db) {
  const actual = await db.query(sql`
    select month::text, section_id::text, open_count, acted_count from overtime_alert_section_month
     where open_count <> 0 or acted_count <> 0 order by 1, 2`);
  const expected = await db.query(sql`
    select o.month::text, o.section_id::text, (count(*) filter (where a.follow_up = 'open'))::int as open_count,
           (count(*) filter (where a.follow_up = 'acted'))::int as acted_count
      from overtime_alert a join overtime_month o on o.employee_id = a.employee_id and o.month = a.period
     where a.level = 'month100' and a.follow_up in ('open', 'acted')
     group by 1, 2 order by 1, 2`);
  return { actual, expected };
}

/**
 * overtime_month_section_date (migration 0030: the risk page's groups and section sizes) as counted
 * from scratch, rows with a count only.
 */
async function sectionDatesAgainstScratch(db: Db) {
  const actual = await db.query(sql`
    select month::text, section_id::text, last_work_date::text, n from overtime_month_section_date
     where n <> 0 order by 1, 2, 3`);
  const expected = await db.query(sql`
    select month::text, section_id::text, last_work_date::text, count(*)::int as n from overtime_month
     group by 1, 2, 3 order by 1, 2, 3`);
  return { actual, expected };
}

/** The former query of openAlertCount. */
async function referenceOpenCount(db: Db, bureauIds: string[] | null) {
  const [row] = await db.query<{ n: number }>(sql`
    select count(*)::int as n
      from overtime_alert a
      join employee e on e.id = a.employee_id
      join section s on s.id = e.section_id
     where a.follow_up = 'open' and (${bureauIds === null}::boolean or s.bureau_id = any(${bureauIds ?? []}::uuid[]))`);
  return row?.n ?? 0;
}

/** The former openAlertsOf (every open alert of the manager's people, oldest first), and its length. */
async function referenceOpenAlerts(db: Db, managerId: string) {
  return db.query(sql`
    select a.id::int as id, e.id::text as "employeeId", e.family_name || ' ' || e.given_name as name,
           to_char(a.period, 'YYYY-MM') as month, a.value_minutes as "valueMinutes", a.raised_on::text as "raisedOn"
      from org_closure c
      join overtime_alert a on a.employee_id = c.descendant
      join employee e on e.id = a.employee_id
     where c.ancestor = ${managerId} and c.depth > 0 and a.follow_up = 'open'
     order by a.raised_on, a.id`);
}

async function expectSameOpenAlerts(db: Db) {
  const managers = (
    await db.query<{ id: string }>(sql`select distinct ancestor::text as id from org_closure where depth > 0`)
  ).map((r) => r.id);
  for (const m of managers) {
    const all = await referenceOpenAlerts(db, m);
    expect(await openAlertTotalOf(db, m)).toBe(all.length);
    for (const limit of [1, 3, 1000]) {
      expect(await openAlertsOf(db, m, limit, 'by_date')).toEqual(all.slice(0, limit));
      expect(await openAlertsOf(db, m, limit, 'by_person')).toEqual(all.slice(0, limit));
    }
  }
  const [{ n } = { n: -1 }] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from org_open_alerts where open_count <> 0 and ancestor not in (
          select ancestor from org_closure where depth > 0)`,
  );
  expect(n).toBe(0);
}

async function expectSameCounts(db: Db) {
  await expectSameOpenAlerts(db);
  const { actual, expected } = await tableAgainstScratch(db);
  expect(actual).toEqual(expected);
  const dates = await sectionDatesAgainstScratch(db);
  expect(dates.actual).toEqual(dates.expected);
  const bureaus = (await db.query<{ id: string }>(sql`select id::text from bureau`)).map((r) => r.id);
  expect(await openAlertCount(db, null)).toBe(await referenceOpenCount(db, null));
  for (const b of bureaus) expect(await openAlertCount(db, [b])).toBe(await referenceOpenCount(db, [b]));
  expect(await openAlertCount(db, bureaus.slice(0, 2))).toBe(
    await referenceOpenCount(db, bureaus.slice(0, 2)),
  );
  const sections = (await db.query<{ id: string }>(sql`select id::text from section`)).map((r) => r.id);
  const months = (
    await db.query<{ m: string }>(sql`select distinct to_char(period, 'YYYY-MM') as m from overtime_alert`)
  ).map((r) => r.m);
  for (const month of months) {
    expect(await alert100Counts(db, 'bureau', bureaus, month)).toEqual(
      await referenceCounts(db, 'bureau', bureaus, month),
    );
    expect(await alert100Counts(db, 'section', sections, month)).toEqual(
      await referenceCounts(db, 'section', sections, month),
    );
    // A part of the groups: only those are answered.
    const some = sections.filter((_, i) => i % 3 === 0);
    expect(await alert100Counts(db, 'section', some, month)).toEqual(
      await referenceCounts(db, 'section', some, month),
    );
  }
}

const MONTHS = ['2026-08-01', '2026-09-01', '2026-10-01'];

describe('100 h alert counts per section (migration 0023)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 300);
  }, 120_000);
  afterAll(() => t?.drop());

  it('follow every write of alerts and person-months: raises, follow-ups, transfers, re-imports, erasures', async () => {
    const people = (
      await t.db.query<{ id: string }>(
        sql`select id::text from employee where active order by employee_no limit 24`,
      )
    ).map((r) => r.id);
    const sections = (
      await t.db.query<{ id: string }>(sql`select id::text from section order by code limit 6`)
    ).map((r) => r.id);
    const op = fc.oneof(
      // An import of a month for some people (a re-import of the same rows moves nothing).
      fc.record({
        kind: fc.constant('import' as const),
        month: fc.constantFrom(...MONTHS),
        from: fc.nat(people.length - 1),
        count: fc.integer({ min: 4, max: 24 }),
        section: fc.option(fc.nat(sections.length - 1), { nil: undefined }),
        // The day of the month the person's data runs to (a running month's import moves it on).
        lastDay: fc.integer({ min: 0, max: 27 }),
      }),
      // Alerts raised for a month's people, in any state and level.
      fc.record({
        kind: fc.constant('raise' as const),
        month: fc.constantFrom(...MONTHS),
        from: fc.nat(people.length - 1),
        count: fc.integer({ min: 4, max: 24 }),
        level: fc.constantFrom('month100', 'month100', 'month80'),
        followUp: fc.constantFrom('open', 'acted', 'none'),
      }),
      // A follow-up recorded, reopened, a reminder stamped (no count changes), a level or period changed.
      fc.record({
        kind: fc.constant('update' as const),
        set: fc.constantFrom('acted', 'open', 'reminded', 'level', 'period'),
        modulo: fc.integer({ min: 1, max: 4 }),
      }),
      // People moved: their person-months go to another section (the month's figures follow).
      fc.record({
        kind: fc.constant('move' as const),
        from: fc.nat(people.length - 1),
        count: fc.integer({ min: 1, max: 12 }),
        section: fc.nat(sections.length - 1),
      }),
      // People transferred now (the org import): open alerts follow them, the months' figures do not.
      fc.record({
        kind: fc.constant('transfer' as const),
        from: fc.nat(people.length - 1),
        count: fc.integer({ min: 1, max: 12 }),
        section: fc.nat(sections.length - 1),
      }),
      // People put under another manager (an org import): their open alerts change managers.
      fc.record({
        kind: fc.constant('reassign' as const),
        from: fc.nat(people.length - 1),
        count: fc.integer({ min: 1, max: 6 }),
        to: fc.nat(people.length - 1),
      }),
      fc.record({ kind: fc.constant('deleteMonths' as const), modulo: fc.integer({ min: 2, max: 7 }) }),
      fc.record({ kind: fc.constant('deleteAlerts' as const), modulo: fc.integer({ min: 2, max: 7 }) }),
      // The erasure points a person's rows at another id (both tables, one after the other).
      fc.record({
        kind: fc.constant('erase' as const),
        who: fc.nat(people.length - 1),
        to: fc.nat(people.length - 1),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        await t.db.exec(
          'delete from overtime_alert; delete from overtime_month; delete from overtime_alert_section_month; delete from overtime_alert_open_section; delete from overtime_month_section_date;',
        );
        // Each run starts from the 24 people's three months and an alert of each, in mixed states.
        await t.db.query(sql`
          insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, in_office_minutes,
                                      days_recorded, last_work_date)
          select e.id, m::date, e.section_id, e.is_managerial, 6100, 0, 20, m::date + 27
            from employee e cross join unnest(${MONTHS}::date[]) as m where e.id = any(${people}::uuid[])`);
        await t.db.query(sql`
          insert into overtime_alert (employee_id, period, level, value_minutes, threshold_minutes, raised_on, follow_up)
          select employee_id, month, 'month100', 6100, 6000, month + 28,
                 (array['open', 'acted', 'none'])[1 + abs(hashtext(employee_id::text || month::text)) % 3]
            from overtime_month`);
        for (const o of ops) {
          if (o.kind === 'import') {
            const ids = people.slice(o.from, o.from + o.count);
            await t.db.query(sql`
              insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, in_office_minutes,
                                          days_recorded, last_work_date)
              select e.id, ${o.month}::date, coalesce(${o.section === undefined ? null : sections[o.section]}::uuid, e.section_id),
                     e.is_managerial, 6100, 0, 20, ${o.month}::date + ${o.lastDay}::int
                from employee e where e.id = any(${ids}::uuid[])
              on conflict (employee_id, month) do update
                set section_id = excluded.section_id, overtime_minutes = excluded.overtime_minutes,
                    last_work_date = excluded.last_work_date`);
          } else if (o.kind === 'raise') {
            const ids = people.slice(o.from, o.from + o.count);
            await t.db.query(sql`
              insert into overtime_alert (employee_id, period, level, value_minutes, threshold_minutes, raised_on, follow_up)
              select id, ${o.month}::date, ${o.level}, 6100, 6000, ${o.month}::date + 28 + abs(hashtext(id::text)) % 3, ${o.followUp}
                from unnest(${ids}::uuid[]) as id
              on conflict (employee_id, period, level) do nothing`);
          } else if (o.kind === 'update') {
            const pick = fragment`id % ${o.modulo} = 0`;
            if (o.set === 'acted' || o.set === 'open')
              await t.db.query(sql`update overtime_alert set follow_up = ${o.set} where ${pick}`);
            else if (o.set === 'reminded')
              await t.db.query(sql`update overtime_alert set reminded_at = now() where ${pick}`);
            else if (o.set === 'level')
              await t.db.query(sql`
                update overtime_alert a set level = case when level = 'month100' then 'month80' else 'month100' end
                 where ${pick} and not exists (select 1 from overtime_alert b where b.employee_id = a.employee_id
                   and b.period = a.period and b.level <> a.level)`);
            else
              await t.db.query(sql`
                update overtime_alert a set period = (period - interval '1 month')::date
                 where ${pick} and period > ${MONTHS[0]}::date and not exists (select 1 from overtime_alert b
                   where b.employee_id = a.employee_id and b.level = a.level and b.period = (a.period - interval '1 month')::date)`);
          } else if (o.kind === 'move') {
            const ids = people.slice(o.from, o.from + o.count);
            await t.db.query(sql`
              update overtime_month set section_id = ${sections[o.section]}::uuid where employee_id = any(${ids}::uuid[])`);
          } else if (o.kind === 'transfer') {
            const ids = people.slice(o.from, o.from + o.count);
            await t.db.query(sql`
              update employee set section_id = ${sections[o.section]}::uuid where id = any(${ids}::uuid[])`);
          } else if (o.kind === 'reassign') {
            const ids = people.slice(o.from, o.from + o.count).filter((id) => id !== people[o.to]);
            await t.db.query(sql`
              update employee set manager_id = ${people[o.to]}::uuid where id = any(${ids}::uuid[])`);
          } else if (o.kind === 'deleteMonths') {
            await t.db.query(sql`
              delete from overtime_month where abs(hashtext(employee_id::text || month::text)) % ${o.modulo} = 0`);
          } else if (o.kind === 'deleteAlerts') {
            await t.db.query(sql`delete from overtime_alert where id % ${o.modulo} = 0`);
          } else {
            const [who, to] = [people[o.who], people[o.to]];
            if (who === to) continue;
            // Only where the stand-in has no row of its own (the real erasure's stand-in has none).
            await t.db.query(sql`
              update overtime_month m set employee_id = ${to}::uuid where employee_id = ${who}::uuid
                 and not exists (select 1 from overtime_month x where x.employee_id = ${to}::uuid and x.month = m.month)`);
            await t.db.query(sql`
              update overtime_alert a set employee_id = ${to}::uuid where employee_id = ${who}::uuid
                 and not exists (select 1 from overtime_alert x where x.employee_id = ${to}::uuid and x.period = a.period
                                  and x.level = a.level)`);
          }
        }
        await expectSameCounts(t.db);
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});

const MIGRATIONS = fileURLToPath(new URL('../db/migrations/', import.meta.url));

/** A test database migrated up to (not including) the migration whose name starts with `before`. */
function databaseBefore(before: string) {
  const state: { t?: TestDatabase; dir?: string } = {};
  beforeAll(async () => {
    state.dir = await mkdtemp(join(tmpdir(), `kinmu-before-${before}-`));
    for (const f of await readdir(MIGRATIONS))
      if (f < before) await copyFile(join(MIGRATIONS, f), join(state.dir, f));
    state.t = await createTestDatabase({ migrate: false });
    await migrate(state.t.db, `${state.dir}/`);
  }, 120_000);
  afterAll(async () => {
    await state.t?.drop();
    if (state.dir) await rm(state.dir, { recursive: true, force: true });
  });
  return () => state.t!;
}

describe('migration 0023 on the demo ministry', () => {
  const db = databaseBefore('0023');
  let t: TestDatabase;
  beforeAll(() => {
    t = db();
  });

  it('builds the counts from the alerts and months already there', async () => {
    await writeDemoOrg(t.db, 300);
    const { closedMonth } = await seedDemoAttendance(t.db, new Date('2026-12-06T03:00:00Z'));
    await closeDemoCase(t.db, closedMonth);
    // More alerts than the demo raises, in every state, some without a person-month.
    await t.db.exec(`
      insert into overtime_alert (employee_id, period, level, value_minutes, threshold_minutes, raised_on, follow_up)
      select employee_id, month, 'month100', overtime_minutes, 6000, month + 28,
             (array['open', 'acted', 'none'])[1 + abs(hashtext(employee_id::text)) % 3]
        from overtime_month where abs(hashtext(employee_id::text || month::text)) % 4 = 0
      on conflict (employee_id, period, level) do nothing;
      insert into overtime_alert (employee_id, period, level, value_minutes, threshold_minutes, raised_on, follow_up)
      select id, date '2020-01-01', 'month100', 6100, 6000, date '2020-01-29', 'open' from employee limit 3;`);
    expect(
      (
        await t.db.query<{ n: number }>(
          sql`select count(*)::int as n from overtime_alert where follow_up = 'open'`,
        )
      )[0]!.n,
    ).toBeGreaterThan(10);
    // 0023 first; any later migration applies after it.
    expect((await migrate(t.db))[0]).toBe('0023_alert_section_month.sql');
    await expectSameCounts(t.db);
    // And the triggers keep them from there on.
    await t.db.exec(`update overtime_alert set follow_up = 'acted' where follow_up = 'open' and id % 2 = 0`);
    await expectSameCounts(t.db);
  }, 600_000);
});

describe('migration 0030 on the demo ministry', () => {
  const db = databaseBefore('0030');
  let t: TestDatabase;
  beforeAll(() => {
    t = db();
  });

  it('counts the month rows already there per section and last working date, and keeps them', async () => {
    await writeDemoOrg(t.db, 300);
    await seedDemoAttendance(t.db, new Date('2026-12-06T03:00:00Z'));
    expect((await migrate(t.db))[0]).toBe('0030_overtime_month_section_date.sql');
    const built = await sectionDatesAgainstScratch(t.db);
    expect(built.actual.length).toBeGreaterThan(100);
    expect(built.actual).toEqual(built.expected);
    // The next day's import of the running month moves everyone's last working date on.
    await t.db.exec(`
      update overtime_month set last_work_date = last_work_date + 1, overtime_minutes = overtime_minutes + 30
       where month = (select max(month) from overtime_month) and extract(day from last_work_date) < 28`);
    const kept = await sectionDatesAgainstScratch(t.db);
    expect(kept.actual).toEqual(kept.expected);
  }, 600_000);
});
