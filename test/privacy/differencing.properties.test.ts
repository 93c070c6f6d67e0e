import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateDisclosures } from '../../core/access/disclosure.service.ts';
import { accessScope, canSeeBureau, canSeeSection } from '../../core/access/scope.ts';
import { buildViewer } from '../../core/access/viewer.ts';
import { exportTable } from '../../core/dashboard/dashboard.export.ts';
import {
  bureauView,
  type DashboardContext,
  type GroupView,
  overview,
  sectionView,
} from '../../core/dashboard/dashboard.service.ts';
import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { findEmployeeById } from '../../core/org/org.repository.ts';
import { reportFor } from '../../core/overtime/overtime-report.service.ts';
import { createTestDatabase, type TestDatabase } from '../harness/db.ts';
import { bureausArb, seedGeneratedOrg, viewersArb } from './generated-org.ts';
import { findSmallDerivableGroup } from './linear-audit.ts';

/**
 * The differencing attack, generated: random org trees (bureaus of the three kinds, sections of 0–9
 * people, a director-general sitting in one of the sections, chiefs who manage all or part of their
 * section, people who were not there last year), random viewers (managers, executives and WLB
 * officers of random bureaus — with or without anyone below them — and hr), and every view each
 * viewer may request: the overview, every bureau and section page (rows, totals, kinds, the
 * 12-month series, last year's columns, the people list), their exports, and an executive's
 * monthly report card. Every figure shown is an equation over the people's minutes of its month;
 * the attacker's algebra (linear-audit.ts) must find no combination isolating fewer than `floor`
 * people the viewer may not see one by one, and no person outside the viewer's subtree is listed.
 */

const MONTH = '2026-10';
const LAST_YEAR = '2025-10';
const treeArb = fc.record({
  bureaus: bureausArb({ people: 9, sections: 4, bureaus: 4 }),
  absentLastYear: fc.integer({ min: 2, max: 7 }),
  salt: fc.nat(1000),
  floor: fc.integer({ min: 3, max: 5 }),
  viewers: viewersArb,
});

type Tree = typeof treeArb extends fc.Arbitrary<infer T> ? T : never;

interface Seeded {
  people: { id: string; sectionId: string; bureauId: string; kind: string; managerial: boolean }[];
  bureaus: { id: string; kind: string }[];
  sections: { id: string; bureauId: string }[];
  /** Minutes per person and month (only people with data that month). */
  minutes: Map<string, Map<string, number>>;
}

async function seed(db: Db, tree: Tree): Promise<Seeded> {
  // overtime_month has no foreign keys (migration 0017): the cascade does not reach it.
  await db.query(sql`truncate ministry, overtime_month cascade`);
  invalidateDisclosures();
  const org = await seedGeneratedOrg(db, tree.bureaus, (n) => `P${n}`);
  const out: Seeded = {
    people: org.people,
    bureaus: org.bureaus,
    sections: org.sections,
    minutes: new Map([
      [MONTH, new Map()],
      [LAST_YEAR, new Map()],
    ]),
  };
  for (const { id, n } of org.people) {
    const value = ((n * 37 + tree.salt) % 95) * 60 + (n % 4) * 15;
    out.minutes.get(MONTH)?.set(id, value);
    if (n % tree.absentLastYear !== 0) out.minutes.get(LAST_YEAR)?.set(id, (value * 7) % 5700);
  }
  for (const [month, values] of out.minutes)
    for (const [id, minutes] of values)
      await db.query(sql`
        insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, in_office_minutes, days_recorded, last_work_date)
        select e.id, ${`${month}-01`}::date, e.section_id, e.is_managerial, ${minutes}, 0, 20, ${`${month}-28`}::date
          from employee e where e.id = ${id}`);
  await db.query(sql`
    insert into overtime_section_month (section_id, month, staff_count, total_minutes, nm_staff_count, nm_total_minutes,
                                        nm_ge_45h, nm_ge_80h, nm_ge_100h, ge_100h)
    select section_id, month, count(*), sum(overtime_minutes),
           count(*) filter (where not is_managerial), coalesce(sum(overtime_minutes) filter (where not is_managerial), 0),
           count(*) filter (where not is_managerial and overtime_minutes >= 2700),
           count(*) filter (where not is_managerial and overtime_minutes >= 4800),
           count(*) filter (where not is_managerial and overtime_minutes >= 6000),
           count(*) filter (where overtime_minutes >= 6000)
      from overtime_month group by section_id, month`);
  await db.query(sql`
    insert into overtime_bureau_month (bureau_id, month, staff_count, total_minutes, nm_staff_count, nm_total_minutes,
                                       nm_ge_45h, nm_ge_80h, nm_ge_100h, ge_100h)
    select s.bureau_id, m.month, sum(staff_count), sum(total_minutes), sum(nm_staff_count), sum(nm_total_minutes),
           sum(nm_ge_45h), sum(nm_ge_80h), sum(nm_ge_100h), sum(ge_100h)
      from overtime_section_month m join section s on s.id = m.section_id group by s.bureau_id, m.month`);
  await db.query(
    sql`insert into setting (key, value) values ('privacy', ${JSON.stringify({ minGroupSize: tree.floor })}::jsonb)`,
  );
  return out;
}

