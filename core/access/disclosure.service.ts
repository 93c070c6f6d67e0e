import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { readSetting } from '../settings/settings.repository.ts';
import { type DisclosureNode, disclose, type HiddenReason } from './disclosure.rules.ts';
import type { GroupScope } from './scope.ts';

/**
 * Where every view asks the disclosure rule (disclosure.rules.ts) for one viewer and one month:
 * the dashboard's pages, rows, totals, month series and year-on-year columns, its exports, and the
 * monthly report card. All of them read the same decision, built over everything the viewer could
 * ask for, so no two views disagree on which cells are hidden.
 *
 * The tree a viewer sees:
 * - bureau-scoped (executive, WLB officer, hr/admin): SCOPE → OTHER (headquarters + external
 *   agencies, the report's line) → KIND → bureau → section; SCOPE → KIND(regional) → bureau → section.
 *   Sections the viewer manages outside those bureaus are groups of their own;
 * - a manager without a bureau role: MINE (the sum of their sections) → section.
 * Group sizes are the people counted in the month's aggregates; "known" are the viewer and their
 * subtree, counted where the month's figures put them.
 */

export const SCOPE_ID = 'scope';
export const MINE_ID = 'mine';
export const OTHER_KINDS_ID = 'kind:other';
export const kindId = (kind: string) => `kind:${kind}`;

/** The floor in force: 設定 (privacy.minGroupSize), never the environment. */
export async function disclosureFloor(db: Db): Promise<number> {
  return (await readSetting(db, 'privacy')).minGroupSize;
}

interface SectionSize {
  id: string;
  bureauId: string;
  kind: string;
  staff: number;
  /** Of them, non-managerial (the plan's averages and ≥45/80/100 h counts are over these). */
  nmStaff: number;
}

/**
 * Sizes per month are the one costly read of a decision, so they are cached — but only for the data
 * they were read from: every aggregate write is an attendance import (attendance_import, demo data
 * included), so the latest import id is the data version, read on each request by its primary key.
 * Figures of a new import are never cut by the sizes of the old data, on any instance (an import in
 * this process also clears the cache: invalidateDisclosures). TTL_MS bounds memory and age.
 */
const TTL_MS = 30_000;
const MAX_MONTHS = 120;
const sizeCache = new Map<string, { at: number; version: string; sizes: Promise<CachedSize[]> }>();
/** Decisions of viewers who know nobody, per (tree, month, floor, data version): most executives and HR. */
const decisionCache = new Map<string, { at: number; hidden: Map<string, HiddenReason> }>();

export function invalidateDisclosures(): void {
  sizeCache.clear();
  decisionCache.clear();
}

async function dataVersion(db: Db): Promise<string> {
  const [row] = await db.query<{ v: string | null }>(sql`select max(id)::text as v from attendance_import`);
  return row?.v ?? '0';
}

type CachedSize = Pick<SectionSize, 'id' | 'staff' | 'nmStaff'>;

/**
 * The org tree (section → bureau → kind), read on every request, never cached: an org import on
 * another instance moves a section at once, and a tree cached here for the TTL hid a complement
 * that had left the bureau while the figures (read live) no longer counted it — the bureau row
 * minus its shown sections was the two small rooms (test/privacy/time-differencing.test.ts).
 * Also returns a short signature of the tree for the decision cache's key.
 */
async function orgTree(
  db: Db,
): Promise<{ sections: Omit<SectionSize, 'staff' | 'nmStaff'>[]; signature: string }> {
  const rows = await db.query<{ id: string; bureau_id: string; kind: string }>(sql`
    select s.id::text as id, s.bureau_id::text as bureau_id, b.kind
      from section s join bureau b on b.id = s.bureau_id order by s.id`);
  let h = 5381;
  for (const r of rows)
    for (const ch of `${r.id}:${r.bureau_id}:${r.kind};`) h = ((h * 33) ^ ch.charCodeAt(0)) >>> 0;
  return {
    sections: rows.map((r) => ({ id: r.id, bureauId: r.bureau_id, kind: r.kind })),
    signature: `${rows.length}.${h.toString(36)}`,
  };
}

