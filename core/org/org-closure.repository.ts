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
  const rows = await db.query<{ section_id: string; ids: string }>(sql`
    select section_id::text as section_id, string_agg(descendant::text, '') as ids
      from org_closure
     where ancestor = ${managerId} and depth > 0
     group by section_id`);
  const out = new Map<string, string>();
  for (const r of rows)
    for (let i = 0; i < r.ids.length; i += UUID_LENGTH)
      out.set(r.ids.slice(i, i + UUID_LENGTH), r.section_id);
  return out;
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

/** The bureau of each of these sections now. */
export function sectionBureaus(
  db: Db,
  sectionIds: string[],
): Promise<{ sectionId: string; bureauId: string }[]> {
  return db.query<{ sectionId: string; bureauId: string }>(sql`
    select id::text as "sectionId", bureau_id::text as "bureauId" from section where id = any(${sectionIds}::uuid[])`);
}
