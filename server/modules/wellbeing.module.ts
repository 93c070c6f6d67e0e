import { wellbeingCards } from '../../bot/cards/wellbeing/wellbeing.cards.ts';
import { wellbeingFeature } from '../../bot/handlers/wellbeing.feature.ts';
import { seedDemoChildcareAttendance, seedDemoWellbeing } from '../../core/demo/wellbeing-demo.seed.ts';
import type { JobDefinition } from '../../core/jobs/jobs.ts';
import { registerSetting } from '../../core/settings/settings.registry.ts';
import { wellbeingJobs } from '../../core/wellbeing/wellbeing.jobs.ts';
import { wellbeingSettingsSchema } from '../../core/wellbeing/wellbeing.settings.ts';
import { registerWellbeingRoutes } from '../../tab/api/wellbeing.routes.ts';
import type { AppModule, ModuleContext } from '../module.ts';

/**
 * 勤務間インターバル, in-office gaps, annual targets, the follow-up report, 定時退庁日 (issue 19): the
 * tab's routes, the jobs that send the morning card, the weekly count, the gap confirmations and
 * the 定時退庁日 messages (all through the outbox), and the cards' actions.
 */
export function wellbeingModule(ctx: ModuleContext): AppModule {
  registerSetting('wellbeing', wellbeingSettingsSchema);
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
