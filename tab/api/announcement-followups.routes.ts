import type { AnnouncementReminders } from '../../core/announcements/reminders.service.ts';
import type { TabRouter } from './tab-router.ts';

const idOf = (req: { params?: Record<string, string> }) => req.params?.id ?? '';

export interface FollowUpServices {
  reminders: AnnouncementReminders;
}

/** お知らせ after the first send (issue 20): who was reminded. */
export function registerAnnouncementFollowUpRoutes(router: TabRouter, s: FollowUpServices): void {
  router.get('/announcements/:id/reminders', async (viewer, req) => s.reminders.reminded(viewer, idOf(req)));
}
