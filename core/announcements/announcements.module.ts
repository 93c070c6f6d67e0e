import {
  announcementCard,
  checkedAnnouncementCard,
  recalledCard,
} from '../../bot/cards/announcements/announcement.cards.ts';
import { announcementsFeature } from '../../bot/handlers/announcements.feature.ts';
import type { AppModule, ModuleContext } from '../../server/module.ts';
import { registerAnnouncementRoutes } from '../../tab/api/announcements.routes.ts';
import { type AppInstaller, isBroadcastMessenger } from '../shared/messenger.ts';
import { seedAnnouncementsDemo } from './announcement.demo.ts';
import { stalledWork } from './announcement.repository.ts';
import { createAnnouncementService } from './announcement.service.ts';
import { createSettingsReader } from './announcement.settings.ts';
import { contentOf } from './announcement.table.ts';
import { deliverJob, LANE_SLICE_MS } from './announcement-deliver.job.ts';
import { dispatchJob } from './announcement-dispatch.job.ts';
import { type DeliveryDeps, runLane } from './delivery.service.ts';
import { createRateLimiter } from './rate-limiter.ts';

/** Senders that were quiet this long are presumed dead (a killed instance) and replaced. */
const STALE_SENDER_SECONDS = 30;

/**
 * 一斉周知: the capability's parts wired together (the composition root of this folder: it is the
 * one file here that knows the bot's card templates and the tab's routes).
 */
export function announcementsModule(
  ctx: ModuleContext,
  options: { installer?: AppInstaller } = {},
): AppModule {
  const settings = createSettingsReader(ctx.db, ctx.config.delivery.ratePerSecond);
  const limiter = createRateLimiter(ctx.db, settings.current);
  const messenger = isBroadcastMessenger(ctx.messenger) ? ctx.messenger : undefined;

  const deps: DeliveryDeps | undefined = messenger && {
    db: ctx.db,
    messenger,
    limiter,
    settings: () => settings.read(),
    card: memo(
      (a, ackedAt) => `${a.id}:${a.revision}:${ackedAt?.getTime() ?? ''}`,
      (a, ackedAt) => announcementCard(contentOf(a), { announcementId: a.id, revision: a.revision, ackedAt }),
    ),
    recalledCard: (a) => recalledCard(contentOf(a)),
    installer: options.installer,
    logger: ctx.logger,
  };
  const deliver = deliverJob(
    async (id) => (deps ? runLane(deps, id, LANE_SLICE_MS) : 'done'),
    (data) => ctx.jobs.send(deliver, data),
  );
  const startSenders = async (id: string) => {
    const { lanes } = await settings.read();
    for (let i = 0; i < lanes; i++) await ctx.jobs.send(deliver, { announcementId: id });
  };
  const service = createAnnouncementService({
    db: ctx.db,
    settings,
    limiter,
    messenger,
    now: ctx.now,
    checkCard: (content, id) => checkedAnnouncementCard(content, { announcementId: id }),
    startSenders,
  });
  const dispatch = dispatchJob(async () => {
    await service.startDue(ctx.now());
    for (const id of await stalledWork(ctx.db, STALE_SENDER_SECONDS)) await startSenders(id);
  });

  return {
    name: 'announcements',
    jobs: [deliver, dispatch] as unknown as AppModule['jobs'],
    bot: announcementsFeature(ctx.db, ctx.now),
    tabRoutes: (router) => registerAnnouncementRoutes(router, ctx.db, service),
    seedDemo: () => seedAnnouncementsDemo(ctx.db),
    // After a crash or restart, announcements that were mid-send get senders at once rather than
    // at the next minute's dispatch.
    onStarted: async () => {
      for (const id of await stalledWork(ctx.db, 0)) await startSenders(id);
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
