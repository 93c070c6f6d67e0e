import type { Db } from '../db/db.ts';
import type { EmployeeProfile } from '../org/org.table.ts';
import { parseIsoDate, tokyoDateOf } from '../shared/calendar.ts';
import { AppError } from '../shared/errors.ts';
import { isCampaignMember } from './campaign.repository.ts';
import { type CampaignPhase, campaignPhase } from './campaign.rules.ts';
import { requireCampaign } from './campaign.service.ts';
import { bilingual } from './leave.messages.ts';
import type { StoredCampaign, StoredPlan } from './leave.table.ts';
import type { LeaveKind, PlanEntry } from './leave.types.ts';
import { type LeaveBalance, leaveBalance } from './leave-balance.rules.ts';
import { annualGrant, findPlan, findPlanById, savePlanVersion, takenLeave } from './leave-plan.repository.ts';
import { validatePlan } from './leave-plan.rules.ts';
import { type GridDay, planGrid } from './plan-grid.rules.ts';

/** Everything the plan card shows to one person. */
export interface PlanCardModel {
  campaign: StoredCampaign;
  phase: CampaignPhase;
  days: GridDay[];
  plan: StoredPlan | undefined;
  balance: LeaveBalance;
}

const notTargeted = () =>
  new AppError(
    'forbidden',
    bilingual({
      ja: 'あなたはこの休暇計画表の対象ではありません',
      en: 'This leave plan is not addressed to you',
    }),
  );

/** The person's annual leave this year: used (attendance) and remaining, against the 15-day goal. */
export async function balanceFor(
  db: Db,
  employeeId: string,
  employeeNo: string,
  now: Date,
  planned: readonly PlanEntry[] = [],
): Promise<LeaveBalance> {
  const today = tokyoDateOf(now);
  const year = parseIsoDate(today).y;
  const grant = await annualGrant(db, employeeId, year);
  const taken = await takenLeave(db, [employeeId], `${year}-01-01`, today);
  return leaveBalance({
    year,
    ...grant,
    taken: taken.map((t) => ({ ...t, employeeNo })),
    asOf: today,
    planned,
  });
}

export async function planCardModel(
  db: Db,
  campaignId: string,
  employee: Pick<EmployeeProfile, 'id' | 'employeeNo'>,
  now: Date,
): Promise<PlanCardModel> {
  const campaign = await requireCampaign(db, campaignId);
  if (!(await isCampaignMember(db, campaign.id, employee.id))) throw notTargeted();
  return planCardModelFor(db, campaign, employee, now);
}

// The grid depends only on the period; a reminder run builds thousands of cards for one period.
const grids = new Map<string, GridDay[]>();
function gridOf(period: StoredCampaign['period']): GridDay[] {
  const key = `${period.start}/${period.end}`;
  let grid = grids.get(key);
  if (!grid) {
    if (grids.size > 32) grids.clear();
    grid = planGrid(period);
    grids.set(key, grid);
  }
  return grid;
}

/** As planCardModel for a campaign and a member already resolved (the reminder job's hot path). */
export async function planCardModelFor(
  db: Db,
  campaign: StoredCampaign,
  employee: Pick<EmployeeProfile, 'id' | 'employeeNo'>,
  now: Date,
): Promise<PlanCardModel> {
  const plan = await findPlan(db, campaign.id, employee.id);
  return {
    campaign,
    phase: campaignPhase(campaign, now),
    days: gridOf(campaign.period),
    plan,
    // The plan's annual leave against what remains: 3 days left and 6 planned is said on the card.
    balance: await balanceFor(db, employee.id, employee.employeeNo, now, plan?.entries ?? []),
  };
}

/** Short choice values keep the longest card (summer, 60+ days) well under Teams' 40 KB. */
export const CARD_CHOICE_CODE: Record<LeaveKind, string> = {
  annual_full: 'F',
  annual_am: 'AM',
  annual_pm: 'PM',
  summer: 'S',
  special_other: 'O',
};
export const CARD_NO_LEAVE = '-';
const KIND_OF_CODE = new Map(Object.entries(CARD_CHOICE_CODE).map(([kind, code]) => [code, kind]));

/**
 * Card inputs are named d2026-07-01 (one per day) plus `note`; '-' or empty means no leave that
 * day. An unknown value is passed on as is, so validation names it instead of dropping it.
 */
export function entriesFromCardInputs(data: Record<string, unknown>): {
  entries: { date: string; kind: string }[];
  note?: string;
} {
  const entries: { date: string; kind: string }[] = [];
  for (const [key, value] of Object.entries(data)) {
    const m = /^d(\d{4}-\d{2}-\d{2})$/.exec(key);
    if (!m || value === undefined || value === '' || value === CARD_NO_LEAVE) continue;
    entries.push({ date: m[1] as string, kind: KIND_OF_CODE.get(String(value)) ?? String(value) });
  }
  const note = typeof data.note === 'string' && data.note.trim() !== '' ? data.note : undefined;
  return { entries, ...(note ? { note } : {}) };
}

/**
 * Saves a person's plan from a card or the tab. Refused, with nothing stored: a campaign not
 * addressed to them, another person's plan id, a closed or not-yet-open campaign, any bad day.
 */
export async function submitPlan(
  db: Db,
  employee: Pick<EmployeeProfile, 'id' | 'employeeNo'>,
  request: { campaignId: string; planId?: string; baseVersion: number | null; submission: unknown },
  now: Date,
): Promise<StoredPlan> {
  const campaign = await requireCampaign(db, request.campaignId);
  if (!(await isCampaignMember(db, campaign.id, employee.id))) throw notTargeted();
  if (request.planId) {
    const plan = await findPlanById(db, request.planId);
    if (!plan || plan.employeeId !== employee.id || plan.campaignId !== campaign.id)
      throw new AppError(
        'forbidden',
        bilingual({ ja: 'この計画はあなたのものではありません', en: 'This plan is not yours' }),
      );
  }
  const valid = validatePlan(campaign, request.submission, now);
  return savePlanVersion(db, {
    campaignId: campaign.id,
    employeeId: employee.id,
    baseVersion: request.baseVersion,
    entries: valid.entries,
    note: valid.note ?? null,
    submittedBy: employee.id,
  });
}
