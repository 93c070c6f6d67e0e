import fc from 'fast-check';
import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';

/**
 * The random ministries of the differencing attacks (differencing.properties.test.ts and
 * wellbeing-differencing.properties.test.ts): bureaus of each kind, sections of a few people, a
 * bureau head, section chiefs, some of them "partial" (one person of the section reports past them),
 * and viewers drawn from the people with extra roles.
 */
export const KINDS = ['headquarters', 'external_agency', 'regional_branch'] as const;

export function bureausArb(limits: { people: number; sections: number; bureaus: number }) {
  return fc.array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      sections: fc.array(
        fc.record({ size: fc.integer({ min: 0, max: limits.people }), chiefPartial: fc.boolean() }),
        { minLength: 1, maxLength: limits.sections },
      ),
    }),
    { minLength: 1, maxLength: limits.bureaus },
  );
}

export const viewersArb = fc.array(
  fc.record({
    person: fc.nat(),
    roles: fc.subarray(['executive', 'wlb_officer', 'hr'] as const, { maxLength: 2 }),
    bureau: fc.nat(),
  }),
  { minLength: 1, maxLength: 3 },
);

type Bureaus = typeof bureausArb extends (...args: never[]) => fc.Arbitrary<infer T> ? T : never;

export interface GeneratedPerson {
  id: string;
  no: string;
  /** The person's place in the order they were made (0, 1, …). */
  n: number;
  sectionId: string;
  bureauId: string;
  kind: string;
  managerial: boolean;
}

export interface GeneratedOrg {
  bureaus: { id: string; kind: string; name: string }[];
  sections: { id: string; bureauId: string; name: string }[];
  people: GeneratedPerson[];
}

/**
 * Stores the ministry 'm' with these bureaus (the caller empties the tables first). The first
 * person of a bureau is its head (sitting in a section like a 局長); each section's first other
 * person its chief; a partial chief has his section's last person reporting to the head instead.
 */
export async function seedGeneratedOrg(
  db: Db,
  bureaus: Bureaus,
  employeeNo: (n: number) => string,
): Promise<GeneratedOrg> {
  await db.query(sql`insert into ministry (id, name) values ('m', '生成省')`);
  const out: GeneratedOrg = { bureaus: [], sections: [], people: [] };
  let n = 0;
  for (const [b, plan] of bureaus.entries()) {
    const [bureau] = await db.query<{ id: string }>(sql`
      insert into bureau (ministry_id, code, name, kind, sort_order) values ('m', ${`G${b}`}, ${`局${b}`}, ${plan.kind}, ${b}) returning id::text as id`);
    const bureauId = bureau?.id as string;
    out.bureaus.push({ id: bureauId, kind: plan.kind, name: `局${b}` });
    let head: string | null = null;
    for (const [s, sec] of plan.sections.entries()) {
      const [section] = await db.query<{ id: string }>(sql`
        insert into section (bureau_id, code, name) values (${bureauId}, ${`G${b}-${s}`}, ${`課${b}-${s}`}) returning id::text as id`);
      const sectionId = section?.id as string;
      out.sections.push({ id: sectionId, bureauId, name: `課${b}-${s}` });
      let chief: string | null = null;
      for (let i = 0; i < sec.size; i++) {
        const manager =
          head === null
            ? null
            : chief === null
              ? head
              : sec.chiefPartial && i === sec.size - 1
                ? head
                : chief;
        const no = employeeNo(n);
        const [e] = await db.query<{ id: string }>(sql`
          insert into employee (employee_no, entra_oid, family_name, given_name, section_id, manager_id, is_managerial)
          values (${no}, gen_random_uuid(), '生成', ${`${n}`}, ${sectionId}, ${manager}, ${manager === null || chief === null})
          returning id::text as id`);
        const id = e?.id as string;
        if (head === null) head = id;
        else if (chief === null) chief = id;
        out.people.push({
          id,
          no,
          n,
          sectionId,
          bureauId,
          kind: plan.kind,
          managerial: manager === null || chief === id,
        });
        n++;
      }
    }
  }
  return out;
}
