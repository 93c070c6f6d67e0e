import { z } from 'zod';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';
import { tokyoDateOf } from '../shared/calendar.ts';
import { AppError } from '../shared/errors.ts';
import { FOLLOW_UP_ACTIONS } from './doctor-interview.notice.ts';
import { overtimeMessages } from './overtime.messages.ts';
import { followUpDates } from './overtime.rules.ts';
import { enqueueAlertMessages, quietHoursOf, recipientsOf, sentCards } from './overtime-alert.repository.ts';
import { type AlertView, loadAlertView } from './overtime-alert-view.repository.ts';
import type { OvertimeDeps } from './overtime-alerts.service.ts';
import { sendableFrom } from './overtime-delivery.rules.ts';

const actionIds = FOLLOW_UP_ACTIONS.map((a) => a.id) as [string, ...string[]];

/** The Action.Execute payload of the 100 h card. `version` = follow-ups recorded when the card was drawn. */
export const followUpInputSchema = z.object({
  alertId: z.number().int().positive(),
  action: z.enum(actionIds),
  version: z.number().int().min(0),
  comment: z.string().trim().max(1000).optional(),
});
export type FollowUpInput = z.infer<typeof followUpInputSchema>;

export type FollowUpOutcome = { kind: 'recorded' | 'stale'; view: AlertView };

/** Who may act on an alert: the manager it went to, and after escalation the manager's manager. */
export function mayAct(view: Pick<AlertView, 'managerId' | 'escalatedTo'>, employeeId: string): boolean {
  return employeeId === view.managerId || employeeId === view.escalatedTo;
}

/**
 * The alert is answered: who acted first and when stay recorded (a follow-up also marks the alert
 * `acted`), and the act is audited. Runs in the caller's transaction.
 */
export async function markActed(
  tx: Db,
  act: { alertId: number; actorId: string; at: string; followUp: boolean },
  audit: { action: string; detail: Record<string, unknown> },
): Promise<void> {
  await tx.query(sql`
    update overtime_alert set ${act.followUp ? fragment`follow_up = 'acted', ` : fragment``}acted_by = coalesce(acted_by, ${act.actorId}::uuid),
                              acted_at = coalesce(acted_at, ${act.at}::timestamptz)
     where id = ${act.alertId}`);
  await writeAudit(tx, {
    actorId: act.actorId,
    action: audit.action,
    targetType: 'overtime_alert',
    targetId: String(act.alertId),
    detail: audit.detail,
  });
}

/**
 * Records one follow-up. The alert row is locked, so two clicks race cleanly: the card's version
 * must equal the number of follow-ups already recorded, otherwise the click is stale (a replay, or
 * someone acted meanwhile) and nothing is written. Someone the alert was not for is refused.
 */
export async function recordFollowUp(
  deps: OvertimeDeps,
  actor: { id: string; locale: 'ja' | 'en' },
  input: FollowUpInput,
): Promise<FollowUpOutcome> {
  const t = overtimeMessages(actor.locale);
  if (input.action === 'comment' && !input.comment)
    throw new AppError('bad_request', t.commentRequired, [{ where: 'comment', message: t.commentRequired }]);
  const kind = await deps.db.transaction(async (tx) => {
    const [alert] = await tx.query<{
      manager_id: string | null;
      escalated_to: string | null;
      level: string;
      actions: number;
    }>(sql`
      select a.manager_id, a.escalated_to, a.level,
             (select count(*)::int from overtime_alert_action x where x.alert_id = a.id) as actions
        from overtime_alert a where a.id = ${input.alertId} for update`);
    if (alert?.level !== 'month100') throw new AppError('not_found', t.noAlert);
    if (!mayAct({ managerId: alert.manager_id, escalatedTo: alert.escalated_to }, actor.id))
      throw new AppError('forbidden', t.notYours);
    if (alert.actions !== input.version) return 'stale' as const;
    const at = deps.now().toISOString();
    await tx.query(sql`
      insert into overtime_alert_action (alert_id, actor_id, action, comment, at)
      values (${input.alertId}, ${actor.id}, ${input.action}, ${input.comment ?? null}, ${at}::timestamptz)`);
    await markActed(
      tx,
      { alertId: input.alertId, actorId: actor.id, at, followUp: true },
      { action: 'overtime.follow_up', detail: { action: input.action, hasComment: Boolean(input.comment) } },
    );
    return 'recorded' as const;
  });
  const view = await loadAlertView(deps.db, input.alertId);
  if (!view) throw new AppError('not_found', t.noAlert);
  if (kind === 'recorded') await refreshOtherCards(deps, view, actor.id);
  return { kind, view };
}

