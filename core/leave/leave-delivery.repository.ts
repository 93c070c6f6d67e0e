export { quietHoursOf } from '../org/preference.repository.ts';

import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';

/**
 * The chief(s) of a section (課長): the top managers whose direct reports all sit in the section.
 * A 局長 placed in the section has reports in other sections too, and a 課長補佐's own manager is
 * a chief already, so neither is picked.
 */
export async function sectionChiefs(
  db: Db,
  sectionId: string,
): Promise<{ id: string; entraOid: string | null; locale: 'ja' | 'en' }[]> {
  return db.query(sql`
    with candidate as (
      select e.id, e.manager_id from employee e
       where e.section_id = ${sectionId} and e.active and e.is_managerial
         and exists (select 1 from employee r where r.manager_id = e.id and r.active)
         and not exists (select 1 from employee r where r.manager_id = e.id and r.active and r.section_id <> ${sectionId}))
    select e.id, e.entra_oid::text as "entraOid", e.locale
      from candidate c join employee e on e.id = c.id
     where c.manager_id is null or c.manager_id not in (select id from candidate)
     order by e.employee_no`);
}
