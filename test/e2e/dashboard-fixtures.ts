import type { Db } from '../../core/db/db.ts';
import { fragment, sql } from '../../core/db/sql.ts';
import { writeDemoOrg } from '../../core/demo/demo.seed.ts';

/**
 * Dashboard test data on top of the demo ministry: per-person monthly overtime for 13 months
 * (the aggregates recomputed from them as the import does), three tiny sections in 統計局 (B04) to
 * test the group-size floor at its boundary (3, 4 and 5 people; the 4-person one managed entirely by
 * its chief S-FLOOR-4-0), a 100 h alert, annual leave taken, and one leave campaign.
 */

export const FIXTURE_MONTH = '2026-10';
export const FIXTURE_LAST_YEAR = '2025-10';

/** Deterministic minutes per person and month, with a few people at 100 h and more. */
const minutesExpr = (month: string) => fragment`
  (case when e.employee_no = 'D00003' and ${month}::text = ${FIXTURE_MONTH}::text then 6300
        else (abs(hashtext(e.employee_no || ${month}::text)) % 95) * 60 end)`;

async function addSmallSections(db: Db): Promise<void> {
  const [b04] = await db.query<{ id: string }>(sql`select id from bureau where code = 'B04'`);
  const [head] = await db.query<{ id: string }>(sql`
    select e.id from employee e join section s on s.id = e.section_id
     where s.bureau_id = ${b04?.id} and e.manager_id is null limit 1`);
  for (const size of [3, 4, 5]) {
    const [section] = await db.query<{ id: string }>(sql`
      insert into section (bureau_id, code, name) values (${b04?.id}, ${`B04-9${size}`}, ${`小規模${size}人室`}) returning id`);
    let chiefId: string | null = null;
    for (let i = 0; i < size; i++) {
      const [e]: { id: string }[] = await db.query<{ id: string }>(sql`
        insert into employee (employee_no, entra_oid, family_name, given_name, section_id, manager_id, is_managerial)
        values (${`S-FLOOR-${size}-${i}`}, gen_random_uuid(), '床', ${`${size}-${i}`}, ${section?.id},
                ${size === 4 ? (i === 0 ? head?.id : chiefId) : head?.id}, false)
        returning id`);
      if (i === 0) chiefId = e?.id ?? null;
    }
  }
}

async function addMonths(db: Db, months: string[]): Promise<void> {
  for (const month of months) {
    await db.query(sql`
      insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, in_office_minutes, days_recorded, last_work_date)
      select e.id, ${`${month}-01`}::date, e.section_id, e.is_managerial, ${minutesExpr(month)}, 0, 20,
             (${`${month}-01`}::date + interval '1 month - 1 day')::date
        from employee e where e.active`);
  }
  // The maintained aggregates, recomputed as the attendance import does.
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

async function addAlertsLeaveCampaign(db: Db): Promise<void> {
  const [d3] = await db.query<{ id: string; manager_id: string }>(
    sql`select id, manager_id from employee where employee_no = 'D00003'`,
  );
  await db.query(sql`
    insert into overtime_alert (employee_id, period, level, value_minutes, threshold_minutes, raised_on, follow_up, manager_id)
    values (${d3?.id}, ${`${FIXTURE_MONTH}-01`}::date, 'month100', 6300, 6000, ${`${FIXTURE_MONTH}-28`}::date, 'open', ${d3?.manager_id})`);
  // Everyone took 3 days of annual leave in the year; D00003 took 6.
  for (const day of ['2026-02-02', '2026-05-07', '2026-08-13'])
    await db.query(
      sql`insert into leave_taken (employee_id, day, kind, days) select id, ${day}::date, 'annual', 1 from employee where active`,
    );
  for (const day of ['2026-03-02', '2026-06-01', '2026-09-01'])
    await db.query(
      sql`insert into leave_taken (employee_id, day, kind, days) values (${d3?.id}, ${day}::date, 'annual', 1)`,
    );
  const [campaign] = await db.query<{ id: string }>(sql`
    insert into leave_campaign (kind, title, period_start, period_end, opening_date, deadline, message_ja, allowed_kinds)
    values ('summer', '夏季休暇 2026', '2026-07-01', '2026-09-30', '2026-06-01', '2026-06-20', '計画を提出してください', '{annual_full,summer}')
    returning id`);
  await db.query(
    sql`insert into leave_campaign_target (campaign_id, target_type, target_id) select ${campaign?.id}, 'ministry', id from ministry`,
  );
  // Half of 統計局 (B04) answered.
  await db.query(sql`
    insert into leave_plan (campaign_id, employee_id, current_version)
    select ${campaign?.id}, e.id, 1 from employee e join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
     where b.code = 'B04' and e.active and abs(hashtext(e.employee_no)) % 2 = 0`);
}

/**
 * Start the app with `seedDemo: false` and call this: the demo org alone (not the other capabilities'
 * demo data, which would change the figures), then the fixtures.
 */
export async function seedDashboardFixtures(db: Db): Promise<void> {
  await writeDemoOrg(db, 300);
  await addSmallSections(db);
  const months: string[] = [];
  for (let i = 0; i < 13; i++) {
    const d = new Date(Date.UTC(2026, 9 - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  months.push('2025-09', '2025-08');
  await addMonths(db, [...new Set(months)]);
  await addAlertsLeaveCampaign(db);
}
