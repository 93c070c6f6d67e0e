import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateDisclosures } from '../../core/access/disclosure.service.ts';
import { accessScope, canSeeBureau, canSeeSection } from '../../core/access/scope.ts';
import { buildViewer } from '../../core/access/viewer.ts';
import { storeDays } from '../../core/attendance/attendance-import.service.ts';
import { bureauView, type GroupView, overview, sectionView } from '../../core/dashboard/dashboard.service.ts';
import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { createOutboxMessenger } from '../../core/delivery/outbox.messenger.ts';
import { findEmployeeById } from '../../core/org/org.repository.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { annualTargets, TARGET_GROUP_LABEL } from '../../core/wellbeing/annual-targets.service.ts';
import { followUpReport } from '../../core/wellbeing/follow-up-report.service.ts';
import { sendWeeklyRestCounts } from '../../core/wellbeing/rest-morning.service.ts';
import { monthSignals, signalsView } from '../../core/wellbeing/wellbeing.service.ts';
import { generateAttendance } from '../../core/wellbeing/wellbeing.test-data.ts';
import { PURPOSE, type WellbeingCards } from '../../core/wellbeing/wellbeing-messages.types.ts';
import { createTestDatabase, type TestDatabase } from '../harness/db.ts';
import { bureausArb, seedGeneratedOrg, viewersArb } from './generated-org.ts';
import { findSmallDerivableGroup } from './linear-audit.ts';

/**
 * The differencing attack on the wellbeing views (issue 19), generated like
 * differencing.properties.test.ts: random org trees, attendance over two months of this fiscal
 * year and the same two of last year (imported through the import path, with people absent last
 * year and people moving section between the two months of this year), random viewers, and
 * everything each viewer may ask for across views and months:
 * - the dashboard (overview, bureau and section pages) of each month, with last year's columns;
 * - annual targets through each month (FY-to-date overtime per non-managerial person for
 *   本省内部部局+外局 / 地方支分部局 / total, last FY same period and whole; annual leave per person);
 * - the follow-up report through each month (the same per unit, per bureau, ≥100 h counts, short
 *   rests and gaps);
 * - the short-rest and gap counts per section and bureau of each month.
 * Every figure is an equation over person-months of one measure (overtime, leave, ≥100 h, short
 * rests, gaps); the attacker's algebra must isolate no group of fewer than `floor` people the viewer
 * may not see one by one, whatever combination of views, months and years.
 */

const THIS_YEAR = ['2026-04', '2026-05'] as const;
const LAST_YEAR = ['2025-04', '2025-05'] as const;
/** The Monday the managers' weekly counts go out: last week is 2026-04-27..05-03, across the move. */
const WEEKLY_AT = new Date('2026-05-04T09:10:00+09:00');
const WEEK = { from: '2026-04-27', to: '2026-05-03' };

/** Cards that keep what they were given, so the test reads what each manager would see. */
const recordingCards = (): WellbeingCards => ({
  morningRest: () => ({}),
  weeklyRestCount: (_locale, week, rows, floor) => ({ week, rows, floor }),
  gapConfirmation: () => ({}),
  leaveOnTimeNudge: () => ({}),
  stillWorking: () => ({}),
  leaveReport: () => ({}),
});

const treeArb = fc.record({
  bureaus: bureausArb({ people: 7, sections: 3, bureaus: 3 }),
  absentLastYear: fc.integer({ min: 2, max: 7 }),
  movers: fc.integer({ min: 3, max: 9 }),
  seed: fc.nat(1000),
  floor: fc.integer({ min: 3, max: 5 }),
  viewers: viewersArb,
});
type Tree = typeof treeArb extends fc.Arbitrary<infer T> ? T : never;

interface Where {
  sectionId: string;
  bureauId: string;
  kind: string;
  managerial: boolean;
}

