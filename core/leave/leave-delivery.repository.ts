export { quietHoursOf } from '../org/preference.repository.ts';

import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { SendOutcome } from '../shared/messenger.ts';

/**
 * Claims one reminder slot for one person. The primary key (campaign, employee, slot) lets exactly
 * one claimant win, however many job runners race; the loser gets false. A claim left by a runner
 * that died is taken over after 10 minutes: the card itself is keyed in the outbox (core/delivery),
 * so taking over never sends it twice, and a card already queued goes out within seconds anyway.
 */
export async function claimReminder(
  db: Db,
  campaignId: string,
  employeeId: string,
  slot: string,
): Promise<boolean> {
  const rows = await db.query(sql`
    insert into leave_reminder_delivery as r (campaign_id, employee_id, slot) values (${campaignId}, ${employeeId}, ${slot})
    on conflict (campaign_id, employee_id, slot) do update set claimed_at = now()
      where r.status = 'claimed' and r.claimed_at < now() - interval '10 minutes'
    returning 1 as claimed`);
  return rows.length === 1;
}

export async function recordReminderOutcome(
  db: Db,
  key: { campaignId: string; employeeId: string; slot: string },
  outcome: SendOutcome,
): Promise<void> {
  await db.query(sql`
    update leave_reminder_delivery
       set status = ${outcome.ok ? 'sent' : 'undeliverable'}, reason = ${outcome.ok ? null : outcome.reason},
           conversation_id = ${outcome.ok ? outcome.conversationId : null}, activity_id = ${outcome.ok ? outcome.activityId : null},
           sent_at = now()
     where campaign_id = ${key.campaignId} and employee_id = ${key.employeeId} and slot = ${key.slot}`);
}

/** A send that failed for a passing reason (network, 5xx): give the slot back for the next run. */
export async function releaseReminder(
  db: Db,
  key: { campaignId: string; employeeId: string; slot: string },
): Promise<void> {
  await db.query(sql`delete from leave_reminder_delivery
                      where campaign_id = ${key.campaignId} and employee_id = ${key.employeeId} and slot = ${key.slot} and status = 'claimed'`);
}

export async function claimNudge(
  db: Db,
  year: number,
  recipientId: string,
  audience: 'employee' | 'manager',
): Promise<boolean> {
  const rows = await db.query(sql`
    insert into leave_nudge_delivery as n (year, recipient_id, audience) values (${year}, ${recipientId}, ${audience})
    on conflict (year, recipient_id, audience) do update set claimed_at = now()
      where n.status = 'claimed' and n.claimed_at < now() - interval '10 minutes'
    returning 1 as claimed`);
  return rows.length === 1;
}

export async function recordNudgeOutcome(
  db: Db,
  year: number,
  recipientId: string,
  audience: string,
  ok: boolean,
): Promise<void> {
  await db.query(sql`update leave_nudge_delivery set status = ${ok ? 'sent' : 'undeliverable'}
                      where year = ${year} and recipient_id = ${recipientId} and audience = ${audience}`);
}

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
