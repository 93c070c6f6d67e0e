import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';

/**
 * The org closure and the known counts recomputed from scratch, the way the former subtree walk did
 * it (level by level down manager_id through active people), beside what the triggers of migrations
 * 0014 and 0027 maintain (the closure, the known counts per month, the people per manager and
 * section now). Tests compare the two after every kind of change.
 */
export async function closureAgainstWalk(db: Db): Promise<{
  expected: { closure: string[]; known: string[]; sections: string[] };
  actual: { closure: string[]; known: string[]; sections: string[] };
}> {
  const people = await db.query<{
    id: string;
    manager_id: string | null;
    section_id: string;
    active: boolean;
  }>(sql`select id::text, manager_id::text, section_id::text, active from employee`);
  const reports = new Map<string, typeof people>();
  for (const p of people)
    if (p.manager_id && p.active) reports.set(p.manager_id, [...(reports.get(p.manager_id) ?? []), p]);
  const closure: string[] = [];
  const ancestorsOf = new Map<string, string[]>();
  const perSection = new Map<string, number>();
  const add = (a: string, d: { id: string; section_id: string }, depth: number) => {
    closure.push(`${a}>${d.id}@${depth}:${d.section_id}`);
    ancestorsOf.set(d.id, [...(ancestorsOf.get(d.id) ?? []), a]);
    if (depth > 0) perSection.set(`${a}|${d.section_id}`, (perSection.get(`${a}|${d.section_id}`) ?? 0) + 1);
  };
  for (const p of people) {
    if (p.active) add(p.id, p, 0);
    const seen = new Set<string>([p.id]);
    let level = [p.id];
    for (let depth = 1; level.length > 0 && depth <= 30; depth++) {
      const next: string[] = [];
      for (const m of level)
        for (const r of reports.get(m) ?? []) {
          if (seen.has(r.id)) continue;
          seen.add(r.id);
          next.push(r.id);
          add(p.id, r, depth);
        }
      level = next;
    }
  }
  const months = await db.query<{
    employee_id: string;
    month: string;
    section_id: string;
    is_managerial: boolean;
  }>(
    sql`select employee_id::text, to_char(month, 'YYYY-MM') as month, section_id::text, is_managerial from overtime_month`,
  );
  const known = new Map<string, [number, number]>();
  for (const o of months)
    for (const a of ancestorsOf.get(o.employee_id) ?? []) {
      if (a === o.employee_id) continue; // a person's own month is not in the known counts
      const key = `${a}|${o.month}|${o.section_id}`;
      const [n, nm] = known.get(key) ?? [0, 0];
      known.set(key, [n + 1, nm + (o.is_managerial ? 0 : 1)]);
    }
  const actualClosure = await db.query<{ k: string }>(sql`
    select ancestor::text || '>' || descendant::text || '@' || depth || ':' || section_id::text as k from org_closure`);
  const actualKnown = await db.query<{ k: string }>(sql`
    select ancestor::text || '|' || to_char(month, 'YYYY-MM') || '|' || section_id::text || '=' || staff || ',' || nm_staff as k
      from org_known_month where staff <> 0 or nm_staff <> 0`);
  const actualSections = await db.query<{ k: string }>(sql`
    select ancestor::text || '|' || section_id::text || '=' || n as k from org_closure_section where n <> 0`);
  return {
    expected: {
      closure: closure.sort(),
      known: [...known].map(([k, [n, nm]]) => `${k}=${n},${nm}`).sort(),
      sections: [...perSection].map(([k, n]) => `${k}=${n}`).sort(),
    },
    actual: {
      closure: actualClosure.map((r) => r.k).sort(),
      known: actualKnown.map((r) => r.k).sort(),
      sections: actualSections.map((r) => r.k).sort(),
    },
  };
}
