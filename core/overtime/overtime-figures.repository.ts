import type { AlertListItem } from '../../contracts/tab-api/overtime.contract.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { YearMonth } from '../shared/year-month.ts';

export type { AlertListItem };

/**
 * Alerts of the given people (a manager's subtree), plus the 100 h alerts of the given bureaus (a WLB
 * officer's: SPEC §3 sends them the 100 h card). Nobody else gets named alerts.
 */
export async function alertList(
  db: Db,
  scope: { employeeIds: readonly string[]; wlbBureauIds: readonly string[] },
  filter: { openOnly: boolean; month?: YearMonth },
): Promise<AlertListItem[]> {
  return db.query<AlertListItem>(sql`
    select a.id, a.level, to_char(a.period, 'YYYY-MM') as period, a.value_minutes as "valueMinutes", a.raised_on::text as "raisedOn",
           a.follow_up as "followUp", e.id as "employeeId", e.family_name || ' ' || e.given_name as "employeeName",
           s.name as "sectionName", s.bureau_id as "bureauId", m.family_name || ' ' || m.given_name as "managerName",
           a.acted_at::text as "actedAt", a.reminded_at::text as "remindedAt", a.escalated_at::text as "escalatedAt",
           (select x.action from overtime_alert_action x where x.alert_id = a.id order by x.id desc limit 1) as "lastAction",
           (select count(*)::int from delivery d where d.purpose = 'overtime.alert' and d.op = 'send' and d.subject in (a.id || ':alert', a.id || ':health_notice', a.id || ':reminder', a.id || ':escalation')
                                      and d.state in ('no_conversation', 'undeliverable')) as unreachable
      from overtime_alert a
      join employee e on e.id = a.employee_id
      join section s on s.id = e.section_id
      left join employee m on m.id = a.manager_id
     where (e.id = any(${scope.employeeIds}::uuid[]) or (a.level = 'month100' and s.bureau_id = any(${scope.wlbBureauIds}::uuid[])))
       and (not ${filter.openOnly}::boolean or a.follow_up = 'open')
       and (${filter.month ?? null}::text is null or a.period = (${filter.month ?? null}::text || '-01')::date)
     order by a.raised_on desc, a.id desc
     limit 500`);
}
