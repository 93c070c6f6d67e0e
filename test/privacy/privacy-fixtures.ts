import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { FIXTURE_MONTH } from '../e2e/dashboard-fixtures.ts';

/**
 * Extra shapes on top of the dashboard fixtures that the privacy attacks need:
 * - 消防庁 (B05) gets one 2-person room: exactly one small section, so a complement must be hidden;
 * - 関東総合通信局 (B06) gets a 1-person and a 3-person room: two small sections whose sum (4) is
 *   still under the floor, so hiding just the two is not enough;
 * - people who hold a role without managing anyone (an executive of B03 and one of B04).
 */

async function addRoom(db: Db, bureauCode: string, code: string, name: string, size: number): Promise<void> {
  const [bureau] = await db.query<{ id: string }>(sql`select id from bureau where code = ${bureauCode}`);
  const [head] = await db.query<{ id: string }>(sql`
    select e.id from employee e join section s on s.id = e.section_id
     where s.bureau_id = ${bureau?.id} and e.manager_id is null limit 1`);
  const [section] = await db.query<{ id: string }>(sql`
    insert into section (bureau_id, code, name) values (${bureau?.id}, ${code}, ${name}) returning id`);
  for (let i = 0; i < size; i++)
    await db.query(sql`
      insert into employee (employee_no, entra_oid, family_name, given_name, section_id, manager_id, is_managerial)
      values (${`${code}-${i}`}, gen_random_uuid(), '室', ${`${code}-${i}`}, ${section?.id}, ${head?.id}, false)`);
}

/** Per-person months for the new rooms, then the aggregates recomputed from all people (as the import does). */
export async function recompute(db: Db): Promise<void> {
  await db.query(sql`
    insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, in_office_minutes, days_recorded, last_work_date)
    select e.id, m.month, e.section_id, e.is_managerial, (abs(hashtext(e.employee_no || m.month::text)) % 95) * 60, 0, 20,
           (m.month + interval '1 month - 1 day')::date
      from employee e cross join (select distinct month from overtime_month) m
     where e.active and not exists (select 1 from overtime_month o where o.employee_id = e.id and o.month = m.month)`);
  await db.query(sql`delete from overtime_bureau_month`);
  await db.query(sql`delete from overtime_section_month`);
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
}

/** A staff member of the bureau who manages nobody, made an executive of it. Returns their employee no. */
async function executiveWithoutReports(db: Db, bureauCode: string): Promise<string> {
  const [row] = await db.query<{ id: string; employee_no: string; bureau_id: string }>(sql`
    select e.id, e.employee_no, s.bureau_id from employee e join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
     where b.code = ${bureauCode} and e.active and e.employee_no like 'E%'
       and not exists (select 1 from employee r where r.manager_id = e.id)
     order by e.employee_no limit 1`);
  if (!row) throw new Error(`no staff in ${bureauCode}`);
  await db.query(
    sql`insert into role_assignment (employee_id, role, bureau_id) values (${row.id}, 'executive', ${row.bureau_id})`,
  );
  return row.employee_no;
}

export interface PrivacyPersonas {
  /** Executive of 情報通信局 (B03) who manages nobody. */
  execOnlyB03: string;
  /** Executive of 統計局 (B04) who manages nobody. */
  execOnlyB04: string;
  /** Executive of 消防庁 (B05) and of 関東総合通信局 (B06) who manages nobody. */
  execOnlyB05: string;
}

export async function seedPrivacyFixtures(db: Db): Promise<PrivacyPersonas> {
  await addRoom(db, 'B05', 'B05-9002', '二人室', 2);
  await addRoom(db, 'B06', 'B06-9001', '一人室', 1);
  await addRoom(db, 'B06', 'B06-9003', '三人室', 3);
  await recompute(db);
  const execOnlyB05 = await executiveWithoutReports(db, 'B05');
  const [b06] = await db.query<{ id: string }>(sql`select id from bureau where code = 'B06'`);
  await db.query(sql`
    insert into role_assignment (employee_id, role, bureau_id)
    select id, 'executive', ${b06?.id} from employee where employee_no = ${execOnlyB05}`);
  return {
    execOnlyB03: await executiveWithoutReports(db, 'B03'),
    execOnlyB04: await executiveWithoutReports(db, 'B04'),
    execOnlyB05,
  };
}

export { FIXTURE_MONTH };
