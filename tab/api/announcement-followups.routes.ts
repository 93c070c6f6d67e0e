import {
  addEntraGroup,
  approveSeries,
  createSeries,
  deleteTemplate,
  describeEntraGroups,
  editSeries,
  getMailCounts,
  getReminded,
  getSeries,
  listSeries,
  listTemplates,
  saveTemplate,
  searchEntraGroups,
  startFromTemplate,
  stopSeries,
} from '../../contracts/tab-api/announcement-followups.contract.ts';
import { requireAnnouncementComposer } from '../../core/access/policies.ts';
import type { EntraAudience } from '../../core/announcements/entra-audience.service.ts';
import type { MailFallback } from '../../core/announcements/mail-fallback.service.ts';
import type { AnnouncementReminders } from '../../core/announcements/reminders.service.ts';
import type { AnnouncementSeries } from '../../core/announcements/series.service.ts';
import type { AnnouncementTemplates } from '../../core/announcements/templates.service.ts';
import type { RouteOptions, TabRouter } from './tab-router.ts';

export interface FollowUpServices {
  reminders: AnnouncementReminders;
  series: AnnouncementSeries;
  entra: EntraAudience;
  mail: MailFallback;
  templates: AnnouncementTemplates;
}

/** Every follow-up is HR's (the services check it again: the bot and jobs call them too). */
const hr: RouteOptions = { authorize: requireAnnouncementComposer };

/**
 * お知らせ beyond one send (issue 20): who was reminded; recurring series. The drafts, groups and
 * rules go to the services as sent: they check them (a draft's rules need the settings in force).
 */
export function registerAnnouncementFollowUpRoutes(router: TabRouter, s: FollowUpServices): void {
  router.route(getReminded, async (viewer, { params: { id } }) => s.reminders.reminded(viewer, id), hr);
  router.route(getMailCounts, async (viewer, { params: { id } }) => s.mail.counts(viewer, id), hr);

  // Entra groups: search by name, add (expanded now through Graph), describe the ones an audience names.
  router.route(
    searchEntraGroups,
    async (viewer, _input, req) =>
      s.entra.search(viewer, { q: (req.query as Record<string, string> | undefined)?.q }),
    hr,
  );
  router.route(addEntraGroup, async (viewer, _input, req) => s.entra.add(viewer, req.body), hr);
  router.route(
    describeEntraGroups,
    async (viewer, _input, req) =>
      s.entra.describe(viewer, ((req.body as { ids?: string[] })?.ids ?? []).slice(0, 20)),
    hr,
  );

  router.route(listTemplates, async (viewer) => s.templates.list(viewer), hr);
  router.route(saveTemplate, async (viewer, _input, req) => s.templates.save(viewer, req.body), hr);
  router.route(startFromTemplate, async (viewer, { params: { id } }) => s.templates.start(viewer, id), hr);
  router.route(deleteTemplate, async (viewer, { params: { id } }) => s.templates.remove(viewer, id), hr);

  router.route(listSeries, async (viewer) => ({ series: await s.series.list(viewer) }), hr);
  router.route(createSeries, async (viewer, _input, req) => s.series.create(viewer, req.body), hr);
  router.route(getSeries, async (viewer, { params: { id } }) => s.series.get(viewer, id), hr);
  router.route(
    editSeries,
    async (viewer, { params: { id } }, req) => s.series.edit(viewer, id, req.body),
    hr,
  );
  router.route(approveSeries, async (viewer, { params: { id } }) => s.series.approve(viewer, id), hr);
  router.route(stopSeries, async (viewer, { params: { id } }) => s.series.stop(viewer, id), hr);
}
