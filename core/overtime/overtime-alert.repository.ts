export { quietHoursOf } from '../org/preference.repository.ts';

import type { Db } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';
import { enqueueAll } from '../delivery/outbox.repository.ts';
import type { YearMonth } from '../shared/year-month.ts';
import type { AlertLevel, MonthlyMinutes } from './overtime.rules.ts';

/** A person-month that may have an alert due (the SQL prefilter keeps the rest out of JS). */
export interface AlertCandidate {
  employeeId: string;
  isManagerial: boolean;
  heteronomous: boolean;
  monthMinutes: number;
  inOfficeMinutes: number;
}

/**
 * People of the month whose figures can reach some level, read from the maintained tables only:
 * the month total reaching the lowest bar (45 h, or the pace bar), 在庁時間 at the 100 h level, the
 * year total at its cap, or for 他律部署 the last months' sum over the smallest average window's
 * limit or the months over 45 h at the count limit. Everyone else cannot have an alert due.
 */
export async function alertCandidates(
  db: Db,
  month: YearMonth,
  bars: {
    monthMinutes: number;
    inOfficeMinutes: number;
    standardAnnual: number;
    heteronomousAnnual: number;
    averageWindowFrom: YearMonth;
    averageWindowMinutes: number;
    monthsOverLimit: number;
  },
): Promise<AlertCandidate[]> {
  const first = `${month}-01`;
  const rows = await db.query<{
    employee_id: string;
    is_managerial: boolean;
    heteronomous: boolean;
    overtime_minutes: number;
    in_office_minutes: number;
  }>(sql`
    select m.employee_id, m.is_managerial, s.heteronomous, m.overtime_minutes, m.in_office_minutes
      from overtime_month m
      join section s on s.id = m.section_id
      left join overtime_year y on y.employee_id = m.employee_id
                               and y.fiscal_year = extract(year from ${first}::date - interval '3 months')::int
     where m.month = ${first}::date
       and (m.overtime_minutes >= ${bars.monthMinutes}
            or m.in_office_minutes >= ${bars.inOfficeMinutes}
            or coalesce(y.overtime_minutes, 0) >= case when s.heteronomous then ${bars.heteronomousAnnual}::int else ${bars.standardAnnual}::int end
            or (s.heteronomous and not m.is_managerial
                and (coalesce(y.months_over_45h, 0) >= ${bars.monthsOverLimit}
                     or (select sum(h.overtime_minutes) from overtime_month h
                          where h.employee_id = m.employee_id
                            and h.month between ${`${bars.averageWindowFrom}-01`}::date and ${first}::date) > ${bars.averageWindowMinutes})))`);
  return rows.map((r) => ({
    employeeId: r.employee_id,
    isManagerial: r.is_managerial,
    heteronomous: r.heteronomous,
    monthMinutes: r.overtime_minutes,
    inOfficeMinutes: r.in_office_minutes,
  }));
}

/** Monthly totals of these people from `from` to `to` (inclusive), by person. */
export async function monthlyHistory(
  db: Db,
  employeeIds: readonly string[],
  from: YearMonth,
  to: YearMonth,
): Promise<Map<string, MonthlyMinutes[]>> {
  const rows = await db.query<{ employee_id: string; month: string; overtime_minutes: number }>(sql`
    select employee_id, to_char(month, 'YYYY-MM') as month, overtime_minutes
      from overtime_month
     where employee_id = any(${employeeIds}::uuid[]) and month between ${`${from}-01`}::date and ${`${to}-01`}::date
     order by month`);
  const byPerson = new Map<string, MonthlyMinutes[]>();
  for (const r of rows) {
    const list = byPerson.get(r.employee_id) ?? [];
    list.push({ month: r.month, minutes: r.overtime_minutes });
    byPerson.set(r.employee_id, list);
  }
  return byPerson;
}

export interface NewAlert {
  employeeId: string;
  period: YearMonth;
  level: AlertLevel;
  valueMinutes: number;
  thresholdMinutes: number;
  detail: Record<string, unknown>;
  raisedOn: string;
  followUp: 'none' | 'open';
  managerId: string | null;
}

/**
 * Inserts the alerts that do not exist yet and returns their ids. The unique key (employee, period,
 * level) decides between concurrent runners: only the one whose row went in gets an id back.
 */