async function sizesOf(
  db: Db,
  months: readonly string[],
  version: string,
): Promise<Map<string, CachedSize[]>> {
  const now = Date.now();
  const missing = months.filter((m) => {
    const hit = sizeCache.get(m);
    return !hit || hit.version !== version || now - hit.at >= TTL_MS;
  });
  if (missing.length > 0) {
    const all = db
      .query<{ id: string; month: string; staff: number; nm_staff: number }>(sql`
        select o.section_id::text as id, to_char(o.month, 'YYYY-MM') as month,
               o.staff_count::int as staff, o.nm_staff_count::int as nm_staff
          from overtime_section_month o
         where o.month = any(${missing.map((m) => `${m}-01`)}::date[])`)
      .then((rows) => {
        const by = new Map<string, CachedSize[]>(missing.map((m) => [m, []]));
        for (const r of rows) by.get(r.month)?.push({ id: r.id, staff: r.staff, nmStaff: r.nm_staff });
        return by;
      });
    if (sizeCache.size + missing.length > MAX_MONTHS) sizeCache.clear();
    for (const m of missing) {
      const entry = { at: now, version, sizes: all.then((by) => by.get(m) ?? []) };
      entry.sizes.catch(() => sizeCache.delete(m));
      sizeCache.set(m, entry);
    }
  }
  const out = new Map<string, CachedSize[]>();
  for (const m of months) out.set(m, await (sizeCache.get(m)?.sizes ?? Promise.resolve([])));
  return out;
}

interface Known {
  all: number;
  nm: number;
}

/**
 * The viewer's own people per month and section (where the month's figures count them), from the
 * per-(manager, month, section) counts of the people below them that migration 0014 keeps with the
 * org closure and overtime_month (a bureau head's 24 months are a few thousand rows, never one row
 * per person), plus the viewer's own months. Someone who manages nobody knows only themself.
 */
async function knownOf(db: Db, scope: GroupScope, months: readonly string[]) {
  const me = scope.viewer.employee.id;
  const dates = months.map((m) => `${m}-01`);
  // One statement for both parts: a page's reads share a few connections.
  const rows = await db.query<{ section_id: string; month: string; n: number; nm: number }>(sql`
    select section_id::text as section_id, to_char(month, 'YYYY-MM') as month, 1 as n,
           (case when is_managerial then 0 else 1 end) as nm
      from overtime_month
     where employee_id = ${me} and month = any(${dates}::date[])
    union all
    select section_id::text, to_char(month, 'YYYY-MM'), staff, nm_staff
      from org_known_month
     where ${scope.viewer.roles.includes('manager')}::boolean
       and ancestor = ${me} and month = any(${dates}::date[]) and staff > 0`);
  const out = new Map<string, Map<string, Known>>(months.map((m) => [m, new Map()]));
  for (const r of rows) {
    const bySection = out.get(r.month);
    const k = bySection?.get(r.section_id) ?? { all: 0, nm: 0 };
    bySection?.set(r.section_id, { all: k.all + r.n, nm: k.nm + r.nm });
  }
  return out;
}

export interface MonthDisclosure {
  month: string;
  floor: number;
  /**
   * Why a group's figures are hidden from this viewer this month, or null when they may be shown:
   * decided over its non-managerial people, whom the plan's averages and ≥45/80/100 h counts cover.
   */
  hidden(id: string): HiddenReason | null;
  /**
   * Why the all-staff figures (total hours, ≥100 h of everyone, alert counts) are hidden: the
   * managerial part (all − non-managerial) is a group of its own, decided the same way, and the
   * all-staff figure is shown only when both parts are (it then adds nothing to them).
   */
  allStaffHidden(id: string): HiddenReason | null;
  /** People counted in a section or bureau this month (what its figures cover). */
  size(id: string): number;
  /** Of them, the viewer and their subtree. */
  known(id: string): number;
}

