import { z } from 'zod';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import type { Db } from '../../core/db/db.ts';
import { officeGap } from '../../core/wellbeing/office-gap.rules.ts';
import { answerGapFromCard, gapAnswerSchema } from '../../core/wellbeing/office-gap-cards.service.ts';
import { punchDays } from '../../core/wellbeing/wellbeing.repository.ts';
import { setLeaveOnTimeOptOut } from '../../core/wellbeing/wellbeing-people.repository.ts';
import type { CardJson } from '../cards/cards.ts';
import { GAP_REVIEW_VERB, gapCard, LEAVE_ON_TIME_OPT_VERB } from '../cards/wellbeing/wellbeing.cards.ts';
import type { BotFeature } from './bot-feature.ts';
import { parsePayload, requireEmployee } from './turn-user.ts';

const optPayload = z.object({ optOut: z.boolean() });

const notice = (text: string): CardJson => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text, wrap: true }],
});

/** The card actions of the wellbeing cards. Thin: core/wellbeing checks who may answer and audits. */
export function wellbeingFeature(ctx: { db: Db }): BotFeature {
  return {
    actions: [
      {
        // The manager answers an in-office gap (confirm the overtime / 自己研鑽 / 待機 / other + reason).
        verb: GAP_REVIEW_VERB,
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          const answer = parsePayload(gapAnswerSchema, data, user);
          const { review, subjectName } = await answerGapFromCard(ctx, employee.id, answer);
          const [day] = await punchDays(ctx.db, answer.date, answer.date, [answer.employeeId]);
          const gap = day ? officeGap(day) : null;
          return gapCard(
            user.locale,
            {
              employeeId: answer.employeeId,
              name: subjectName,
              date: answer.date,
              declared: day ? `${day.start}–${day.end}${day.endsNextDay ? ' (+1)' : ''}` : '',
              logged: day ? `${day.logonAt?.slice(11)}–${day.logoffAt?.slice(11)}` : '',
              gap: { outsideMinutes: gap?.outsideMinutes ?? 0 },
            },
            { outcome: review.outcome, by: employee.name, comment: review.comment },
          );
        },
      },
      {
        // 定時退庁日 nudge: stop (or restart) it for oneself.
        verb: LEAVE_ON_TIME_OPT_VERB,
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          const { optOut } = parsePayload(optPayload, data, user);
          if (await setLeaveOnTimeOptOut(ctx.db, employee.id, optOut))
            await writeAudit(ctx.db, {
              actorId: employee.id,
              action: optOut ? 'wellbeing.leave_on_time.opt_out' : 'wellbeing.leave_on_time.opt_in',
              targetType: 'employee',
              targetId: employee.id,
            });
          const ja = user.locale === 'ja';
          return {
            ...notice(
              optOut
                ? ja
                  ? '定時退庁日のお知らせを停止しました。'
                  : 'Leave-on-time reminders are off.'
                : ja
                  ? '定時退庁日のお知らせを再開しました。'
                  : 'Leave-on-time reminders are on again.',
            ),
            actions: [
              {
                type: 'Action.Execute',
                verb: LEAVE_ON_TIME_OPT_VERB,
                title: optOut ? (ja ? '再開する' : 'Turn back on') : ja ? '停止する' : 'Turn off',
                data: { optOut: !optOut },
              },
            ],
          };
        },
      },
    ],
  };
}
