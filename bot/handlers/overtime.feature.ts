import { z } from 'zod';
import { sql } from '../../core/db/sql.ts';
import type { JobDefinition } from '../../core/jobs/jobs.ts';
import { overtimeMessages } from '../../core/overtime/overtime.messages.ts';
import { loadAlertView } from '../../core/overtime/overtime-alert-view.repository.ts';
import { overtimeAlertsJob } from '../../core/overtime/overtime-alerts.job.ts';
import type { OvertimeDeps } from '../../core/overtime/overtime-alerts.service.ts';
import { raiseAlerts } from '../../core/overtime/overtime-alerts.service.ts';
import { overtimeDeliverJob } from '../../core/overtime/overtime-deliver.job.ts';
import { closeDemoCase, seedDemoAttendance } from '../../core/overtime/overtime-demo.seed.ts';
import { overtimeFollowUpJob } from '../../core/overtime/overtime-follow-up.job.ts';
import {
  followUpInputSchema,
  mayAct,
  recordFollowUp,
} from '../../core/overtime/overtime-follow-up.service.ts';
import { overtimeReportJob } from '../../core/overtime/overtime-report.job.ts';
import { overtimeSummary } from '../../core/overtime/overtime-summary.service.ts';
import { minGroupSize, readSetting } from '../../core/settings/settings.repository.ts';
import { AppError } from '../../core/shared/errors.ts';
import type { AppModule, ModuleContext } from '../../server/module.ts';
import { registerAttendanceRoutes } from '../../tab/api/attendance.routes.ts';
import { registerOvertimeRoutes } from '../../tab/api/overtime.routes.ts';
import { cardAttachment } from '../cards/cards.ts';
import {
  alert100Card,
  bureauReportCard,
  FOLLOW_UP_VERB,
  overtimeCards,
  overtimeSummaryCard,
  REFRESH_VERB,
} from '../cards/overtime/overtime.cards.ts';
import { messages } from '../i18n/messages.ts';
import type { BotFeature } from './bot-feature.ts';
import type { TurnUser } from './turn-user.ts';

function requireEmployee(user: TurnUser) {
  if (!user.employee) throw new AppError('forbidden', messages(user.locale).notRegistered);
  return user.employee;
}

const refreshPayload = z.object({ alertId: z.number().int().positive() });

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

/** 残業 / overtime, and the 100 h card's follow-up buttons and refresh. Thin: core/overtime does the work. */
export function overtimeFeature(deps: OvertimeDeps): BotFeature {
  return {
    commands: [
      {
        names: ['残業', 'ざんぎょう', '超勤', 'overtime'],
        async run(context, user) {
          const employee = requireEmployee(user);
          const settings = await deps.settings();
          const summary = await overtimeSummary(
            deps.db,
            { id: employee.id, heteronomous: employee.section.heteronomous },
            deps.now(),
            settings,
          );
          await context.sendActivity({
            attachments: [cardAttachment(overtimeSummaryCard(summary, user.locale, settings))],
          });
          // A manager with 100 h alerts still waiting for them gets those cards again, buttons included.
          const open = await deps.db.query<{ id: number }>(sql`
            select id from overtime_alert where follow_up = 'open' and (manager_id = ${employee.id} or escalated_to = ${employee.id})
             order by raised_on desc limit 3`);
          for (const { id } of open) {
            const view = await loadAlertView(deps.db, id);
            if (view)
              await context.sendActivity({
                attachments: [
                  cardAttachment(
                    alert100Card(
                      view,
                      { id: employee.id, oid: user.aadObjectId ?? null, locale: user.locale },
                      settings,
                    ),
                  ),
                ],
              });
          }
        },
      },
    ],
    actions: [
      {
        verb: FOLLOW_UP_VERB,
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          const input = parse(followUpInputSchema, data, user);
          const { kind, view } = await recordFollowUp(deps, { id: employee.id, locale: user.locale }, input);
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
        verb: REFRESH_VERB,
        async run(_context, user, data) {
          const employee = requireEmployee(user);
          const { alertId } = parse(refreshPayload, data, user);
          const view = await loadAlertView(deps.db, alertId);
          const t = overtimeMessages(user.locale);
          // Only someone the card was sent to gets its latest state.
          const [got] = await deps.db.query(
            sql`select 1 from overtime_alert_delivery where alert_id = ${alertId} and recipient_id = ${employee.id} limit 1`,
          );
          if (!view || !(got || mayAct(view, employee.id))) throw new AppError('forbidden', t.notYours);
          return alert100Card(
            view,
            { id: employee.id, oid: user.aadObjectId ?? null, locale: user.locale },
            await deps.settings(),
          );
        },
      },
    ],
  };
}

/**
 * The overtime capability as one AppModule: alert, delivery, follow-up and report jobs; the bot's
 * command and card actions; the tab's attendance and overtime routes; demo attendance.
 */
export function overtimeModule(ctx: ModuleContext): AppModule {
  const settings = () => readSetting(ctx.db, 'overtime');
  const deps: OvertimeDeps = {
    db: ctx.db,
    messenger: ctx.messenger,
    cards: overtimeCards,
    logger: ctx.logger,
    now: ctx.now,
    settings,
    alert100Exempt: async () => (await readSetting(ctx.db, 'quietHours')).alert100Exempt,
  };
  const deliverJob = overtimeDeliverJob(deps);
  const alertsJob = overtimeAlertsJob(deps, (at) => ctx.jobs.send(deliverJob, {}, { startAfter: at }));
  const reportJob = overtimeReportJob({
    db: ctx.db,
    messenger: ctx.messenger,
    logger: ctx.logger,
    now: ctx.now,
    minGroupSize: () => minGroupSize(ctx.db, ctx.config.privacy.minGroupSize),
    card: (rows, month, locale, floor) =>
      bureauReportCard(rows, month, locale, floor, `${ctx.config.publicUrl}/tab/`),
  });
  return {
    name: 'overtime',
    jobs: [alertsJob, deliverJob, overtimeFollowUpJob(deps), reportJob] as unknown as JobDefinition<never>[],
    bot: overtimeFeature(deps),
    tabRoutes(router) {
      registerAttendanceRoutes(router, {
        db: ctx.db,
        afterImport: (months) => ctx.jobs.send(alertsJob, { months }),
      });
      registerOvertimeRoutes(router, { config: ctx.config, db: ctx.db, now: ctx.now, settings });
    },
    async seedDemo() {
      const { month100, closedMonth } = await seedDemoAttendance(ctx.db, ctx.now());
      // Records the demo's alerts (the 100 h card among them); the job delivers them once running.
      await raiseAlerts(deps, [month100]);
      await closeDemoCase(ctx.db, closedMonth);
    },
  };
}