export interface ViewerDisclosure {
  floor: number;
  bureauScoped: boolean;
  at(month: string): MonthDisclosure;
  /**
   * Whether a bureau's people belong to a group of the viewer's tree (the scope, kind:other, a
   * kind, the bureau itself). A figure of a group adds only the bureaus the group covers, so what
   * is shown is exactly what was decided: a figure read over more bureaus than the decision
   * counted (every bureau of the ministry under a WLB officer's 担当局の合計) is never cut for them.
   */
  covers(groupId: string, bureauId: string): boolean;
}

/** The viewer's decisions for the months a view needs (one sizes read and one known read for all). */
export async function viewerDisclosure(
  db: Db,
  scope: GroupScope,
  months: readonly string[],
  floor?: number,
): Promise<ViewerDisclosure> {
  const wanted = [...new Set(months)];
  const theFloor = floor ?? (await disclosureFloor(db));
  // The data version is needed only by the sizes: the other reads do not wait for it.
  const [{ version, cached }, known, org] = await Promise.all([
    dataVersion(db).then(async (version) => ({ version, cached: await sizesOf(db, wanted, version) })),
    knownOf(db, scope, wanted),
    orgTree(db),
  ]);
  // Every section of today's org, with the month's counted people (0 when none).
  const sizes = new Map<string, SectionSize[]>();
  for (const m of wanted) {
    const bySection = new Map((cached.get(m) ?? []).map((c) => [c.id, c]));
    sizes.set(
      m,
      org.sections.map((s) => ({
        ...s,
        staff: bySection.get(s.id)?.staff ?? 0,
        nmStaff: bySection.get(s.id)?.nmStaff ?? 0,
      })),
    );
  }
  const bureauScoped = scope.orgWide || scope.bureauIds.size > 0;
  const kindOfBureau = new Map(org.sections.map((s) => [s.bureauId, s.kind]));
  const byMonth = new Map<string, MonthDisclosure>();
  for (const m of wanted)
    byMonth.set(
      m,
      decide(
        scope,
        `${m}@${version}@${org.signature}`,
        m,
        sizes.get(m) ?? [],
        known.get(m) ?? new Map(),
        theFloor,
        bureauScoped,
      ),
    );
  return {
    floor: theFloor,
    bureauScoped,
    at(month) {
      const d = byMonth.get(month);
      if (!d) throw new Error(`disclosure for ${month} was not prepared`);
      return d;
    },
    covers(groupId, bureauId) {
      const kind = kindOfBureau.get(bureauId);
      if (!bureauScoped || kind === undefined) return false;
      if (!scope.orgWide && !scope.bureauIds.has(bureauId)) return false;
      if (groupId === SCOPE_ID || groupId === bureauId) return true;
      if (groupId === OTHER_KINDS_ID) return kind !== 'regional_branch';
      return groupId === kindId(kind);
    },
  };
}

type Part = 'nm' | 'mgr';