export async function insertAlerts(
  tx: Db,
  alerts: readonly NewAlert[],
): Promise<{ id: number; employeeId: string; level: AlertLevel }[]> {
  if (alerts.length === 0) return [];
  return tx.query<{ id: number; employeeId: string; level: AlertLevel }>(sql`
    insert into overtime_alert (employee_id, period, level, value_minutes, threshold_minutes, detail, raised_on, follow_up, manager_id)
    select * from unnest(${alerts.map((a) => a.employeeId)}::uuid[], ${alerts.map((a) => `${a.period}-01`)}::date[],
                         ${alerts.map((a) => a.level)}::text[], ${alerts.map((a) => a.valueMinutes)}::int[],
                         ${alerts.map((a) => a.thresholdMinutes)}::int[], ${alerts.map((a) => JSON.stringify(a.detail))}::jsonb[],
                         ${alerts.map((a) => a.raisedOn)}::date[], ${alerts.map((a) => a.followUp)}::text[],
                         ${alerts.map((a) => a.managerId)}::uuid[])
    on conflict (employee_id, period, level) do nothing
    returning id, employee_id as "employeeId", level`);
}

export type AlertMessageKind = 'alert' | 'health_notice' | 'reminder' | 'escalation';

export interface NewAlertMessage {
  alertId: number;
  recipientId: string;
  /** The recipient's Entra object id; without one the outbox records no_conversation (listed in the tab). */
  oid: string | null;
  kind: AlertMessageKind;
  urgent: boolean;
  notBefore: Date;
}

/**
 * The outbox key of a message about an alert: (overtime.alert, `alertId:kind`, employee id).
 * Once per (alert, recipient, kind), whoever enqueues it; the card is rendered when it is sent
 * (overtime-alert.purpose.ts), so a card held by quiet hours shows the alert as it is then.
 */
export const alertMessageKey = (alertId: number, kind: AlertMessageKind) => `${alertId}:${kind}`;

/** Every key an alert's messages can have (equality, so the outbox's subject index answers). */
export const alertMessageKeys = (alertId: number): string[] =>
  (['alert', 'health_notice', 'reminder', 'escalation'] as const).map((k) => alertMessageKey(alertId, k));

export async function enqueueAlertMessages(tx: Db, rows: readonly NewAlertMessage[]): Promise<void> {
  await enqueueAll(
    tx,
    rows.map((m) => ({
      purpose: 'overtime.alert',
      subject: alertMessageKey(m.alertId, m.kind),
      recipient: m.recipientId,
      aadObjectId: m.oid,
      priority: m.urgent ? ('urgent' as const) : ('personal' as const),
      // Quiet hours: the outbox holds the message until then (its ready_at).
      notBefore: m.notBefore,
    })),
  );
}

/**
 * Why a person got a message about an alert, derived from the alert (the outbox row says who and
 * what kind): the employee, the manager of the time, the manager's manager after escalation, or a
 * bureau WLB officer.
 */
export const recipientRoleSql = fragment`case when d.recipient = a.employee_id::text then 'employee'
  when split_part(d.subject, ':', 2) = 'escalation' then 'escalation'
  when d.recipient = a.manager_id::text then 'manager' else 'wlb_officer' end`;

/** Cards already in people's chats for an alert (to update them all when someone acts). */
export async function sentCards(
  db: Db,
  alertId: number,
): Promise<
  {
    recipientId: string;
    recipientRole: string;
    kind: string;
    conversationId: string;
    activityId: string;
    locale: 'ja' | 'en';
    oid: string | null;
  }[]
> {
  return db.query(sql`
    select e.id as "recipientId", ${recipientRoleSql} as "recipientRole", split_part(d.subject, ':', 2) as kind,
           d.conversation_id as "conversationId", d.activity_id as "activityId", e.locale, e.entra_oid::text as oid
      from delivery d
      join overtime_alert a on a.id = ${alertId}
      join employee e on e.id::text = d.recipient
     where d.purpose = 'overtime.alert' and d.op = 'send' and d.subject = any(${alertMessageKeys(alertId)}::text[])
       and d.state = 'sent' and d.activity_id is not null and d.subject <> ${alertMessageKey(alertId, 'health_notice')}
     order by d.id`);
}

/** People's Entra object ids and languages (for the outbox row and the card). */
export async function recipientsOf(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { oid: string | null; locale: 'ja' | 'en' }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; oid: string | null; locale: 'ja' | 'en' }>(
    sql`select id, entra_oid::text as oid, locale from employee where id = any(${ids}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, { oid: r.oid, locale: r.locale }]));
}

/** Bureau WLB officers (局WLB担当) of a bureau. */
export async function wlbOfficersOf(
  db: Db,
  bureauIds: readonly string[],
): Promise<{ bureauId: string; employeeId: string }[]> {
  if (bureauIds.length === 0) return [];
  return db.query(sql`
    select distinct r.bureau_id as "bureauId", r.employee_id as "employeeId"
      from role_assignment r join employee e on e.id = r.employee_id and e.active
     where r.role = 'wlb_officer' and r.bureau_id = any(${bureauIds}::uuid[])`);
}
