import type { Db } from '../db/db.ts';
import { prepared, sql } from '../db/sql.ts';
import type { YearMonth } from '../shared/year-month.ts';
import type { FollowUpActionId } from './doctor-interview.notice.ts';
import type { AlertLevel } from './overtime.rules.ts';
import { alertMessageKeys, recipientRoleSql } from './overtime-alert.repository.ts';

/** Everything a card about one alert shows: the person, the months, the follow-up so far. */
export interface AlertView {
  id: number;
  level: AlertLevel;
  period: YearMonth;
  valueMinutes: number;
  thresholdMinutes: number;
  detail: Record<string, unknown>;
  raisedOn: string;
  followUp: 'none' | 'open' | 'acted';
  managerId: string | null;
  escalatedTo: string | null;
  employee: {
    id: string;
    name: string;
    employeeNo: string;
    sectionName: string;
    bureauId: string;
    bureauName: string;
    managerId: string | null;
  };
  managerName: string | null;
  /** The six months up to the alert's month, oldest first (months without data count 0). */
  months: { month: YearMonth; minutes: number }[];
  actions: { action: FollowUpActionId; comment: string | null; actorName: string; at: string }[];
}

interface AlertViewRecord {
  id: number;
  level: AlertLevel;
  period: string;
  value_minutes: number;
  threshold_minutes: number;
  detail: Record<string, unknown>;
  raised_on: string;
  follow_up: AlertView['followUp'];
  manager_id: string | null;
  escalated_to: string | null;
  employee_id: string;
  name: string;
  employee_no: string;
  section_name: string;
  bureau_id: string;
  bureau_name: string;
  employee_manager_id: string | null;
  manager_name: string | null;
  months: { month: string; minutes: number }[] | null;
  actions: { action: FollowUpActionId; comment: string | null; actor_name: string; at: string }[] | null;
}

/** An alert's view, selected from `overtime_alert a` joined by ALERT_VIEW_FROM. */
export const ALERT_VIEW_COLUMNS = `
    a.id, a.level, to_char(a.period, 'YYYY-MM') as period, a.value_minutes, a.threshold_minutes, a.detail,
    a.raised_on::text as raised_on, a.follow_up, a.manager_id, a.escalated_to,
    e.id as employee_id, e.family_name || ' ' || e.given_name as name, e.employee_no, s.name as section_name,
    b.id as bureau_id, b.name as bureau_name, e.manager_id as employee_manager_id,
    m.family_name || ' ' || m.given_name as manager_name,
    (select json_agg(json_build_object('month', to_char(g.month, 'YYYY-MM'),
                                       'minutes', coalesce(om.overtime_minutes, 0)) order by g.month)
       from generate_series(a.period::timestamp - interval '5 months', a.period::timestamp, interval '1 month') as g(month)
       left join overtime_month om on om.employee_id = a.employee_id and om.month = g.month::date) as months,
    (select json_agg(json_build_object('action', x.action, 'comment', x.comment,
                                       'actor_name', xe.family_name || ' ' || xe.given_name,
                                       'at', x.at::text) order by x.id)
       from overtime_alert_action x join employee xe on xe.id = x.actor_id
      where x.alert_id = a.id) as actions`;

export const ALERT_VIEW_FROM = `
      from overtime_alert a
      join employee e on e.id = a.employee_id
      join section s on s.id = e.section_id
      join bureau b on b.id = s.bureau_id
      left join employee m on m.id = a.manager_id`;

/** A row of ALERT_VIEW_COLUMNS (as the driver gives it, or as json_agg of such rows does). */
export function toAlertView(a: AlertViewRecord): AlertView {
  return {
    id: Number(a.id),
    level: a.level,
    period: a.period,
    valueMinutes: a.value_minutes,
    thresholdMinutes: a.threshold_minutes,
    detail: a.detail,
    raisedOn: a.raised_on,
    followUp: a.follow_up,
    managerId: a.manager_id,
    escalatedTo: a.escalated_to,
    employee: {
      id: a.employee_id,
      name: a.name,
      employeeNo: a.employee_no,
      sectionName: a.section_name,
      bureauId: a.bureau_id,
      bureauName: a.bureau_name,
      managerId: a.employee_manager_id,
    },
    managerName: a.manager_name,
    months: a.months ?? [],
    actions: (a.actions ?? []).map((x) => ({
      action: x.action,
      comment: x.comment,
      actorName: x.actor_name,
      at: x.at,
    })),
  };
}

/** One statement: the alert, its six months and its follow-up (each card a bot turn sends waits for it). */
export async function loadAlertView(db: Db, alertId: number): Promise<AlertView | undefined> {
  const [a] = await db.query<AlertViewRecord>(
    prepared('alert-view', {
      text: `select ${ALERT_VIEW_COLUMNS} ${ALERT_VIEW_FROM} where a.id = $1`,
      values: [alertId],
    }),
  );
  return a ? toAlertView(a) : undefined;
}

/** What was sent about an alert to one person (kind and why), for a card refresh to answer with the same kind. */
export async function deliveriesTo(
  db: Db,
  alertId: number,
  recipientId: string,
): Promise<{ kind: 'alert' | 'health_notice' | 'reminder' | 'escalation'; role: string }[]> {
  return db.query(sql`
    select split_part(d.subject, ':', 2) as kind, ${recipientRoleSql} as role
      from delivery d join overtime_alert a on a.id = ${alertId}
     where d.purpose = 'overtime.alert' and d.op = 'send' and d.subject = any(${alertMessageKeys(alertId)}::text[]) and d.recipient = ${recipientId}
     order by case split_part(d.subject, ':', 2) when 'escalation' then 0 when 'reminder' then 1 when 'alert' then 2 else 3 end`);
}
