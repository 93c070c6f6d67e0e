import {
  announcementCard,
  checkedAnnouncementCard,
  recalledCard,
} from '../../bot/cards/announcements/announcement.cards.ts';
import { announcementsFeature } from '../../bot/handlers/announcements.feature.ts';
import { seedAnnouncementsDemo } from '../../core/announcements/announcement.demo.ts';
import { findAnnouncement } from '../../core/announcements/announcement.repository.ts';
import { createAnnouncementService } from '../../core/announcements/announcement.service.ts';
import {
  announcementSettingsSchema,
  createSettingsReader,
} from '../../core/announcements/announcement.settings.ts';
import type { LinkButton } from '../../core/announcements/announcement.table.ts';
import { contentOf } from '../../core/announcements/announcement.table.ts';
import { dispatchJob } from '../../core/announcements/announcement-dispatch.job.ts';
import { createAnnouncementDelivery } from '../../core/announcements/delivery.service.ts';
import { createEntraAudience } from '../../core/announcements/entra-audience.service.ts';
import { fileLinkProblems } from '../../core/announcements/files.rules.ts';
import { createMailFallback } from '../../core/announcements/mail-fallback.service.ts';
import { sendingIds, unprepared } from '../../core/announcements/recipient.repository.ts';
import { createAnnouncementReminders } from '../../core/announcements/reminders.service.ts';
import { createAnnouncementSeries } from '../../core/announcements/series.service.ts';
import { createAnnouncementTemplates } from '../../core/announcements/templates.service.ts';
import { createGraphClient } from '../../core/identity/graph-client.ts';
import { createMsalAppTokenSource } from '../../core/identity/token-source.ts';
import { registerSetting } from '../../core/settings/settings.registry.ts';
import { AppError } from '../../core/shared/errors.ts';
import { registerAnnouncementFollowUpRoutes } from '../../tab/api/announcement-followups.routes.ts';
import { registerAnnouncementRoutes } from '../../tab/api/announcements.routes.ts';
import type { AppModule, ModuleContext } from '../module.ts';

/**
 * 一斉周知: the capability's parts wired together (the composition root of this folder: it is the
 * one file here that knows the bot's card templates and the tab's routes). Its messages go through
 * the app's one outbox (ctx.delivery);
 */
export function announcementsModule(ctx: ModuleContext): AppModule {
  registerSetting('announcements', announcementSettingsSchema);
  const settings = createSettingsReader(ctx.db, ctx.config.delivery.ratePerSecond);
  const delivery = createAnnouncementDelivery({
    db: ctx.db,
    card: memo(
      (a, ackedAt) => `${a.id}:${a.revision}:${ackedAt?.getTime() ?? ''}`,
      (a, ackedAt) => announcementCard(contentOf(a), { announcementId: a.id, revision: a.revision, ackedAt }),
    ),
    recalledCard: (a) => recalledCard(contentOf(a)),
    nudge: () => ctx.delivery.worker.nudge(),
    prepareBatchSize: async () => (await settings.read()).prepareBatchSize,
    logger: ctx.logger,
  });
  for (const p of delivery.purposes) ctx.delivery.worker.register(p);
  // Writing 300k rows takes seconds: the request that started it answers at once, the worker sends
  // from the first batch on, and the dispatcher continues after a crash (the cursor is stored).
  // Issue 20: Entra groups in audiences, expanded again through Graph before recipients are written.
  const appTokens = createMsalAppTokenSource(ctx.config);
  const graph = appTokens
    ? createGraphClient({ baseUrl: ctx.config.graph.baseUrl, tokens: appTokens, logger: ctx.logger })
    : undefined;
  const entra = createEntraAudience({ db: ctx.db, graph, now: ctx.now, logger: ctx.logger });
  const mail = createMailFallback({ db: ctx.db, graph, settings, logger: ctx.logger });
  const refreshGroups = async (id: string) => {
    const a = await findAnnouncement(ctx.db, id);
    if (a && !a.prepared && a.audience.entraGroupIds?.length) await entra.refresh(a.audience.entraGroupIds);
  };
  const startSenders = async (id: string) => {
    void refreshGroups(id)
      .then(() => delivery.start(id))
      .then(() => reminders.followRevision(id))
      .catch((err) => ctx.logger.warn({ err, announcementId: id }, 'preparing failed'));
  };
  const checkFiles = async (d: { files?: LinkButton[] | null }) => {
    const problems = fileLinkProblems(d.files ?? [], (await settings.read(true)).fileDomains);
    if (problems.length > 0) throw new AppError('bad_request', 'The announcement has problems.', problems);
  };
  const service = createAnnouncementService({
    db: ctx.db,
    settings,
    messenger: ctx.messenger,
    now: ctx.now,
    checkCard: (content, id) => checkedAnnouncementCard(content, { announcementId: id }),
    startSenders,
    checkFiles,
  });
  // Issue 20: reminders to those who have not acknowledged, through the same outbox.
  const reminders = createAnnouncementReminders({
    db: ctx.db,
    card: (a) =>
      announcementCard(contentOf(a), { announcementId: a.id, revision: a.revision, reminder: true }),
    recalledCard: (a) => recalledCard(contentOf(a)),
    nudge: () => ctx.delivery.worker.nudge(),
    logger: ctx.logger,
  });
  ctx.delivery.worker.register(reminders.purpose);
  const series = createAnnouncementSeries({
    db: ctx.db,
    settings,
    validated: service.validated,
    checkFiles,
    now: ctx.now,
  });
  const templates = createAnnouncementTemplates({
    db: ctx.db,
    validated: service.validated,
    createDraft: (viewer, input) => service.create(viewer, input),
  });
  const dispatch = dispatchJob(async () => {
    await series.materialize(ctx.now());
    await service.startDue(ctx.now());
    await reminders.remindDue(ctx.now());
    await mail.tick(ctx.now());
    for (const id of await unprepared(ctx.db)) await delivery.start(id);
    for (const id of await sendingIds(ctx.db)) await delivery.finish(id);
  });

  return {
    name: 'announcements',
    jobs: [dispatch] as unknown as AppModule['jobs'],
    bot: announcementsFeature(ctx.db, ctx.now),
    tabRoutes: (router) => {
      registerAnnouncementRoutes(router, ctx.db, service, checkedAnnouncementCard);
      registerAnnouncementFollowUpRoutes(router, { reminders, series, entra, mail, templates });
    },
    seedDemo: () => seedAnnouncementsDemo(ctx.db, reminders.remindDue, ctx.now()),
    // After a crash or restart, announcements that were being written continue at once.
    onStarted: async () => {
      for (const id of await unprepared(ctx.db)) await startSenders(id);
    },
  };
}

/**
 * Expanding a template costs milliseconds of CPU (adaptive-expressions); a broadcast sends the
 * same card thousands of times, so it is expanded once per announcement revision.
 */
function memo<A extends unknown[], R>(
  keyOf: (...args: A) => string,
  make: (...args: A) => R,
  size = 200,
): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args) => {
    const key = keyOf(...args);
    let value = cache.get(key);
    if (value === undefined) {
      value = make(...args);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(key, value);
    }
    return value;
  };
}
