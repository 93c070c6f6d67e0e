import ExcelJS from 'exceljs';
import { hasRole, type Viewer } from '../access/viewer.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { subtreeIds } from '../org/org.repository.ts';
import { toCsv } from '../shared/csv-writer.ts';
import { AppError } from '../shared/errors.ts';
import { campaignMembers } from './campaign.repository.ts';
import { requireCampaign } from './campaign.service.ts';
import { bilingual } from './leave.messages.ts';
import type { StoredCampaign } from './leave.table.ts';
import { LEAVE_KIND_LABEL, type LeaveKind } from './leave.types.ts';
import { campaignPlans, takenLeave } from './leave-plan.repository.ts';
import { type PersonOutcome, plannedVsTaken, type SectionOutcome } from './planned-vs-taken.rules.ts';
import { type SectionPlanTable, sectionPlanTable } from './section-plan.rules.ts';

export interface SectionTableView extends SectionPlanTable {
  campaign: Pick<StoredCampaign, 'id' | 'title' | 'kind' | 'period' | 'deadline' | 'coverageWarningShare'>;
  sectionName: string;
  /** false when the viewer sees only part of the section (their subtree). */
  wholeSection: boolean;
}

/**
 * Who may see a section's people (spec §2): HR and admins everyone; a manager only the members in
 * their own subtree. Anyone else, or a manager with nobody in the section, is refused.
 */
async function visibleMembers<T extends { employeeId: string }>(
  db: Db,
  viewer: Viewer,
  members: T[],
): Promise<T[]> {
  if (hasRole(viewer, 'hr', 'admin')) return members;
  if (!hasRole(viewer, 'manager')) throw forbidden();
  const mine = new Set(await subtreeIds(db, viewer.employee.id));
  const visible = members.filter((m) => mine.has(m.employeeId));
  if (visible.length === 0) throw forbidden();
  return visible;
}

const forbidden = () =>
  new AppError(
    'forbidden',
    bilingual({
      ja: 'この課室の計画表を見る権限がありません',
      en: 'You may not see this section’s leave plans',
    }),
  );

/** The section's plan table as the viewer may see it; every read of others' plans is audited. */
export async function sectionTableFor(
  db: Db,
  viewer: Viewer,
  campaignId: string,
  sectionId: string,
): Promise<SectionTableView> {
  const campaign = await requireCampaign(db, campaignId);
  const all = /^[0-9a-f-]{36}$/i.test(sectionId) ? await campaignMembers(db, campaign.id, { sectionId }) : [];
  if (all.length === 0)
    throw new AppError(
      'not_found',
      bilingual({
        ja: 'この課室は計画表の対象ではありません',
        en: 'This section is not part of the campaign',
      }),
    );
  const members = await visibleMembers(db, viewer, all);
  const plans = await campaignPlans(db, campaign.id, { sectionId });
  const table = sectionPlanTable(
    sectionId,
    campaign.period,
    members.map((m) => ({ ...m, name: m.name })),
    plans,
    campaign,
  );
  await writeAudit(db, {
    actorId: viewer.employee.id,
    action: 'leave.section_table.read',
    targetType: 'section',
    targetId: sectionId,
    detail: { campaignId, rows: table.rows.length },
  });
  return {
    ...table,
    campaign: {
      id: campaign.id,
      title: campaign.title,
      kind: campaign.kind,
      period: campaign.period,
      deadline: campaign.deadline,
      coverageWarningShare: campaign.coverageWarningShare,
    },
    sectionName: all[0]?.sectionName ?? '',
    wholeSection: members.length === all.length,
  };
}

/** Sections of the campaign the viewer may open (for the tab's picker). */
export async function sectionsFor(
  db: Db,
  viewer: Viewer,
  campaignId: string,
): Promise<{ id: string; name: string; members: number }[]> {
  const campaign = await requireCampaign(db, campaignId);
  const all = await campaignMembers(db, campaign.id);
  let members = all;
  if (!hasRole(viewer, 'hr', 'admin')) {
    const mine = new Set(hasRole(viewer, 'manager') ? await subtreeIds(db, viewer.employee.id) : []);
    members = all.filter((m) => mine.has(m.employeeId));
  }
  const sections = new Map<string, { id: string; name: string; members: number }>();
  for (const m of members) {
    const s = sections.get(m.sectionId) ?? { id: m.sectionId, name: m.sectionName, members: 0 };
    s.members++;
    sections.set(m.sectionId, s);
  }
  return [...sections.values()];
}

