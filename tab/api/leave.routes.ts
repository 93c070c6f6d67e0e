import type { CampaignLine } from '../../contracts/tab-api/dashboard.contract.ts';
import {
  createCampaign as createCampaignRoute,
  exportSectionTable,
  getCampaign,
  getMyPlan,
  getPeriodPreset,
  getPlannedVsTaken,
  getSectionTable,
  getTargetOptions,
  importOpeningBalances as importOpeningBalancesRoute,
  listCampaignSections,
  listCampaigns,
  listMyPlans,
  submitMyPlan,
} from '../../contracts/tab-api/leave.contract.ts';
import { disclosureFloor } from '../../core/access/disclosure.service.ts';
import { hrOrAdmin, requireLeaveCampaignManager, wlbBureaus } from '../../core/access/policies.ts';
import { accessScope, auditExport } from '../../core/access/scope.ts';
import { hasRole, type Viewer } from '../../core/access/viewer.ts';
import { campaignFigures } from '../../core/dashboard/dashboard-figures.ts';
import type { Db } from '../../core/db/db.ts';
import { isCampaignMember, listCampaignRows, targetOptions } from '../../core/leave/campaign.repository.ts';
import { campaignPhase } from '../../core/leave/campaign.rules.ts';
import { createCampaign, requireCampaign } from '../../core/leave/campaign.service.ts';
import { findPlan } from '../../core/leave/leave-plan.repository.ts';
import { planCardModel, submitPlan } from '../../core/leave/leave-plan.service.ts';
import { importOpeningBalances } from '../../core/leave/opening-balance.service.ts';
import { presetPeriod } from '../../core/leave/period-presets.rules.ts';
import {
  plannedVsTakenFor,
  sectionsFor,
  sectionTableCsv,
  sectionTableFor,
  sectionTableXlsx,
} from '../../core/leave/section-plan.service.ts';
import { AppError } from '../../core/shared/errors.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const canManageCampaigns = (v: Viewer) => hasRole(v, 'hr', 'admin', 'wlb_officer');

