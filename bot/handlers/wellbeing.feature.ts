import { z } from 'zod';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import { seedDemoChildcareAttendance, seedDemoWellbeing } from '../../core/demo/wellbeing-demo.seed.ts';
import type { JobDefinition } from '../../core/jobs/jobs.ts';
import { AppError } from '../../core/shared/errors.ts';
import { officeGap } from '../../core/wellbeing/office-gap.rules.ts';
import { answerGapFromCard, gapAnswerSchema } from '../../core/wellbeing/office-gap-cards.service.ts';
import { wellbeingJobs } from '../../core/wellbeing/wellbeing.jobs.ts';
import { punchDays } from '../../core/wellbeing/wellbeing.repository.ts';
import { setLeaveOnTimeOptOut } from '../../core/wellbeing/wellbeing-people.repository.ts';
import type { AppModule, ModuleContext } from '../../server/module.ts';
import { registerWellbeingRoutes } from '../../tab/api/wellbeing.routes.ts';
import type { CardJson } from '../cards/cards.ts';
import {
  GAP_REVIEW_VERB,
  gapCard,
  LEAVE_ON_TIME_OPT_VERB,
  wellbeingCards,
} from '../cards/wellbeing/wellbeing.cards.ts';
import { messages } from '../i18n/messages.ts';
import type { BotFeature } from './bot-feature.ts';
import type { TurnUser } from './turn-user.ts';

function requireEmployee(user: TurnUser) {
  if (!user.employee) throw new AppError('forbidden', messages(user.locale).notRegistered);
  return user.employee;
}

function parse<T>(schema: z.ZodType<T>, data: unknown, user: TurnUser): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new AppError(
      'bad_request',
      messages(user.locale).errorStale,
      parsed.error.issues.map((i) => ({ where: i.path.join('.'), message: i.message })),
    );
  return parsed.data;
}

const optPayload = z.object({ optOut: z.boolean() });

const notice = (text: string): CardJson => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text, wrap: true }],
});

/** The card actions of the wellbeing cards. Thin: core/wellbeing checks who may answer and audits. */
export function wellbeingFeature(ctx: Pick<ModuleContext, 'db'>): BotFeature {
  return {
    actions: [
      {
        // The manager answers an in-office gap (confirm the overtime / 自己研鑽 / 待機 / other + reason).
        verb: GAP_REVIEW_VERB,
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          const answer = parse(gapAnswerSchema, data, user);
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
          const { optOut } = parse(optPayload, data, user);
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

/**
 * 勤務間インターバル, in-office gaps, annual targets, the follow-up report, 定時退庁日 (issue 19): the
 * tab's routes, the jobs that send the morning card, the weekly count, the gap confirmations and
 * the 定時退庁日 messages (all through the outbox), and the cards' actions.
 */
export function wellbeingModule(ctx: ModuleContext): AppModule {
  const jobs = wellbeingJobs({
    db: ctx.db,
    messenger: ctx.messenger,
    cards: wellbeingCards,
    logger: ctx.logger,
    now: ctx.now,
  });
  return {
    name: 'wellbeing',
    jobs: Object.values(jobs) as unknown as JobDefinition<never>[],
    bot: wellbeingFeature(ctx),
    tabRoutes: (router) => registerWellbeingRoutes(router, ctx.db, ctx.now),
    // After the overtime module's demo attendance (server/modules.ts lists it later for that).
    async seedDemo() {
      await seedDemoChildcareAttendance(ctx.db);
      await seedDemoWellbeing(ctx.db, ctx.now());
    },
  };
}