function decide(
  scope: GroupScope,
  /** The month and the data version, for the decision cache. */
  cacheMonth: string,
  month: string,
  sections: SectionSize[],
  knownBySection: Map<string, Known>,
  floor: number,
  bureauScoped: boolean,
): MonthDisclosure {
  const size = new Map<string, number>();
  const knownCount = new Map<string, number>();
  const inTree = new Set<string>();
  const tree = (part: Part): DisclosureNode[] => {
    const add = (id: string, n: number, k: number) => {
      inTree.add(id);
      if (part !== 'nm') return;
      size.set(id, n);
      knownCount.set(id, k);
    };
    const sectionNode = (s: SectionSize): DisclosureNode => {
      const k = knownBySection.get(s.id) ?? { all: 0, nm: 0 };
      const n = part === 'nm' ? s.nmStaff : s.staff - s.nmStaff;
      const known = Math.min(n, part === 'nm' ? k.nm : k.all - k.nm);
      add(s.id, s.staff, Math.min(s.staff, k.all));
      return { id: s.id, size: n, known };
    };
    const group = (id: string, children: DisclosureNode[]): DisclosureNode => {
      const node = {
        id,
        size: children.reduce((a, c) => a + c.size, 0),
        known: children.reduce((a, c) => a + c.known, 0),
        children,
      };
      add(id, 0, 0);
      return node;
    };
    const roots: DisclosureNode[] = [];
    if (bureauScoped) {
      const inScope = (s: SectionSize) => scope.orgWide || scope.bureauIds.has(s.bureauId);
      const byBureau = new Map<string, SectionSize[]>();
      for (const s of sections)
        if (inScope(s)) byBureau.set(s.bureauId, [...(byBureau.get(s.bureauId) ?? []), s]);
      const bureauKind = new Map(sections.map((s) => [s.bureauId, s.kind]));
      const bureausOf = (kind: string) =>
        [...byBureau.entries()]
          .filter(([b]) => bureauKind.get(b) === kind)
          .map(([b, list]) => group(b, list.map(sectionNode)));
      const kindNode = (kind: string) => group(kindId(kind), bureausOf(kind));
      roots.push(
        group(SCOPE_ID, [
          group(OTHER_KINDS_ID, [kindNode('headquarters'), kindNode('external_agency')]),
          kindNode('regional_branch'),
        ]),
      );
      // Sections managed outside the bureaus of the scope: each is a group of its own.
      for (const s of sections)
        if (!inScope(s) && scope.managedSectionIds.has(s.id)) roots.push(sectionNode(s));
    } else
      roots.push(group(MINE_ID, sections.filter((s) => scope.managedSectionIds.has(s.id)).map(sectionNode)));
    return roots;
  };
  // Group totals (all staff, and known) for size() / known().
  const fill = (roots: DisclosureNode[]) => {
    const walk = (n: DisclosureNode): [number, number] => {
      if (!n.children) return [size.get(n.id) ?? 0, knownCount.get(n.id) ?? 0];
      let a = 0;
      let k = 0;
      for (const c of n.children) {
        const [ca, ck] = walk(c);
        a += ca;
        k += ck;
      }
      size.set(n.id, a);
      knownCount.set(n.id, k);
      return [a, k];
    };
    roots.forEach(walk);
  };

  const treeKey = bureauScoped
    ? scope.orgWide
      ? 'all'
      : [...scope.bureauIds].sort().join(',')
    : `mine:${[...scope.managedSectionIds].sort().join(',')}`;
  const decideFor = (part: Part): Map<string, HiddenReason> => {
    const roots = tree(part);
    if (part === 'nm') fill(roots);
    const knowsSomeone = roots.some((r) => r.known > 0);
    const key = `${part}|${treeKey}|${cacheMonth}|${floor}`;
    const hit = knowsSomeone ? undefined : decisionCache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.hidden;
    const hidden = disclose(roots, floor);
    if (!knowsSomeone) {
      if (decisionCache.size > 5_000) decisionCache.clear();
      decisionCache.set(key, { at: Date.now(), hidden });
    }
    return hidden;
  };
  const nm = decideFor('nm');
  const mgr = decideFor('mgr');
  // A group outside the viewer's tree is never shown (a route should not ask; if it does, hide).
  const hidden = (id: string) => (inTree.has(id) ? (nm.get(id) ?? null) : 'residual');
  return {
    month,
    floor,
    hidden,
    allStaffHidden: (id) => hidden(id) ?? mgr.get(id) ?? null,
    size: (id) => size.get(id) ?? 0,
    known: (id) => knownCount.get(id) ?? 0,
  };
}
