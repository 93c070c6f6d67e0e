import { childcareCardPort } from '../../bot/cards/childcare/childcare.cards.ts';
import { childcareFeature } from '../../bot/handlers/childcare.feature.ts';
import { seedChildcareDemo } from '../../core/childcare/childcare.demo.ts';
import { childcareSettingsSchema } from '../../core/childcare/childcare.settings.ts';
import type { ChildcareDeps } from '../../core/childcare/childcare-case.ts';
import { childcareRemindersJob } from '../../core/childcare/childcare-reminders.job.ts';
import type { JobDefinition } from '../../core/jobs/jobs.ts';
import { registerSetting } from '../../core/settings/settings.registry.ts';
import { registerChildcareRoutes } from '../../tab/api/childcare.routes.ts';
import type { AppModule, ModuleContext } from '../module.ts';

/** The childcare capability: command and card verbs, the reminder job, the tab API, demo data. */
export function childcareModule(ctx: ModuleContext): AppModule {
  registerSetting('childcare', childcareSettingsSchema);
  const deps: ChildcareDeps = {
    db: ctx.db,
    messenger: ctx.messenger,
    logger: ctx.logger,
    now: ctx.now,
    cards: childcareCardPort,
  };
  return {
    name: 'childcare',
    bot: childcareFeature(deps),
    jobs: [childcareRemindersJob(deps) as unknown as JobDefinition<never>],
    tabRoutes: (router) => registerChildcareRoutes(router, deps, ctx.config),
    seedDemo: () => seedChildcareDemo(ctx.db, ctx.now()),
  };
}