/** The equations one viewer collects from everything they may request. */
class Attacker {
  readonly equations = new Map<string, string[][]>([
    [MONTH, []],
    [LAST_YEAR, []],
  ]);
  readonly individuals = new Set<string>();
  private readonly data: Seeded;
  constructor(data: Seeded) {
    this.data = data;
  }

  private members(month: string, filter: (p: Seeded['people'][number]) => boolean) {
    const values = this.data.minutes.get(month) ?? new Map<string, number>();
    return this.data.people.filter((p) => values.has(p.id) && filter(p)).map((p) => p.id);
  }

  /** A shown total of `hours` over the people matching `filter` in `month` (checked against the truth). */
  shown(month: string, hours: number | null | undefined, filter: (p: Seeded['people'][number]) => boolean) {
    if (hours === null || hours === undefined) return;
    const set = this.members(month, filter);
    const values = this.data.minutes.get(month) ?? new Map<string, number>();
    const truth = set.reduce((s, id) => s + (values.get(id) ?? 0), 0) / 60;
    // The test's reading of a figure must be right, or the algebra below proves nothing.
    expect(Math.abs(truth - hours)).toBeLessThan(0.1 * Math.max(1, set.length));
    this.equations.get(month)?.push(set);
  }

  /** A shown average per non-managerial person: the attacker is assumed to know their number, so it is their sum. */
  shownAverage(
    month: string,
    hours: number | null | undefined,
    filter: (p: Seeded['people'][number]) => boolean,
  ) {
    if (hours === null || hours === undefined) return;
    const set = this.members(month, (p) => !p.managerial && filter(p));
    const values = this.data.minutes.get(month) ?? new Map<string, number>();
    const truth = set.reduce((s, id) => s + (values.get(id) ?? 0), 0) / 60 / Math.max(1, set.length);
    expect(Math.abs(truth - hours)).toBeLessThan(0.1);
    this.equations.get(month)?.push(set);
  }

  view(view: GroupView, scopeBureaus: ReadonlySet<string> | null) {
    const inScope = (p: Seeded['people'][number]) => scopeBureaus === null || scopeBureaus.has(p.bureauId);
    const group =
      view.level === 'section'
        ? (p: Seeded['people'][number]) => p.sectionId === view.title.id
        : view.level === 'bureau'
          ? (p: Seeded['people'][number]) => p.bureauId === view.title.id
          : view.level === 'manager'
            ? (p: Seeded['people'][number]) => view.rows.some((r) => r.id === p.sectionId)
            : inScope;
    this.shown(MONTH, view.total.thisMonth?.totalHours, group);
    this.shown(LAST_YEAR, view.total.lastYear?.totalHours, group);
    for (const r of view.rows) {
      const row = (p: Seeded['people'][number]) =>
        (view.rowLevel === 'bureau' ? p.bureauId : p.sectionId) === r.id;
      this.shown(MONTH, r.thisMonth?.totalHours, row);
      this.shown(LAST_YEAR, r.lastYear?.totalHours, row);
    }
    for (const k of view.byKind) {
      const kind = (p: Seeded['people'][number]) => inScope(p) && p.kind === k.kind;
      this.shown(MONTH, k.thisMonth?.totalHours, kind);
      this.shown(LAST_YEAR, k.lastYear?.totalHours, kind);
    }
    const point = view.trend.find((p) => p.month === MONTH);
    this.shown(MONTH, point?.totalHours, group);
    this.shown(LAST_YEAR, point?.lastYearTotalHours, group);
    for (const p of view.people ?? []) {
      this.individuals.add(p.employeeId);
      if (p.minutes !== null) this.equations.get(MONTH)?.push([p.employeeId]);
      if (p.lastYearMinutes !== null) this.equations.get(LAST_YEAR)?.push([p.employeeId]);
    }
  }
}