interface Seeded {
  people: { id: string; no: string }[];
  bureaus: { id: string; kind: string; name: string }[];
  sections: { id: string; bureauId: string; name: string }[];
  /** Where each month's figures count each person (their overtime_month row). */
  where: Map<string, Map<string, Where>>;
  /** Overtime minutes per month and person. */
  minutes: Map<string, Map<string, number>>;
  /** Short rests and gaps per month and person (as the one computation counts them). */
  rests: Map<string, Map<string, number>>;
  /** Of them, the rests whose day (`before`) is in the weekly count's week. */
  restsInWeek: Map<string, Map<string, number>>;
  gaps: Map<string, Map<string, number>>;
  /** Each manager's weekly card (oid → rows), as queued. */
  weekly: Map<string, { sectionName: string; count: number | null }[]>;
}

async function seed(db: Db, tree: Tree): Promise<Seeded> {
  await db.query(sql`truncate ministry, overtime_month, attendance_import, delivery cascade`);
  await db.query(sql`delete from attendance_month`);
  invalidateDisclosures();
  const org = await seedGeneratedOrg(db, tree.bureaus, (n) => `P${String(n).padStart(3, '0')}`);
  const out: Seeded = {
    people: org.people.map(({ id, no }) => ({ id, no })),
    bureaus: org.bureaus,
    sections: org.sections,
    where: new Map(),
    minutes: new Map(),
    rests: new Map(),
    restsInWeek: new Map(),
    gaps: new Map(),
    weekly: new Map(),
  };
  await db.query(
    sql`insert into setting (key, value) values ('privacy', ${JSON.stringify({ minGroupSize: tree.floor })}::jsonb)`,
  );
  const all = out.people.map((p) => p.no);
  const lastYear = all.filter((_, i) => i % tree.absentLastYear !== 0);
  const actor = { id: null, label: 'test' };
  await storeDays(db, generateAttendance(lastYear, '2025-04-01', '2025-05-31', tree.seed), actor, {
    source: 'api',
  });
  await storeDays(db, generateAttendance(all, '2026-04-01', '2026-04-30', tree.seed + 1), actor, {
    source: 'api',
  });
  // Between the two months of this year, some people move to the next section (another bureau at the end).
  const sectionIds = out.sections.map((s) => s.id);
  for (const [i, p] of out.people.entries())
    if (i % tree.movers === 1 && sectionIds.length > 1) {
      const [row] = await db.query<{ section_id: string }>(
        sql`select section_id::text as section_id from employee where id = ${p.id}`,
      );
      const next = sectionIds[(sectionIds.indexOf(row?.section_id ?? '') + 1) % sectionIds.length];
      await db.query(sql`update employee set section_id = ${next} where id = ${p.id}`);
    }
  await storeDays(db, generateAttendance(all, '2026-05-01', '2026-05-31', tree.seed + 2), actor, {
    source: 'api',
  });
  invalidateDisclosures();

  const kindOf = new Map(out.bureaus.map((b) => [b.id, b.kind]));
  const bureauOf = new Map(out.sections.map((s) => [s.id, s.bureauId]));
  const rows = await db.query<{
    id: string;
    month: string;
    section_id: string;
    mgr: boolean;
    minutes: number;
  }>(sql`
    select employee_id::text as id, to_char(month, 'YYYY-MM') as month, section_id::text as section_id,
           is_managerial as mgr, overtime_minutes as minutes from overtime_month`);
  for (const r of rows) {
    const bureauId = bureauOf.get(r.section_id) ?? '';
    const w = out.where.get(r.month) ?? new Map<string, Where>();
    w.set(r.id, { sectionId: r.section_id, bureauId, kind: kindOf.get(bureauId) ?? '', managerial: r.mgr });
    out.where.set(r.month, w);
    const m = out.minutes.get(r.month) ?? new Map<string, number>();
    m.set(r.id, r.minutes);
    out.minutes.set(r.month, m);
  }
  for (const month of [...THIS_YEAR, ...LAST_YEAR]) {
    const s = await monthSignals(db, month);
    out.rests.set(month, new Map([...s.rests].map(([id, list]) => [id, list.length])));
    out.gaps.set(month, new Map([...s.gaps].map(([id, list]) => [id, list.length])));
    const inWeek = (r: { before: string }) => r.before >= WEEK.from && r.before <= WEEK.to;
    out.restsInWeek.set(month, new Map([...s.rests].map(([id, list]) => [id, list.filter(inWeek).length])));
  }
  await sendWeeklyRestCounts(
    {
      db,
      messenger: createOutboxMessenger(db, { nudge() {}, onSettled: () => () => {} }, { waitMs: 5 }),
      cards: recordingCards(),
      logger: createLogger('silent'),
    },
    WEEKLY_AT,
  );
  const cards = await db.query<{
    recipient: string;
    card: { rows: { sectionName: string; count: number | null }[] };
  }>(sql`select recipient, card from delivery where purpose = ${PURPOSE.weeklyRest}`);
  for (const r of cards) out.weekly.set(r.recipient, r.card.rows);
  return out;
}

