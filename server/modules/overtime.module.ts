import { bureauReportCard, overtimeCards } from '../../bot/cards/overtime/overtime.cards.ts';
import { overtimeFeature } from '../../bot/handlers/overtime.feature.ts';
import { disclosureFloor, invalidateDisclosures } from '../../core/access/disclosure.service.ts';
import type { JobDefinition } from '../../core/jobs/jobs.ts';
import { overtimeSettingsSchema } from '../../core/overtime/overtime.settings.ts';
import { overtimeAlertPurpose } from '../../core/overtime/overtime-alert.purpose.ts';
import { overtimeAlertsJob } from '../../core/overtime/overtime-alerts.job.ts';
import { type OvertimeDeps, raiseAlerts } from '../../core/overtime/overtime-alerts.service.ts';
import { closeDemoCase, seedDemoAttendance } from '../../core/overtime/overtime-demo.seed.ts';
import { overtimeFollowUpJob } from '../../core/overtime/overtime-follow-up.job.ts';
import { overtimeReportJob } from '../../core/overtime/overtime-report.job.ts';
import { registerSetting } from '../../core/settings/settings.registry.ts';
import { readSetting } from '../../core/settings/settings.repository.ts';
import { registerAttendanceRoutes } from '../../tab/api/attendance.routes.ts';
import { registerOvertimeRoutes } from '../../tab/api/overtime.routes.ts';
import type { AppModule, ModuleContext } from '../module.ts';

/**
 * The overtime capability as one AppModule: alert, follow-up and report jobs (the outbox sends the
 * cards); the bot's command and card actions; the tab's attendance and overtime routes; demo attendance.
 */
export function overtimeModule(ctx: ModuleContext): AppModule {
  registerSetting('overtime', overtimeSettingsSchema);
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
  // The outbox renders alert cards when it sends them.
  ctx.delivery.worker.register(overtimeAlertPurpose(deps));
  const alertsJob = overtimeAlertsJob(deps);
  const reportJob = overtimeReportJob({
    db: ctx.db,
    messenger: ctx.messenger,
    logger: ctx.logger,
    now: ctx.now,
    // The floor is a 設定 (privacy.minGroupSize), as on the dashboard.
    minGroupSize: () => disclosureFloor(ctx.db),
    card: (report, month, locale, floor) =>
      bureauReportCard(report, month, locale, floor, `${ctx.config.publicUrl}/tab/`),
  });
  return {
    name: 'overtime',
    jobs: [alertsJob, overtimeFollowUpJob(deps), reportJob] as unknown as JobDefinition<never>[],
    bot: overtimeFeature(deps),
    tabRoutes(router) {
      registerAttendanceRoutes(router, {
        db: ctx.db,
        afterImport: (months) => {
          // New figures: the disclosure sizes cached in this process are stale.
          invalidateDisclosures();
          return ctx.jobs.send(alertsJob, { months });
        },
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
