import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';

/**
 * Reads of the org tree's closure (org_closure, migration 0014), which triggers on employee keep in
 * the same transaction as every change of a manager, a section or an active flag (org import, Graph
 * sync, demo generator). No read here walks the tree.
 */

const UUID_LENGTH = 36;

/**
 * Everyone below a manager (not the manager) with their section now. The ids come back concatenated
 * per section: a bureau head's 40,000 people are a few hundred rows, not 40,000.
 */
export async function subtreeSections(db: Db, managerId: string): Promise<Map<string, string>> {
  return (await versionedSubtreeSections(db, managerId)).ids;
}

/**
 * The version of the org closure: it changes with every committed transaction that changed the
 * closure (org_closure_change, migration 0023), and never repeats. A subtree read at one version is
 * the subtree for as long as the version reads the same.
 */
export async function closureVersion(db: Db): Promise<string> {
  const [row] = await db.query<{ v: string }>(sql`
    select coalesce(max(xid), 0)::text || '.' || count(*)::text as v from org_closure_change`);
  return row?.v ?? '0.0';
}

/** subtreeSections and the closure version it was read at, in one statement (one snapshot). */
export async function versionedSubtreeSections(
  db: Db,
  managerId: string,
): Promise<{ version: string; ids: Map<string, string> }> {
  const rows = await db.query<{ v: string; section_id: string | null; ids: string | null }>(sql`
    select v.v, s.section_id, s.ids
      from (select coalesce(max(xid), 0)::text || '.' || count(*)::text as v from org_closure_change) v
      left join lateral (
        select section_id::text as section_id, string_agg(descendant::text, '') as ids
          from org_closure
         where ancestor = ${managerId} and depth > 0
         group by section_id) s on true`);
  const ids = new Map<string, string>();
  for (const r of rows)
    if (r.ids && r.section_id)
      for (let i = 0; i < r.ids.length; i += UUID_LENGTH)
        ids.set(r.ids.slice(i, i + UUID_LENGTH), r.section_id);
  return { version: rows[0]?.v ?? '0.0', ids };
}

/** Active people now per section of the given bureaus (0 for a section without anyone). */
export async function sectionHeadcounts(
  db: Db,
  bureauIds: string[],
): Promise<{ sectionId: string; bureauId: string; n: number }[]> {
  if (bureauIds.length === 0) return [];
  return db.query<{ sectionId: string; bureauId: string; n: number }>(sql`
    select s.id::text as "sectionId", s.bureau_id::text as "bureauId", coalesce(h.active, 0)::int as n
      from section s left join section_headcount h on h.section_id = s.id
     where s.bureau_id = any(${bureauIds}::uuid[])`);
}

/**
 * Every section of the bureaus a manager has people in (and of their own bureau), each with how
 * many people below the manager sit there now (org_closure_section, migration 0027) and its active
 * head count: what the access scope needs, from a few hundred rows, never the subtree's ids. None
 * when nobody is below the manager.
 */
export function managedSections(
  db: Db,
  managerId: string,
  ownBureauId: string,
): Promise<{ sectionId: string; bureauId: string; managed: number; headcount: number }[]> {
  return db.query<{ sectionId: string; bureauId: string; managed: number; headcount: number }>(sql`
    with mine as (
      select k.section_id, k.n from org_closure_section k where k.ancestor = ${managerId}::uuid and k.n > 0
    )
    select s.id::text as "sectionId", s.bureau_id::text as "bureauId", coalesce(m.n, 0)::int as managed,
           coalesce(h.active, 0)::int as headcount
      from section s
      left join mine m on m.section_id = s.id
      left join section_headcount h on h.section_id = s.id
     where exists (select 1 from mine)
       and s.bureau_id in (select x.bureau_id from mine join section x on x.id = mine.section_id
                           union select ${ownBureauId}::uuid)`);
}
