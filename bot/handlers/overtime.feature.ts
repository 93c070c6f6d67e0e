import { z } from 'zod';
import { auditPersonalReadBy, auditPersonalReadsBy } from '../../core/access/scope.ts';
import type { Db } from '../../core/db/db.ts';
import { overtimeMessages } from '../../core/overtime/overtime.messages.ts';
import {
  type AlertView,
  deliveriesTo,
  loadAlertView,
} from '../../core/overtime/overtime-alert-view.repository.ts';
import type { OvertimeDeps } from '../../core/overtime/overtime-alerts.service.ts';
import {
  followUpInputSchema,
  mayAct,
  recordFollowUp,
} from '../../core/overtime/overtime-follow-up.service.ts';
import {
  type OvertimeCommandFigures,
  overtimeCommandRead,
  overtimeCommandView,
} from '../../core/overtime/overtime-summary.service.ts';
import {
  designateInputSchema,
  designateSpecialDuty,
  requestInterview,
} from '../../core/overtime/special-duty.service.ts';
import { AppError } from '../../core/shared/errors.ts';
import { type CardJson, cardAttachment } from '../cards/cards.ts';
import {
  alert100Card,
  FOLLOW_UP_VERB,
  overtimeCards,
  overtimeSummaryCard,
  REFRESH_VERB,
} from '../cards/overtime/overtime.cards.ts';
import { INTERVIEW_VERB, SPECIAL_DUTY_VERB, specialDutyCard } from '../cards/overtime/special-duty.cards.ts';
import type { BotFeature } from './bot-feature.ts';
import { parsePayload, requireEmployee, requireEmployeeRead } from './turn-user.ts';

const refreshPayload = z.object({ alertId: z.coerce.number().int().positive() });

/** A one-line answer that replaces the card. */
const noticeCard = (text: string) => ({
  type: 'AdaptiveCard' as const,
  version: '1.5',
  body: [{ type: 'TextBlock', text, wrap: true }],
});

/** The 100 h card shows another person's hours: every time the bot shows it, that read is audited. */
const alertRead = (view: AlertView, action: string) => ({
  action,
  subjectIds: [view.employee.id],
  targetType: 'overtime_alert',
  targetId: String(view.id),
  detail: { channel: 'bot' },
});
const auditAlertRead = (db: Db, readerId: string, view: AlertView, action: string) =>
  auditPersonalReadBy(db, readerId, alertRead(view, action));

/** 残業 / overtime, and the 100 h card's follow-up buttons and refresh. Thin: core/overtime does the work. */
export function overtimeFeature(deps: OvertimeDeps): BotFeature {
  return {
    commands: [
      {
        names: ['残業', 'ざんぎょう', '超勤', 'overtime'],
        // The summary, the settings and the 100 h alerts still waiting for this person (a manager
        // gets those cards again, buttons included): read with the turn's identity, one round trip.
        read: () => overtimeCommandRead(deps.now(), 3),
        async run(context, user, _args, figures?: OvertimeCommandFigures) {
          const { employee, read } = requireEmployeeRead(user, figures);
          const { summary, settings, openAlerts } = overtimeCommandView(
            { heteronomous: employee.section.heteronomous },
            read,
          );
          // The 100 h cards show other people's hours: their reads go on record (one insert, a
          // commit: the longest wait of this turn) while the summary is sent; the cards go out only
          // once the reads are on record.
          const audited = auditPersonalReadsBy(
            deps.db,
            employee.id,
            openAlerts.map((view) => alertRead(view, 'overtime.alert.read')),
          );
          // Observed below; if the summary's send fails first, this rejection is not left unhandled.
          audited.catch(() => {});
          await context.sendActivity({
            attachments: [cardAttachment(overtimeSummaryCard(summary, user.locale, settings))],
          });
          await audited;
          const recipient = { id: employee.id, oid: user.aadObjectId ?? null, locale: user.locale };
          for (const view of openAlerts)
            await context.sendActivity({
              attachments: [cardAttachment(alert100Card(view, recipient, settings))],
            });
        },
      },
    ],
    actions: [
      {
        verb: FOLLOW_UP_VERB,
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          const input = parsePayload(followUpInputSchema, data, user);
          const { kind, view } = await recordFollowUp(deps, { id: employee.id, locale: user.locale }, input);
          await auditAlertRead(deps.db, employee.id, view, 'overtime.alert.read');
          const t = overtimeMessages(user.locale);
          return alert100Card(
            view,
            { id: employee.id, oid: user.aadObjectId ?? null, locale: user.locale },
            await deps.settings(),
            {
              notice: kind === 'stale' ? t.stale : undefined,
              message: kind === 'recorded' ? t.recorded : undefined,
            },
          );
        },
      },
      {
        // The manager designates a cap excess as 特例業務 (人事院規則15-14 第16条の2の2 第2項).
        verb: SPECIAL_DUTY_VERB,
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          const input = parsePayload(designateInputSchema, data, user);
          const result = await designateSpecialDuty(deps, { id: employee.id, locale: user.locale }, input);
          const t = overtimeMessages(user.locale);
          return specialDutyCard(
            result.view,
            { id: employee.id, oid: user.aadObjectId ?? null, locale: user.locale },
            await deps.settings(),
            {
              designation: result.designation,
              message: result.kind === 'already' ? t.specialDutyAlready : t.recorded,
            },
          );
        },
      },
      {
        // The employee asks for 面接指導 (人事院規則10-4 第22条の2 第1項第2号).
        verb: INTERVIEW_VERB,
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          const { alertId } = parsePayload(refreshPayload, data, user);
          const result = await requestInterview(deps, { id: employee.id, locale: user.locale }, alertId);
          const t = overtimeMessages(user.locale);
          const text = result.already
            ? t.interviewAlready
            : result.status === 'sent'
              ? t.interviewSent(result.contactLabel)
              : t.interviewNoContact(result.contactLabel);
          return noticeCard(text);
        },
      },
      {
        verb: REFRESH_VERB,
        async run(_context, user, data): Promise<CardJson> {
          const employee = requireEmployee(user);
          const { alertId } = parsePayload(refreshPayload, data, user);
          const view = await loadAlertView(deps.db, alertId);
          const t = overtimeMessages(user.locale);
          if (!view) throw new AppError('forbidden', t.notYours);
          const settings = await deps.settings();
          const recipient = { id: employee.id, oid: user.aadObjectId ?? null, locale: user.locale };
          if (mayAct(view, employee.id)) {
            await auditAlertRead(deps.db, employee.id, view, 'overtime.alert.read');
            return alert100Card(view, recipient, settings);
          }
          // Only the kind of card this person was sent (issue 12): the subject of a 100 h alert gets
          // their health notice back, never the manager's card with its follow-up notes.
          const [sent] = await deliveriesTo(deps.db, alertId, employee.id);
          if (!sent) throw new AppError('forbidden', t.notYours);
          await auditAlertRead(deps.db, employee.id, view, 'overtime.alert.read');
          if (sent.kind === 'health_notice')
            return overtimeCards.healthNotice(view, user.locale, settings) as CardJson;
          if (sent.role === 'employee') return overtimeCards.alert(view, user.locale) as CardJson;
          if (sent.kind === 'reminder' || sent.kind === 'escalation')
            return overtimeCards.followUpReminder(view, recipient, sent.kind, settings) as CardJson;
          return view.level === 'month100'
            ? alert100Card(view, recipient, settings)
            : (overtimeCards.alert(view, user.locale) as CardJson);
        },
      },
    ],
  };
}