describe('differencing over generated org trees (PGlite and PostgreSQL)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('no viewer can isolate fewer than floor people, or see anyone outside their subtree, from all they may request', async () => {
    let equations = 0;
    let viewers = 0;
    await fc.assert(
      fc.asyncProperty(treeArb, async (tree) => {
        const db = database.db;
        const data = await seed(db, tree);
        if (data.people.length === 0) return;
        for (const v of tree.viewers) {
          const person = data.people[v.person % data.people.length]!;
          const bureau = data.bureaus[v.bureau % data.bureaus.length]!;
          await db.query(sql`delete from role_assignment`);
          for (const role of v.roles)
            await db.query(sql`
              insert into role_assignment (employee_id, role, bureau_id) values (${person.id}, ${role}, ${role === 'hr' ? null : bureau.id})`);
          const employee = await findEmployeeById(db, person.id);
          const viewer = await buildViewer(db, employee!);
          const scope = await accessScope(db, viewer);
          const ctx: DashboardContext = {
            db,
            scope,
            month: MONTH,
            minGroupSize: tree.floor,
            today: '2026-11-05',
          };
          const attacker = new Attacker(data);
          attacker.individuals.add(person.id);
          attacker.equations.get(MONTH)?.push([person.id]); // their own page
          attacker.equations.get(LAST_YEAR)?.push([person.id]);
          const scopeBureaus = scope.orgWide ? null : scope.bureauIds;
          const views: GroupView[] = [];
          if (scope.orgWide || scope.bureauIds.size > 0 || scope.managedSectionIds.size > 0)
            views.push(await overview(ctx));
          for (const b of data.bureaus)
            if (canSeeBureau(scope, b.id)) views.push(await bureauView(ctx, b.id));
          for (const s of data.sections)
            if (canSeeSection(scope, { id: s.id, bureauId: s.bureauId }))
              views.push(await sectionView(ctx, s.id));
          for (const view of views) {
            attacker.view(view, scopeBureaus);
            // The export holds exactly the view's figures (same rows, same hidden cells).
            const table = exportTable(view, 'ja');
            expect(table.rows.length).toBe(view.people ? view.people.length : view.rows.length + 1);
          }
          if (viewer.roles.includes('executive')) {
            const execBureaus = viewer.bureauScopes
              .filter((s) => s.role === 'executive')
              .map((s) => s.bureauId);
            const report = await reportFor(db, person.id, MONTH, execBureaus, tree.floor);
            for (const r of report.rows)
              if (!r.hidden) {
                attacker.shown(MONTH, r.totalMinutes / 60, (p) => p.bureauId === r.bureauId);
                if (r.lastYear)
                  attacker.shown(LAST_YEAR, r.lastYear.totalMinutes / 60, (p) => p.bureauId === r.bureauId);
              }
            const execSet = new Set(execBureaus);
            for (const [key, sum] of Object.entries(report.sums ?? {}))
              if (!sum.hidden) {
                const part = (p: Seeded['people'][number]) =>
                  execSet.has(p.bureauId) && (key === 'regional') === (p.kind === 'regional_branch');
                attacker.shown(MONTH, sum.totalMinutes / 60, part);
                if (sum.lastYear) attacker.shown(LAST_YEAR, sum.lastYear.totalMinutes / 60, part);
              }
          }
          // Individuals: only the viewer and their subtree.
          for (const id of attacker.individuals) expect(id === person.id || scope.subtree.has(id)).toBe(true);
          viewers++;
          for (const [month, shown] of attacker.equations) {
            equations += shown.length;
            const leak = findSmallDerivableGroup(shown, attacker.individuals, tree.floor);
            expect({ month, viewer: v, leak }).toEqual({ month, viewer: v, leak: null });
          }
        }
      }),
      // A fixed seed: the counts below say the attack ran, and must not depend on the draw.
      { numRuns: 20, endOnFailure: true, seed: 20261206 },
    );
    // The attack did run: many viewers, many figures read.
    expect(viewers).toBeGreaterThan(20);
    expect(equations).toBeGreaterThan(200);
  }, 120_000);
});
