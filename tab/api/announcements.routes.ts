import {
  type AnnouncementCardOptions,
  announcementCardData,
} from '../../contracts/announcement-card/announcement.card-data.ts';
import {
  approveAnnouncement,
  cancelAnnouncement,
  countAudience,
  createAnnouncement,
  editAnnouncement,
  exportAnnouncement,
  getAnnouncement,
  getAudienceOptions,
  listAnnouncements,
  previewAnnouncement,
  recallAnnouncement,
  resolveAudienceList,
  sendAnnouncementToMe,
  submitAnnouncement,
  trackAnnouncement,
  updateAnnouncement,
} from '../../contracts/tab-api/announcements.contract.ts';
import { requireAnnouncementComposer } from '../../core/access/policies.ts';
import { audienceUnits } from '../../core/announcements/announcement.repository.ts';
import { audienceSchema, draftObject, parseOrThrow } from '../../core/announcements/announcement.schema.ts';
import type { AnnouncementService } from '../../core/announcements/announcement.service.ts';
import { contentOfDraft, requireHr } from '../../core/announcements/announcement.service.ts';
import type { AnnouncementContent, AnnouncementRow } from '../../core/announcements/announcement.table.ts';
import { contentOf } from '../../core/announcements/announcement.table.ts';
import type { Db } from '../../core/db/db.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

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
  router.route(listAnnouncements, async (viewer) => ({
    announcements: (await service.list(viewer)).map(summary),
  }));

  router.route(createAnnouncement, async (viewer, _input, req) =>
    detail(await service.create(viewer, req.body)),
  );

  router.route(
    previewAnnouncement,
    async (_viewer, _input, req) => {
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
    },
    { authorize: requireAnnouncementComposer },
  );

  router.route(
    countAudience,
    async (viewer, _input, req) => ({
      count: await service.count(
        viewer,
        parseOrThrow(audienceSchema, req.body, 'The audience has problems.'),
      ),
    }),
    { authorize: requireAnnouncementComposer },
  );

  router.route(resolveAudienceList, async (viewer, { body }) => service.resolveList(viewer, body.text));

  router.route(getAudienceOptions, async (viewer) => {
    requireHr(viewer);
    return {
      ...(await audienceUnits(db)),
      roles: ['hr', 'wlb_officer', 'executive', 'admin', 'manager'] as const,
      // Teams the bot is installed in: their General channel can get the announcement too.
      teams: await service.teams(viewer),
    };
  });

  router.route(getAnnouncement, async (viewer, { params: { id } }) => {
    const a = await service.get(viewer, id);
    return {
      ...detail(a),
      card: checkedAnnouncementCard(contentOf(a), { announcementId: a.id, revision: a.revision }).card,
    };
  });
  // The draft bodies go to the service as sent: its schema needs the settings in force.
  router.route(editAnnouncement, async (viewer, { params: { id } }, req) =>
    detail(await service.edit(viewer, id, req.body)),
  );
  router.route(sendAnnouncementToMe, async (viewer, { params: { id } }) => service.sendToMe(viewer, id));
  router.route(submitAnnouncement, async (viewer, { params: { id } }, req) =>
    detail(await service.submit(viewer, id, req.body)),
  );
  router.route(approveAnnouncement, async (viewer, { params: { id } }) =>
    detail(await service.approve(viewer, id)),
  );
  router.route(cancelAnnouncement, async (viewer, { params: { id } }) =>
    detail(await service.cancel(viewer, id)),
  );
  router.route(updateAnnouncement, async (viewer, { params: { id } }, req) =>
    detail(await service.update(viewer, id, req.body)),
  );
  router.route(recallAnnouncement, async (viewer, { params: { id }, body }) =>
    detail(await service.recall(viewer, id, body.mode)),
  );
  router.route(trackAnnouncement, async (viewer, { params: { id } }) => service.tracking(viewer, id));
  router.route(exportAnnouncement, async (viewer, { params: { id } }) => {
    const csv = await service.exportCsv(viewer, id);
    return new FileReply('text/csv; charset=utf-8', `announcement-${id}.csv`, csv);
  });
}
