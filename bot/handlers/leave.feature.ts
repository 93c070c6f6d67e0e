import { z } from 'zod';
import type { Db } from '../../core/db/db.ts';
import {
  type OpenCampaign,
  openCampaignsFor,
  openCampaignsRead,
} from '../../core/leave/campaign.repository.ts';
import { entriesFromCardInputs, planCardModel, submitPlan } from '../../core/leave/leave-plan.service.ts';
import type { EmployeeProfile } from '../../core/org/org.table.ts';
import { isValidIsoDate, tokyoDateOf } from '../../core/shared/calendar.ts';
import { AppError, isAppError } from '../../core/shared/errors.ts';
import { type CardJson, cardAttachment } from '../cards/cards.ts';
import {
  campaignListCard,
  leavePlanCard,
  leavePlanSavedCard,
  shortDate,
} from '../cards/leave/leave.cards.ts';
import { leaveMessages } from '../cards/leave/leave-card.messages.ts';
import type { BotFeature } from './bot-feature.ts';
import { parsePayload, requireEmployee, requireEmployeeRead, type TurnUser } from './turn-user.ts';

const campaignRef = z.object({ campaignId: z.string().uuid() });
const submitPayload = z.object({
  campaignId: z.string().uuid(),
  planId: z.string().optional(),
  baseVersion: z.coerce.number().int().min(0),
});

/** Link to the tab's leave-plan page (section chiefs' cards). */
export function leaveTabLink(publicUrl: string, campaignId: string, sectionId?: string): string {
  const q = new URLSearchParams({
    view: 'leave-plans',
    campaign: campaignId,
    ...(sectionId ? { section: sectionId } : {}),
  });
  return `${publicUrl}/tab/?${q}`;
}

/** 休暇 / 計画 commands and the plan card's verbs: thin, the rules live in core/leave. */
export function leaveFeature(db: Db, now: () => Date): BotFeature {
  /** The card for one campaign: the saved plan (with edit) once answered or closed, else the form. */
  async function cardFor(
    employee: EmployeeProfile,
    campaignId: string,
    locale: TurnUser['locale'],
  ): Promise<CardJson> {
    const model = await planCardModel(db, campaignId, employee, now());
    if (model.plan || model.phase === 'closed') return leavePlanSavedCard(model, locale, false);
    return leavePlanCard(model, locale);
  }

  return {
    commands: [
      {
        names: ['休暇', 'きゅうか', 'leave'],
        read: () => openCampaignsRead(tokyoDateOf(now())),
        async run(context, user, _args, openCampaigns?: OpenCampaign[]) {
          const { read: open } = requireEmployeeRead(user, openCampaigns);
          await context.sendActivity({ attachments: [cardAttachment(campaignListCard(open, user.locale))] });
        },
      },
      {
        names: ['計画', 'けいかく', 'plan'],
        async run(context, user) {
          const employee = requireEmployee(user);
          const open = await openCampaignsFor(db, employee.id, tokyoDateOf(now()));
          const card =
            open.length === 1 && open[0]
              ? await cardFor(employee, open[0].campaign.id, user.locale)
              : campaignListCard(open, user.locale);
          await context.sendActivity({ attachments: [cardAttachment(card)] });
        },
      },
    ],
    actions: [
      {
        verb: 'leave.plan.open',
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          return cardFor(employee, parsePayload(campaignRef, data, user).campaignId, user.locale);
        },
      },
      {
        verb: 'leave.plan.edit',
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          const model = await planCardModel(
            db,
            parsePayload(campaignRef, data, user).campaignId,
            employee,
            now(),
          );
          if (model.phase === 'closed') return leavePlanSavedCard(model, user.locale, false);
          return leavePlanCard(model, user.locale);
        },
      },
      {
        verb: 'leave.plan.submit',
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          const ref = parsePayload(submitPayload, data, user);
          const inputs = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
          const submission = entriesFromCardInputs(inputs);
          try {
            await submitPlan(
              db,
              employee,
              {
                campaignId: ref.campaignId,
                ...(ref.planId ? { planId: ref.planId } : {}),
                baseVersion: ref.baseVersion === 0 ? null : ref.baseVersion,
                submission,
              },
              now(),
            );
          } catch (err) {
            throw cardFieldNames(err, submission.entries, user.locale);
          }
          const model = await planCardModel(db, ref.campaignId, employee, now());
          return leavePlanSavedCard(model, user.locale, true);
        },
      },
    ],
  };
}

/** On the card a field is a day, not `entries[3].date`: name it by its date (the message says why). */
function cardFieldNames(err: unknown, entries: { date: string }[], locale: TurnUser['locale']): unknown {
  if (!isAppError(err) || err.fields.length === 0) return err;
  const fields = err.fields.map((f) => {
    const m = /^entries\[(\d+)\]/.exec(f.where);
    const date = m ? entries[Number(m[1])]?.date : undefined;
    return {
      where:
        date && isValidIsoDate(date)
          ? shortDate(date, locale)
          : f.where === 'note'
            ? leaveMessages(locale).note
            : f.where,
      message: f.message,
    };
  });
  return new AppError(err.code, err.message, fields);
}