/** Leave-plan campaigns: HR / WLB officers open them; managers read their sections' tables. */
export function registerLeaveRoutes(router: TabRouter, db: Db, now: () => Date): void {
  router.route(listCampaigns, async (viewer) => {
    const all = await listCampaignRows(db);
    const wlb = wlbBureaus(viewer);
    const full = hasRole(viewer, 'hr', 'admin');
    // Counts are shown to those who run campaigns; everyone else sees dates only. A WLB officer's
    // counts of their bureau's campaigns are the dashboard's figures, cut by the one disclosure
    // rule (a small campaign's answer count would tell who answered).
    const own = all.filter((c) => c.bureauScope !== null && wlb.includes(c.bureauScope));
    const figures =
      full || own.length === 0
        ? new Map<string, CampaignLine>()
        : new Map(
            (
              await campaignFigures(db, await accessScope(db, viewer), await disclosureFloor(db), {
                limit: all.length,
              })
            ).map((f) => [f.campaignId, f]),
          );
    const campaigns = all.map((c) => {
      if (full) return c;
      const f = own.includes(c) ? figures.get(c.id) : undefined;
      return { ...c, targets: f?.targeted ?? null, responded: f?.responded ?? null };
    });
    return { campaigns, canCreate: canManageCampaigns(viewer) };
  });

  // The viewer's own plans in the latest campaigns addressed to them (the 自分 view of this page).
  router.route(listMyPlans, async (viewer) => {
    const plans = [];
    for (const c of (await listCampaignRows(db)).slice(0, 12)) {
      if (!(await isCampaignMember(db, c.id, viewer.employee.id))) continue;
      const plan = await findPlan(db, c.id, viewer.employee.id);
      plans.push({
        campaign: {
          id: c.id,
          title: c.title,
          kind: c.kind,
          periodStart: c.periodStart,
          periodEnd: c.periodEnd,
          deadline: c.deadline,
        },
        phase: campaignPhase(c, now()),
        plan: plan ? { version: plan.version, entries: plan.entries, note: plan.note } : null,
      });
    }
    return { plans };
  });

  router.route(getPeriodPreset, async (_viewer, { query: { kind, year } }) => ({
    period: presetPeriod(kind, year),
  }));

  router.route(getTargetOptions, async (viewer) => {
    if (!canManageCampaigns(viewer)) return { ministryId: null, bureaus: [] };
    return targetOptions(db, hasRole(viewer, 'hr', 'admin') ? null : wlbBureaus(viewer));
  });

  // The attendance system's opening balances of 年次休暇 (docs/attendance-csv.md), hr/admin only.
  router.route(
    importOpeningBalancesRoute,
    async (viewer, { body: input }) => {
      const bytes = Buffer.from(input.contentBase64, 'base64');
      if (bytes.length === 0 || bytes.length > 5 * 1024 * 1024)
        throw new AppError('bad_request', 'The file is empty or larger than 5 MB.', [
          { where: 'contentBase64', message: 'the file is empty or larger than 5 MB' },
        ]);
      return {
        fileName: input.fileName,
        ...(await importOpeningBalances(db, bytes, { id: viewer.employee.id })),
      };
    },
    { authorize: hrOrAdmin },
  );

  // The definition goes to core/leave as sent: it fills in the kind's preset period and checks the targets.
  router.route(
    createCampaignRoute,
    async (viewer, _input, req) => ({
      campaign: await createCampaign(db, { kind: 'viewer', viewer }, req.body, now()),
    }),
    { authorize: requireLeaveCampaignManager },
  );

  router.route(getCampaign, async (_viewer, { params }) => ({
    campaign: await requireCampaign(db, params.id),
  }));

  router.route(listCampaignSections, async (viewer, { params }) => ({
    sections: await sectionsFor(db, viewer, params.id),
  }));

  router.route(getSectionTable, async (viewer, { params }) =>
    sectionTableFor(db, viewer, params.id, params.sectionId),
  );

  router.route(exportSectionTable, async (viewer, { params, query: { format } }) => {
    const view = await sectionTableFor(db, viewer, params.id, params.sectionId);
    await auditExport(db, viewer, {
      action: 'leave.section_table.export',
      targetType: 'section',
      targetId: view.sectionId,
      detail: { campaignId: view.campaign.id, format, rows: view.rows.length },
    });
    const name = `leave-plan-${view.campaign.period.start}-${view.sectionName}`;
    return format === 'csv'
      ? new FileReply('text/csv; charset=utf-8', `${name}.csv`, sectionTableCsv(view))
      : new FileReply(XLSX, `${name}.xlsx`, await sectionTableXlsx(view));
  });

  router.route(getPlannedVsTaken, async (viewer, { params }) => plannedVsTakenFor(db, viewer, params.id));

  router.route(getMyPlan, async (viewer, { params }) => {
    const model = await planCardModel(db, params.id, viewer.employee, now());
    return {
      phase: model.phase,
      days: model.days,
      plan: model.plan ?? null,
      balance: model.balance,
      campaign: model.campaign,
    };
  });

  // The submission goes to core/leave as sent: it is checked against the campaign's own rules.
  router.route(submitMyPlan, async (viewer, { params: { id: campaignId } }, req) => {
    const body = (req.body ?? {}) as { baseVersion?: unknown };
    const current = await findPlan(db, campaignId, viewer.employee.id).catch(() => undefined);
    const baseVersion = typeof body.baseVersion === 'number' ? body.baseVersion : (current?.version ?? null);
    const plan = await submitPlan(
      db,
      viewer.employee,
      { campaignId, baseVersion: baseVersion === 0 ? null : baseVersion, submission: req.body },
      now(),
    );
    return { plan };
  });
}
