import { z } from 'zod';
import {
  type AnnouncementCardOptions,
  announcementCardData,
} from '../../contracts/announcement-card/announcement.card-data.ts';
import { audienceUnits } from '../../core/announcements/announcement.repository.ts';
import { audienceSchema, draftObject, parseOrThrow } from '../../core/announcements/announcement.schema.ts';
import type { AnnouncementService } from '../../core/announcements/announcement.service.ts';
import { contentOfDraft, requireHr } from '../../core/announcements/announcement.service.ts';
import type { AnnouncementContent, AnnouncementRow } from '../../core/announcements/announcement.table.ts';
import { contentOf } from '../../core/announcements/announcement.table.ts';
import type { Db } from '../../core/db/db.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

const idOf = (req: { params?: Record<string, string> }) => req.params?.id ?? '';

const summary = (a: AnnouncementRow) => ({
  id: a.id,
  title: a.title,
  state: a.state,
  language: a.language,
  ackEnabled: a.ack_enabled,
  scheduledAt: a.scheduled_at,
  sentAt: a.sent_at,
  recipientCount: a.recipient_count,
  revision: a.revision,
  recalled: a.recalled_at !== null,
  createdAt: a.created_at,
});

const detail = (a: AnnouncementRow) => ({
  ...summary(a),
  body: a.body,
  imageUrl: a.image_url,
  links: a.links,
  files: a.files ?? [],
  audience: a.audience,
  createdBy: a.created_by,
  approvedBy: a.approved_by,
  // An edit of the sent card waiting for a second person (four eyes); approve applies it.
  pendingUpdate: a.pending_update ?? null,
  pendingUpdateBy: a.pending_update_by ?? null,
  reminders: a.reminder_max
    ? { afterHours: (a.reminder_after_minutes ?? 0) / 60, max: a.reminder_max }
    : null,
});

/**
 * お知らせ (role hr): compose, audience and count, send-to-me, submit/approve/schedule/cancel,
 * update and recall after sending, live tracking and the CSV export. The preview is the bot's own
 * card template with the same data (bot/cards/announcements/), so what HR sees is what staff get.
 */
/** The bot's renderer with Teams' size check, handed in by the composition root (server/modules/). */
export type CheckedAnnouncementCard = (
  content: AnnouncementContent,
  options: AnnouncementCardOptions,
) => { card: object; bytes: number };

export function registerAnnouncementRoutes(
  router: TabRouter,
  db: Db,
  service: AnnouncementService,
  checkedAnnouncementCard: CheckedAnnouncementCard,
): void {
  router.get('/announcements', async (viewer) => ({
    announcements: (await service.list(viewer)).map(summary),
  }));

  router.post('/announcements', async (viewer, req) => detail(await service.create(viewer, req.body)));

  router.post('/announcements-preview', async (viewer, req) => {
    requireHr(viewer);
    // The object schema (draftObject): the draft's cross-field rules need the audience, which a preview has not.
    const d = parseOrThrow(draftObject.omit({ audience: true }), req.body);
    const content = contentOfDraft(d);
    const { card, bytes } = checkedAnnouncementCard(content, {
      announcementId: '00000000-0000-0000-0000-000000000000',
    });
    return {
      card,
      bytes,
      data: announcementCardData(content, { announcementId: '00000000-0000-0000-0000-000000000000' }),
    };
  });

  router.post('/announcements-audience/count', async (viewer, req) => ({
    count: await service.count(viewer, parseOrThrow(audienceSchema, req.body, 'The audience has problems.')),
  }));

  router.post('/announcements-audience/list', async (viewer, req) => {
    const { text } = parseOrThrow(
      z.object({ text: z.string().max(10_000_000) }),
      req.body,
      'The list has problems.',
    );
    return service.resolveList(viewer, text);
  });

  router.get('/announcements-audience/options', async (viewer) => {
    requireHr(viewer);
    return {
      ...(await audienceUnits(db)),
      roles: ['hr', 'wlb_officer', 'executive', 'admin', 'manager'],
      // Teams the bot is installed in: their General channel can get the announcement too.
      teams: await service.teams(viewer),
    };
  });

  router.get('/announcements/:id', async (viewer, req) => {
    const a = await service.get(viewer, idOf(req));
    return {
      ...detail(a),
      card: checkedAnnouncementCard(contentOf(a), { announcementId: a.id, revision: a.revision }).card,
    };
  });
  router.put('/announcements/:id', async (viewer, req) =>
    detail(await service.edit(viewer, idOf(req), req.body)),
  );
  router.post('/announcements/:id/send-to-me', async (viewer, req) => service.sendToMe(viewer, idOf(req)));
  router.post('/announcements/:id/submit', async (viewer, req) =>
    detail(await service.submit(viewer, idOf(req), req.body)),
  );
  router.post('/announcements/:id/approve', async (viewer, req) =>
    detail(await service.approve(viewer, idOf(req))),
  );
  router.post('/announcements/:id/cancel', async (viewer, req) =>
    detail(await service.cancel(viewer, idOf(req))),
  );
  router.post('/announcements/:id/update', async (viewer, req) =>
    detail(await service.update(viewer, idOf(req), req.body)),
  );
  router.post('/announcements/:id/recall', async (viewer, req) => {
    const { mode } = parseOrThrow(
      z.object({ mode: z.enum(['delete', 'notice']).default('notice') }),
      req.body,
      'The recall has problems.',
    );
    return detail(await service.recall(viewer, idOf(req), mode));
  });
  router.get('/announcements/:id/tracking', async (viewer, req) => service.tracking(viewer, idOf(req)));
  router.download('/announcements/:id/export.csv', async (viewer, req) => {
    const csv = await service.exportCsv(viewer, idOf(req));
    return new FileReply('text/csv; charset=utf-8', `announcement-${idOf(req)}.csv`, csv);
  });
}