type Measure = 'ot' | 'leave' | 'c100' | 'rest' | 'gap';
type Filter = (w: Where) => boolean;

/** The equations one viewer collects: each a set of `measure:person@month` unknowns. */
class Attacker {
  readonly equations = new Map<Measure, string[][]>();
  private readonly data: Seeded;
  constructor(data: Seeded) {
    this.data = data;
  }

  /** People counted in `month` who match (non-managerial only when `nm`). */
  members(month: string, filter: Filter, nm: boolean): string[] {
    return [...(this.data.where.get(month) ?? new Map<string, Where>())]
      .filter(([, w]) => filter(w) && (!nm || !w.managerial))
      .map(([id]) => id);
  }

  /**
   * A shown sum of `measure` over the matching people of `months`. A person-month's short rests
   * are two unknowns, those of the weekly count's week and the others: the week's count adds only
   * the first.
   */
  shown(
    measure: Measure,
    months: readonly string[],
    filter: Filter,
    nm: boolean,
    weekOnly = false,
  ): string[] {
    const parts = measure !== 'rest' ? [''] : weekOnly ? ['#w'] : ['#w', '#o'];
    const set = months.flatMap((m) =>
      this.members(m, filter, nm).flatMap((id) => parts.map((part) => `${measure}:${id}@${m}${part}`)),
    );
    const list = this.equations.get(measure) ?? [];
    list.push(set);
    this.equations.set(measure, list);
    return set;
  }