/** Everyone else who got a card about the alert sees the follow-up ("対応済み") in place. */
async function refreshOtherCards(deps: OvertimeDeps, view: AlertView, actorId: string): Promise<void> {
  const settings = await deps.settings();
  for (const c of await sentCards(deps.db, view.id)) {
    if (c.recipientId === actorId && c.kind === 'alert') continue;
    const recipient = { id: c.recipientId, oid: c.oid, locale: c.locale };
    const card =
      c.kind === 'reminder' || c.kind === 'escalation'
        ? deps.cards.followUpReminder(view, recipient, c.kind, settings)
        : deps.cards.alert100(view, recipient, settings);
    try {
      await deps.messenger.updateCard(c.conversationId, c.activityId, card, { purpose: 'overtime.alert' });
    } catch (err) {
      // The record is what counts; a card left unrefreshed catches up through its refresh action.
      deps.logger.warn({ err, alertId: view.id }, 'could not update an overtime card');
    }
  }
}

/**
 * The daily follow-up: a 100 h alert with nothing recorded gets a reminder to the manager after N
 * working days, then goes to the manager's manager N working days later. Each step happens once
 * (the UPDATE … WHERE reminded_at IS NULL decides between runners).
 */
export async function runFollowUps(deps: OvertimeDeps): Promise<{ reminded: number; escalated: number }> {
  const settings = await deps.settings();
  const now = deps.now();
  const today = tokyoDateOf(now);
  const open = await deps.db.query<{
    id: number;
    raised_on: string;
    reminded: boolean;
    manager_id: string;
    grand_manager_id: string | null;
  }>(sql`
    select a.id, a.raised_on::text as raised_on, a.reminded_at is not null as reminded, a.manager_id, m.manager_id as grand_manager_id
      from overtime_alert a join employee m on m.id = a.manager_id
     where a.follow_up = 'open' and a.escalated_at is null`);
  let reminded = 0;
  let escalated = 0;
  for (const a of open) {
    const { reminderOn, escalationOn } = followUpDates(a.raised_on, settings);
    await deps.db.transaction(async (tx) => {
      let to: { id: string; role: string; kind: 'reminder' | 'escalation' } | undefined;
      if (!a.reminded && today >= reminderOn) {
        const rows = await tx.query(sql`
          update overtime_alert set reminded_at = ${now.toISOString()}::timestamptz
           where id = ${a.id} and reminded_at is null and follow_up = 'open' returning id`);
        if (rows.length > 0) to = { id: a.manager_id, role: 'manager', kind: 'reminder' };
      } else if (a.reminded && today >= escalationOn && a.grand_manager_id) {
        const rows = await tx.query(sql`
          update overtime_alert set escalated_at = ${now.toISOString()}::timestamptz, escalated_to = ${a.grand_manager_id}
           where id = ${a.id} and escalated_at is null and follow_up = 'open' returning id`);
        if (rows.length > 0) to = { id: a.grand_manager_id, role: 'escalation', kind: 'escalation' };
      }
      if (!to) return;
      if (to.kind === 'reminder') reminded++;
      else escalated++;
      const quiet = (await quietHoursOf(tx, [to.id])).get(to.id)!;
      await enqueueAlertMessages(tx, [
        {
          alertId: a.id,
          recipientId: to.id,
          oid: (await recipientsOf(tx, [to.id])).get(to.id)?.oid ?? null,
          kind: to.kind,
          urgent: false,
          notBefore: sendableFrom(now, quiet),
        },
      ]);
    });
  }
  return { reminded, escalated };
}