const KIND_SHORT: Record<LeaveKind, string> = {
  annual_full: '年',
  annual_am: '前',
  annual_pm: '後',
  summer: '夏',
  special_other: '特',
};

function tableMatrix(view: SectionTableView): string[][] {
  // 提出: who has not answered yet is what the 課長 follows up on (last column, so the grid stays put).
  const header = ['職員番号', '氏名', ...view.days.map((d) => d.date), '計画日数', '提出'];
  const rows = view.rows.map((r) => [
    r.employeeNo,
    r.name ?? '',
    ...r.cells.map((c, i) => (c ? KIND_SHORT[c] : view.days[i]?.working ? '' : '休')),
    String(r.plannedDays),
    r.responded ? '提出済' : '未提出',
  ]);
  const load = [
    '',
    '不在割合',
    ...view.load.map((l) =>
      view.days.find((d) => d.date === l.date)?.working
        ? `${Math.round(l.share * 100)}%${l.warning ? '!' : ''}`
        : '',
    ),
    '',
    '',
  ];
  return [header, ...rows, load];
}

/** CSV through the one writer (BOM, CRLF, formula triggers in names neutralised). */
export function sectionTableCsv(view: SectionTableView): string {
  return toCsv(tableMatrix(view));
}

/** The same table as an Excel workbook: a legend sheet names the codes; warning days are shaded. */
export async function sectionTableXlsx(view: SectionTableView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kinmu Companion';
  const ws = wb.addWorksheet('休暇計画表');
  const matrix = tableMatrix(view);
  ws.addRow([`${view.campaign.title} — ${view.sectionName}`]);
  for (const row of matrix) ws.addRow(row);
  const headerRow = ws.getRow(2);
  headerRow.font = { bold: true };
  view.load.forEach((l, i) => {
    if (!l.warning) return;
    const cell = ws.getRow(2).getCell(3 + i);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
  });
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 2 }];
  const legend = wb.addWorksheet('凡例');
  legend.addRow(['記号', '意味']);
  for (const [kind, short] of Object.entries(KIND_SHORT))
    legend.addRow([short, LEAVE_KIND_LABEL[kind as LeaveKind].ja]);
  legend.addRow(['休', '週休日・祝日・年末年始']);
  legend.addRow(['!', `不在が${Math.round(view.campaign.coverageWarningShare * 100)}%を超える日`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** After the period: planned vs taken for the viewer (own row) and, for managers, their sections. */
export async function plannedVsTakenFor(
  db: Db,
  viewer: Viewer,
  campaignId: string,
): Promise<{ me: PersonOutcome | undefined; sections: (SectionOutcome & { name: string })[] }> {
  const campaign = await requireCampaign(db, campaignId);
  const all = await campaignMembers(db, campaign.id);
  const canSeeOthers = hasRole(viewer, 'hr', 'admin', 'manager');
  const members = canSeeOthers ? await visibleMembers(db, viewer, all).catch(() => []) : [];
  const self = all.filter((m) => m.employeeId === viewer.employee.id);
  const people = [...new Map([...members, ...self].map((m) => [m.employeeId, m])).values()];
  const plans = await campaignPlans(db, campaign.id);
  const taken = await takenLeave(
    db,
    people.map((p) => p.employeeId),
    campaign.period.start,
    campaign.period.end,
  );
  const result = plannedVsTaken(campaign.period, people, plans, taken);
  const names = new Map(all.map((m) => [m.sectionId, m.sectionName]));
  const sections = result.sections.filter((s) => members.some((m) => m.sectionId === s.sectionId));
  if (members.length > 0)
    await writeAudit(db, {
      actorId: viewer.employee.id,
      action: 'leave.planned_vs_taken.read',
      targetType: 'leave_campaign',
      targetId: campaign.id,
      detail: { people: members.length },
    });
  return {
    me: result.people.find((p) => p.employeeNo === viewer.employee.employeeNo),
    sections: sections.map((s) => ({ ...s, name: names.get(s.sectionId) ?? '' })),
  };
}
