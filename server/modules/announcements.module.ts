import {
  announcementCard,
  checkedAnnouncementCard,
  recalledCard,
} from '../../bot/cards/announcements/announcement.cards.ts';
import { announcementsFeature } from '../../bot/handlers/announcements.feature.ts';
import type { AppModule, ModuleContext } from '../module.ts';
import { registerAnnouncementRoutes } from '../../tab/api/announcements.routes.ts';
import { seedAnnouncementsDemo } from '../../core/announcements/announcement.demo.ts';
import { createAnnouncementService } from '../../core/announcements/announcement.service.ts';
import { createSettingsReader } from '../../core/announcements/announcement.settings.ts';
import { contentOf } from '../../core/announcements/announcement.table.ts';
import { dispatchJob } from '../../core/announcements/announcement-dispatch.job.ts';
import { createAnnouncementDelivery } from '../../core/announcements/delivery.service.ts';
import { sendingIds, unprepared } from '../../core/announcements/recipient.repository.ts';

/**
 * 一斉周知: the capability's parts wired together (the composition root of this folder: it is the
 * one file here that knows the bot's card templates and the tab's routes). Its messages go through
 * the app's one outbox (ctx.delivery);
 */
export function announcementsModule(ctx: ModuleContext): AppModule {
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
  const startSenders = async (id: string) => {
    void delivery.start(id).catch((err) => ctx.logger.warn({ err, announcementId: id }, 'preparing failed'));
  };
  const service = createAnnouncementService({
    db: ctx.db,
    settings,
    messenger: ctx.messenger,
    now: ctx.now,
    checkCard: (content, id) => checkedAnnouncementCard(content, { announcementId: id }),
    startSenders,
  });
  const dispatch = dispatchJob(async () => {
    await service.startDue(ctx.now());
    for (const id of await unprepared(ctx.db)) await delivery.start(id);
    for (const id of await sendingIds(ctx.db)) await delivery.finish(id);
  });

  return {
    name: 'announcements',
    jobs: [dispatch] as unknown as AppModule['jobs'],
    bot: announcementsFeature(ctx.db, ctx.now),
    tabRoutes: (router) => registerAnnouncementRoutes(router, ctx.db, service, checkedAnnouncementCard),
    seedDemo: () => seedAnnouncementsDemo(ctx.db),
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
