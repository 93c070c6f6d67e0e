export { quietHoursOf } from '../org/preference.repository.ts';

import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { AlertLevel, MonthlyMinutes } from './overtime.rules.ts';
import type { YearMonth } from '../shared/year-month.ts';

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

export interface NewDelivery {
  alertId: number;
  recipientId: string;
  recipientRole: string;
  kind: 'alert' | 'health_notice' | 'reminder' | 'escalation';
  notBefore: Date;
}

export async function insertDeliveries(tx: Db, rows: readonly NewDelivery[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(sql`
    insert into overtime_alert_delivery (alert_id, recipient_id, recipient_role, kind, status, not_before)
    select a, r, role, k, 'pending', nb
      from unnest(${rows.map((d) => d.alertId)}::bigint[], ${rows.map((d) => d.recipientId)}::uuid[],
                  ${rows.map((d) => d.recipientRole)}::text[], ${rows.map((d) => d.kind)}::text[],
                  ${rows.map((d) => d.notBefore.toISOString())}::timestamptz[]) as t(a, r, role, k, nb)
    on conflict (alert_id, recipient_id, kind) do nothing`);
}

export interface ClaimedDelivery {
  alertId: number;
  recipientId: string;
  recipientRole: string;
  kind: NewDelivery['kind'];
  oid: string | null;
  locale: 'ja' | 'en';
}

/**
 * Claims the deliveries due now (pending with not_before passed, or left in 'sending' by a runner
 * that died two minutes ago): the UPDATE … WHERE status makes each claim exclusive between runners.
 * Taking a dead runner's claim over never sends twice: the card is keyed in the outbox, and one
 * already queued there went out within seconds of the crash (its lease returned it).
 */
export async function claimDueDeliveries(db: Db, now: Date, limit = 500): Promise<ClaimedDelivery[]> {
  return db.query<ClaimedDelivery>(sql`
    with due as (
      select alert_id, recipient_id, kind from overtime_alert_delivery
       where (status = 'pending' and not_before <= ${now.toISOString()}::timestamptz)
          or (status = 'sending' and claimed_at < ${now.toISOString()}::timestamptz - interval '2 minutes')
       order by not_before
       limit ${limit}
       for update skip locked
    )
    update overtime_alert_delivery d set status = 'sending', claimed_at = ${now.toISOString()}::timestamptz
      from due, employee e
     where d.alert_id = due.alert_id and d.recipient_id = due.recipient_id and d.kind = due.kind and e.id = d.recipient_id
    returning d.alert_id as "alertId", d.recipient_id as "recipientId", d.recipient_role as "recipientRole", d.kind,
              e.entra_oid::text as oid, e.locale`);
}

export async function markDelivery(
  db: Db,
  key: { alertId: number; recipientId: string; kind: string },
  outcome: {
    status: 'sent' | 'no_conversation' | 'failed' | 'pending';
    activityId?: string;
    conversationId?: string;
    error?: string;
  },
  now: Date,
): Promise<void> {
  await db.query(sql`
    update overtime_alert_delivery
       set status = ${outcome.status}, activity_id = coalesce(${outcome.activityId ?? null}, activity_id),
           conversation_id = coalesce(${outcome.conversationId ?? null}, conversation_id), error = ${outcome.error ?? null},
           sent_at = case when ${outcome.status} = 'sent' then ${now.toISOString()}::timestamptz else sent_at end
     where alert_id = ${key.alertId} and recipient_id = ${key.recipientId} and kind = ${key.kind}`);
}

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
    select d.recipient_id as "recipientId", d.recipient_role as "recipientRole", d.kind, d.conversation_id as "conversationId",
           d.activity_id as "activityId", e.locale, e.entra_oid::text as oid
      from overtime_alert_delivery d join employee e on e.id = d.recipient_id
     where d.alert_id = ${alertId} and d.status = 'sent' and d.activity_id is not null and d.kind <> 'health_notice'`);
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

/** The newest alerts still waiting for this manager's (or escalation recipient's) follow-up. */
export async function openAlertIdsFor(db: Db, managerId: string, limit: number): Promise<{ id: number }[]> {
  return db.query<{ id: number }>(sql`
    select id from overtime_alert where follow_up = 'open' and (manager_id = ${managerId} or escalated_to = ${managerId})
     order by raised_on desc limit ${limit}`);
}
