import {
  leavePlanCard,
  lowResponseCard,
  nudgeManagerCard,
  nudgePersonCard,
  reminderBanner,
  sectionTableCard,
} from '../../bot/cards/leave/leave.cards.ts';
import { leaveFeature, leaveTabLink } from '../../bot/handlers/leave.feature.ts';
import { seedLeaveDemo } from '../../core/leave/leave.demo.ts';
import { leaveRemindersJob } from '../../core/leave/leave-reminders.job.ts';
import type { LeaveReminderCards } from '../../core/leave/leave-reminders.service.ts';
import { midYearNudgeJob } from '../../core/leave/mid-year-nudge.job.ts';
import type { NudgeCards } from '../../core/leave/mid-year-nudge.service.ts';
import { registerLeaveRoutes } from '../../tab/api/leave.routes.ts';
import type { AppModule, ModuleContext } from '../module.ts';

/** Cards the jobs send, rendered by bot/ for core. */
function jobCards(publicUrl: string): LeaveReminderCards & NudgeCards {
  return {
    reminder: (model, member, slot) =>
      leavePlanCard(model, member.locale, reminderBanner(slot, member.locale)),
    lowResponse: (c, locale, sections) => lowResponseCard(c, locale, sections, leaveTabLink(publicUrl, c.id)),
    sectionTable: (c, locale, table) =>
      sectionTableCard(c, locale, table, leaveTabLink(publicUrl, c.id, table.sectionId)),
    person: (locale, takenDays, asOf) => nudgePersonCard(locale, takenDays, asOf),
    manager: (locale, nudged, groupSize) => nudgeManagerCard(locale, nudged, groupSize),
  };
}

/** The leave-plan capability as one module: bot feature, jobs, tab API and demo data. */
export function leaveModule(ctx: ModuleContext): AppModule {
  const cards = jobCards(ctx.config.publicUrl);
  const deps = { db: ctx.db, messenger: ctx.messenger, cards, logger: ctx.logger, now: ctx.now };
  return {
    name: 'leave',
    bot: leaveFeature(ctx.db, ctx.now),
    jobs: [leaveRemindersJob(deps), midYearNudgeJob(deps)] as never[],
    tabRoutes: (router) => registerLeaveRoutes(router, ctx.db, ctx.now),
    seedDemo: () => seedLeaveDemo(ctx.db, ctx.now()),
  };
}
