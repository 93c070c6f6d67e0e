import { buildViewer, type Viewer } from '../access/viewer.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import type { EmployeeProfile } from '../org/org.table.ts';

/** 2026-11-02 10:00 JST, a Monday: the round opens here. */
export const T0 = new Date('2026-11-02T01:00:00Z');
export const DAY = 86_400_000;

export const pulseDraft = (over: Record<string, unknown> = {}) => ({
  title: 'パルスサーベイ 11月',
  intro: '3分で終わります。回答は匿名です。',
  series: 'pulse',
  questions: [
    { kind: 'scale', text: '今月、仕事と生活のバランスは取れていた' },
    { kind: 'choice', text: '定時退庁日に帰れた回数', options: ['0回', '1〜2回', '3回以上'] },
    { kind: 'text', text: '職場で改善してほしいこと' },
  ],
  audience: { everyone: true },
  opensAt: T0.toISOString(),
  closesAt: new Date(T0.getTime() + 7 * DAY).toISOString(),
  remindAt: new Date(T0.getTime() + 3 * DAY).toISOString(),
  ...over,
});

/**
 * A 4-person room (四人室) in a bureau: the section whose figures must stay hidden, and not be
 * derivable from the bureau's total. Returns the section and bureau ids.
 */
export async function addFourPersonRoom(
  db: Db,
  bureauCode = 'B03',
): Promise<{ smallSectionId: string; bureauId: string }> {
  const [bureau] = await db.query<{ id: string }>(sql`select id from bureau where code = ${bureauCode}`);
  const [head] = await db.query<{ id: string }>(sql`
    select e.id from employee e join section s on s.id = e.section_id
     where s.bureau_id = ${bureau?.id} and e.manager_id is null limit 1`);
  const [section] = await db.query<{ id: string }>(sql`
    insert into section (bureau_id, code, name) values (${bureau?.id}, ${`${bureauCode}-9004`}, '四人室') returning id`);
  for (let i = 0; i < 4; i++)
    await db.query(sql`
      insert into employee (employee_no, entra_oid, family_name, given_name, section_id, manager_id, is_managerial)
      values (${`${bureauCode}-9004-${i}`}, gen_random_uuid(), '室', ${`四人${i}`}, ${section?.id}, ${head?.id}, false)`);
  return { smallSectionId: section?.id as string, bureauId: bureau?.id as string };
}

/** The demo ministry (300 people) plus the 4-person room in 情報通信局 (B03). */
export async function seedSurveyOrg(db: Db): Promise<{ smallSectionId: string; bureauId: string }> {
  await writeDemoOrg(db, 300);
  return addFourPersonRoom(db, 'B03');
}

export async function profile(db: Db, id: string): Promise<EmployeeProfile> {
  const p = await findEmployeeById(db, id);
  if (!p) throw new Error(`no employee ${id}`);
  return p;
}

/** A viewer holding a role (granted in the app, as role_assignment does). */
export async function viewerWith(
  db: Db,
  employeeId: string,
  role: 'hr' | 'wlb_officer' | 'executive' | null,
  bureauId?: string,
): Promise<Viewer> {
  if (role)
    await db.query(sql`insert into role_assignment (employee_id, role, bureau_id)
                       values (${employeeId}, ${role}, ${bureauId ?? null}) on conflict do nothing`);
  return buildViewer(db, await profile(db, employeeId));
}

/** Active staff, in a stable order. */
export async function staff(db: Db): Promise<{ id: string; section_id: string }[]> {
  return db.query<{ id: string; section_id: string }>(
    sql`select id::text, section_id::text from employee where active order by employee_no`,
  );
}

/** Someone with no role and nobody below them. */
export async function plainEmployee(db: Db): Promise<string> {
  const [row] = await db.query<{ id: string }>(sql`
    select e.id::text from employee e
     where e.active and not exists (select 1 from role_assignment r where r.employee_id = e.id)
       and not exists (select 1 from employee x where x.manager_id = e.id)
     order by e.employee_no desc limit 1`);
  if (!row) throw new Error('no plain employee');
  return row.id;
}
