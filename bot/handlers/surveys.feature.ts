import type { EmployeeProfile } from '../../core/org/org.table.ts';
import { AppError, isAppError } from '../../core/shared/errors.ts';
import { cardPayloadSchema } from '../../core/surveys/survey.schema.ts';
import type { SurveyService } from '../../core/surveys/survey.service.ts';
import type { CardJson } from '../cards/cards.ts';
import { surveyAnsweredCard, surveyFormCard } from '../cards/surveys/survey.cards.ts';
import { surveyCardMessages } from '../cards/surveys/survey-card.messages.ts';
import { messages } from '../i18n/messages.ts';
import type { BotFeature } from './bot-feature.ts';
import type { TurnUser } from './turn-user.ts';

function requireEmployee(user: TurnUser): EmployeeProfile {
  if (!user.employee) throw new AppError('forbidden', messages(user.locale).notRegistered);
  return user.employee;
}

/** The payload (zod): which survey, and the receipt when editing. A tampered card gets a clear error. */
function payloadOf(data: unknown, user: TurnUser) {
  const parsed = cardPayloadSchema.safeParse(data);
  if (!parsed.success)
    throw new AppError(
      'bad_request',
      messages(user.locale).errorStale,
      parsed.error.issues.map((i) => ({ where: i.path.join('.'), message: i.message })),
    );
  return parsed.data;
}

/** The service's refusals in the person's language (the card shows them; the code is kept for audit). */
function spoken(err: unknown, user: TurnUser, questions?: readonly { text: string }[]): unknown {
  if (!isAppError(err)) return err;
  const t = surveyCardMessages(user.locale);
  switch (err.code) {
    case 'gone':
      return new AppError('gone', t.errorClosed);
    case 'conflict':
      return new AppError('conflict', t.errorAnswered);
    case 'forbidden':
      return err.message === messages(user.locale).notRegistered
        ? err
        : new AppError('forbidden', t.errorNotInvited);
    case 'not_found':
      return new AppError('not_found', t.errorReceipt);
    case 'bad_request':
      // q1… are the card's numbering: name the question instead.
      return new AppError(
        'bad_request',
        t.errorAnswers,
        err.fields.map((f) => {
          const n = /^q(\d+)$/.exec(f.where);
          const q = n ? questions?.[Number(n[1]) - 1] : undefined;
          return { ...f, where: q ? `${n?.[1]}. ${q.text}` : f.where };
        }),
      );
    default:
      return err;
  }
}

/** アンケート: the card's verbs. Thin: the rules (window, one answer, receipt) live in core/surveys. */
export function surveysFeature(service: SurveyService): BotFeature {
  return {
    actions: [
      {
        verb: 'survey.submit',
        async run(_context, user, data): Promise<CardJson> {
          const employee = requireEmployee(user);
          const ref = payloadOf(data, user);
          const inputs = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
          try {
            const r = await service.submit(employee, ref.surveyId, ref.receipt, inputs);
            return surveyAnsweredCard(r.survey, user.locale, { ...r, open: true });
          } catch (err) {
            const s = await service.forRespondent(employee, ref.surveyId).catch(() => undefined);
            throw spoken(err, user, s?.survey.questions);
          }
        },
      },
      {
        verb: 'survey.edit',
        async run(_context, user, data): Promise<CardJson> {
          const employee = requireEmployee(user);
          const ref = payloadOf(data, user);
          try {
            const r = await service.forRespondent(employee, ref.surveyId, ref.receipt);
            if (!ref.receipt || !r.answers) throw new AppError('not_found', 'No receipt.');
            if (!r.open)
              return surveyAnsweredCard(r.survey, user.locale, {
                receipt: ref.receipt,
                answers: r.answers,
                edited: false,
                open: false,
              });
            return surveyFormCard(r.survey, user.locale, { receipt: ref.receipt, answers: r.answers });
          } catch (err) {
            throw spoken(err, user);
          }
        },
      },
    ],
  };
}