  /** Checks a shown count against the truth, so the algebra is about the right sets. */
  count(
    measure: 'rest' | 'gap',
    months: readonly string[],
    filter: Filter,
    value: number | null | string,
    weekOnly = false,
  ) {
    if (typeof value !== 'number') return;
    const set = this.shown(measure, months, filter, true, weekOnly);
    const per = measure === 'gap' ? this.data.gaps : weekOnly ? this.data.restsInWeek : this.data.rests;
    const personMonths = new Set(set.map((u) => u.slice(u.indexOf(':') + 1).replace(/#.$/, '')));
    const truth = [...personMonths].reduce((s, pm) => {
      const [id, m] = pm.split('@') as [string, string];
      return s + (per.get(m)?.get(id) ?? 0);
    }, 0);
    expect(value).toBe(truth);
  }

  /** A shown per-person overtime figure (hours): with the head count shown, a sum. */
  perPerson(months: readonly string[], filter: Filter, hours: number | null | string | undefined) {
    if (typeof hours !== 'number') return;
    const set = this.shown('ot', months, filter, true);
    const months_ = months.filter((m) => this.members(m, filter, true).length > 0);
    const staff = set.length / Math.max(1, months_.length);
    const total = set.reduce((s, u) => {
      const [id, m] = u.slice(3).split('@') as [string, string];
      return s + (this.data.minutes.get(m)?.get(id) ?? 0);
    }, 0);
    expect(Math.abs(total / 60 / staff - hours)).toBeLessThan(0.06);
  }

  dashboard(view: GroupView, month: string, lastYear: string, inScope: Filter) {
    const group: Filter =
      view.level === 'section'
        ? (w) => w.sectionId === view.title.id
        : view.level === 'bureau'
          ? (w) => w.bureauId === view.title.id
          : view.level === 'manager'
            ? (w) => view.rows.some((r) => r.id === w.sectionId)
            : inScope;
    const both = (f: Filter, now: unknown, before: unknown) => {
      if (typeof now === 'number') this.shown('ot', [month], f, false);
      if (typeof before === 'number') this.shown('ot', [lastYear], f, false);
    };
    both(group, view.total.thisMonth?.totalHours, view.total.lastYear?.totalHours);
    for (const r of view.rows)
      both(
        (w) => (view.rowLevel === 'bureau' ? w.bureauId : w.sectionId) === r.id,
        r.thisMonth?.totalHours,
        r.lastYear?.totalHours,
      );
    for (const k of view.byKind)
      both((w) => inScope(w) && w.kind === k.kind, k.thisMonth?.totalHours, k.lastYear?.totalHours);
    for (const point of view.trend) {
      if (typeof point.totalHours === 'number' && this.data.where.has(point.month))
        this.shown('ot', [point.month], group, false);
    }
  }
}

describe('differencing over the wellbeing views, generated (PGlite and PostgreSQL)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('no combination of dashboard, annual targets, follow-up report and wellbeing counts isolates fewer than floor people', async () => {
    let equations = 0;
    let viewers = 0;
    let weeklyRows = 0;
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
          const viewer = await buildViewer(db, (await findEmployeeById(db, person.id))!);
          const scope = await accessScope(db, viewer);
          const inScope: Filter = (w) => scope.orgWide || scope.bureauIds.has(w.bureauId);
          const attacker = new Attacker(data);
          const knownPeople = new Set([person.id, ...scope.subtree]);
          const bureauScoped = scope.orgWide || scope.bureauIds.size > 0;

          for (const [i, month] of THIS_YEAR.entries()) {
            const lastYear = LAST_YEAR[i]!;
            const ctx = { db, scope, month, minGroupSize: tree.floor, today: '2026-06-05' };
            const views: GroupView[] = [];
            if (bureauScoped || scope.managedSectionIds.size > 0) views.push(await overview(ctx));
            for (const b of data.bureaus)
              if (canSeeBureau(scope, b.id)) views.push(await bureauView(ctx, b.id));
            for (const s of data.sections)
              if (canSeeSection(scope, { id: s.id, bureauId: s.bureauId }))
                views.push(await sectionView(ctx, s.id));
            for (const view of views) attacker.dashboard(view, month, lastYear, inScope);

            // Short rests and gaps per section and bureau of the month.
            const signals = await signalsView(db, scope, month);
            for (const c of signals.sections) {
              attacker.count('rest', [month], (w) => w.sectionId === c.id, c.shortRests);
              attacker.count('gap', [month], (w) => w.sectionId === c.id, c.officeGaps);
            }
            for (const c of signals.bureaus) {
              attacker.count('rest', [month], (w) => w.bureauId === c.id, c.shortRests);
              attacker.count('gap', [month], (w) => w.bureauId === c.id, c.officeGaps);
            }
            if (!bureauScoped) continue;

            // Annual targets through the month.
            const fy = THIS_YEAR.slice(0, i + 1);
            const fyLast = LAST_YEAR.slice(0, i + 1);
            const unit = (g: string): Filter =>
              g === 'other'
                ? (w) => inScope(w) && w.kind !== 'regional_branch'
                : g === 'regional'
                  ? (w) => inScope(w) && w.kind === 'regional_branch'
                  : inScope;
            const targets = await annualTargets(db, scope, month);
            for (const r of targets.overtime) {
              attacker.perPerson(fy, unit(r.group), r.thisYear.perPerson);
              attacker.perPerson(fyLast, unit(r.group), r.lastYearSamePeriod.perPerson);
              attacker.perPerson(LAST_YEAR, unit(r.group), r.lastYearFull.perPerson);
            }
            for (const r of targets.leave) {
              if (r.thisYear.perPerson !== null) attacker.shown('leave', fy, unit(r.group), true);
              if (r.lastYearSamePeriod.perPerson !== null)
                attacker.shown('leave', fyLast, unit(r.group), true);
              if (r.lastYearFull.perPerson !== null) attacker.shown('leave', LAST_YEAR, unit(r.group), true);
            }

            // The follow-up report (what its CSV and Excel exports hold, row for row).
            const report = await followUpReport(db, scope, month);
            const byLabel = new Map<string, Filter>([
              [scope.orgWide ? '省全体' : '担当局の合計', inScope],
              [TARGET_GROUP_LABEL.other, unit('other')],
              [TARGET_GROUP_LABEL.regional, unit('regional')],
              ...data.bureaus.map((b): [string, Filter] => [b.name, (w) => w.bureauId === b.id]),
            ]);
            for (const r of report.rows) {
              const f = byLabel.get(r.unit);
              if (!f || r.item.startsWith('４') || r.value === null) continue;
              if (r.measure.startsWith('管理的地位')) {
                attacker.perPerson(fy, f, r.value);
                attacker.perPerson(fyLast, f, r.previous);
                const full = /前年度 ([0-9.]+) 時間/.exec(r.target)?.[1];
                if (full) attacker.perPerson(LAST_YEAR, f, Number(full));
              } else if (r.measure.startsWith('月100時間')) {
                if (typeof r.value === 'number') attacker.shown('c100', fy, f, true);
                if (typeof r.previous === 'number') attacker.shown('c100', fyLast, f, true);
              } else if (r.measure.startsWith('年次休暇')) {
                if (typeof r.value === 'number') attacker.shown('leave', fy, f, true);
                if (typeof r.previous === 'number') attacker.shown('leave', fyLast, f, true);
              } else if (r.measure.startsWith('勤務間')) attacker.count('rest', fy, f, r.value);
              else if (r.measure.startsWith('登庁')) attacker.count('gap', fy, f, r.value);
            }
          }
          // The manager's weekly card (if they got one): counts per section over the week's days,
          // each day where its month counts the person.
          const [{ oid } = { oid: '' }] = await db.query<{ oid: string }>(
            sql`select entra_oid::text as oid from employee where id = ${person.id}`,
          );
          for (const row of data.weekly.get(oid) ?? []) {
            const section = data.sections.find((s) => s.name === row.sectionName);
            expect(section, row.sectionName).toBeDefined();
            attacker.count('rest', THIS_YEAR, (w) => w.sectionId === section?.id, row.count, true);
            weeklyRows++;
          }
          viewers++;
          const personOf = (u: string) => u.slice(u.indexOf(':') + 1, u.indexOf('@'));
          for (const [measure, shown] of attacker.equations) {
            equations += shown.length;
            const known = new Set(shown.flat().filter((u) => knownPeople.has(personOf(u))));
            const leak = findSmallDerivableGroup(shown, known, tree.floor, personOf);
            expect({ measure, viewer: v, leak }).toEqual({ measure, viewer: v, leak: null });
          }
        }
      }),
      {
        numRuns: 10,
        // A fixed seed: ten random trees do not always give one of the chosen viewers a weekly
        // card, and the check below that the weekly cards were attacked at all must not depend on luck.
        seed: 20261206,
        endOnFailure: true,
        examples: [
          // Found by this test: the follow-up report's short rests and gaps for a WLB officer's
          // "担当局の合計" (and 本省・外局 / 地方) counted every bureau of the ministry.
          [
            {
              bureaus: [
                { kind: 'external_agency', sections: [{ size: 4, chiefPartial: true }] },
                { kind: 'regional_branch', sections: [{ size: 4, chiefPartial: true }] },
                {
                  kind: 'external_agency',
                  sections: [
                    { size: 2, chiefPartial: false },
                    { size: 2, chiefPartial: false },
                  ],
                },
              ],
              absentLastYear: 2,
              movers: 3,
              seed: 184,
              floor: 5,
              viewers: [{ person: 849114172, roles: ['wlb_officer'], bureau: 1312612627 }],
            },
          ],
        ],
      },
    );
    expect(viewers).toBeGreaterThan(8);
    expect(equations).toBeGreaterThan(200);
    expect(weeklyRows).toBeGreaterThan(0);
  }, 120_000);
});
