import { helpFeature } from '../bot/handlers/help.feature.ts';
import { settingsFeature } from '../bot/handlers/settings.feature.ts';
import { registerSetting } from '../core/settings/settings.registry.ts';
import { retentionSettingsSchema } from '../core/subject-rights/retention.settings.ts';
import { retentionPurgeJob } from '../core/subject-rights/retention-purge.job.ts';
import { registerAuditRoutes } from '../tab/api/audit.routes.ts';
import { registerDashboardRoutes } from '../tab/api/dashboard.routes.ts';
import { registerImportRoutes } from '../tab/api/import.routes.ts';
import { registerMeRoutes } from '../tab/api/me.routes.ts';
import { registerSettingsRoutes } from '../tab/api/settings.routes.ts';
import { registerSubjectRightsRoutes } from '../tab/api/subject-rights.routes.ts';
import type { AppModule, ModuleContext } from './module.ts';
import { announcementsModule } from './modules/announcements.module.ts';
import { childcareModule } from './modules/childcare.module.ts';
import { identityModule } from './modules/identity.module.ts';
import { leaveModule } from './modules/leave.module.ts';
import { overtimeModule } from './modules/overtime.module.ts';
import { surveysModule } from './modules/surveys.module.ts';
import { wellbeingModule } from './modules/wellbeing.module.ts';

/**
 * The composition root: every capability of the app, in one list. A new capability adds one line
 * here; one whose wiring is more than a line gets a file in server/modules/ (routes, bot feature,
 * jobs, settings and demo data wired together). core/ never imports bot/, tab/ or server/.
 */
export function appModules(ctx: ModuleContext): AppModule[] {
  registerSetting('retention', retentionSettingsSchema);
  return [
    { name: 'help', bot: helpFeature() },
    { name: 'settings', bot: settingsFeature(ctx.db) },
    { name: 'me', tabRoutes: (router) => registerMeRoutes(router, ctx.config, ctx.db, ctx.now) },
    {
      name: 'dashboard',
      tabRoutes: (router) => registerDashboardRoutes(router, ctx.config, ctx.db, ctx.now),
    },
    { name: 'import', tabRoutes: (router) => registerImportRoutes(router, ctx.db) },
    { name: 'admin-settings', tabRoutes: (router) => registerSettingsRoutes(router, ctx.config, ctx.db) },
    { name: 'audit', tabRoutes: (router) => registerAuditRoutes(router, ctx.db) },
    {
      name: 'subject-rights',
      jobs: [retentionPurgeJob(ctx) as never],
      tabRoutes: (router) => registerSubjectRightsRoutes(router, ctx.db, ctx.now),
    },
    overtimeModule(ctx),
    leaveModule(ctx),
    announcementsModule(ctx),
    childcareModule(ctx),
    identityModule(ctx),
    // パルスサーベイ (issue 20): all of its wiring is in server/modules/surveys.module.ts.
    surveysModule(ctx),
    // 勤務間インターバル, in-office gaps, annual targets, the follow-up report, 定時退庁日 (issue 19).
    // After overtime: its demo data reads the demo attendance.
    wellbeingModule(ctx),
  ];
}
