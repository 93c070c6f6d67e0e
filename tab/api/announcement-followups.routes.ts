import type { EntraAudience } from '../../core/announcements/entra-audience.service.ts';
import type { MailFallback } from '../../core/announcements/mail-fallback.service.ts';
import type { AnnouncementReminders } from '../../core/announcements/reminders.service.ts';
import type { AnnouncementSeries } from '../../core/announcements/series.service.ts';
import type { AnnouncementTemplates } from '../../core/announcements/templates.service.ts';
import type { TabRouter } from './tab-router.ts';

const idOf = (req: { params?: Record<string, string> }) => req.params?.id ?? '';

export interface FollowUpServices {
  reminders: AnnouncementReminders;
  series: AnnouncementSeries;
  entra: EntraAudience;
  mail: MailFallback;
  templates: AnnouncementTemplates;
}

/** お知らせ beyond one send (issue 20): who was reminded; recurring series. */
export function registerAnnouncementFollowUpRoutes(router: TabRouter, s: FollowUpServices): void {
  router.get('/announcements/:id/reminders', async (viewer, req) => s.reminders.reminded(viewer, idOf(req)));
  router.get('/announcements/:id/mail', async (viewer, req) => s.mail.counts(viewer, idOf(req)));

  // Entra groups: search by name, add (expanded now through Graph), describe the ones an audience names.
  router.get('/announcements-audience/entra-groups', async (viewer, req) =>
    s.entra.search(viewer, { q: (req.query as Record<string, string> | undefined)?.q }),
  );
  router.post('/announcements-audience/entra-groups', async (viewer, req) => s.entra.add(viewer, req.body));
  router.post('/announcements-audience/entra-groups/describe', async (viewer, req) =>
    s.entra.describe(viewer, ((req.body as { ids?: string[] })?.ids ?? []).slice(0, 20)),
  );

  router.get('/announcement-templates', async (viewer) => s.templates.list(viewer));
  router.post('/announcement-templates', async (viewer, req) => s.templates.save(viewer, req.body));
  router.post('/announcement-templates/:id/start', async (viewer, req) =>
    s.templates.start(viewer, idOf(req)),
  );
  router.post('/announcement-templates/:id/delete', async (viewer, req) =>
    s.templates.remove(viewer, idOf(req)),
  );

  router.get('/announcement-series', async (viewer) => ({ series: await s.series.list(viewer) }));
  router.post('/announcement-series', async (viewer, req) => s.series.create(viewer, req.body));
  router.get('/announcement-series/:id', async (viewer, req) => s.series.get(viewer, idOf(req)));
  router.post('/announcement-series/:id/edit', async (viewer, req) =>
    s.series.edit(viewer, idOf(req), req.body),
  );
  router.post('/announcement-series/:id/approve', async (viewer, req) => s.series.approve(viewer, idOf(req)));
  router.post('/announcement-series/:id/stop', async (viewer, req) => s.series.stop(viewer, idOf(req)));
}
