import { z } from 'zod';
import { route } from './route-contract.ts';

/** 休暇計画 (tab/api/leave.routes.ts): campaigns, section tables and their export, opening balances. */

export type CampaignKind = 'gw' | 'summer' | 'year_end' | 'custom';

export interface CampaignRow {
  id: string;
  kind: CampaignKind;
  title: string;
  periodStart: string;
  periodEnd: string;
  openingDate: string;
  deadline: string;
  bureauScope: string | null;
  /** null when the viewer does not run this campaign (counts are for HR / the bureau's WLB officer). */
  targets: number | null;
  responded: number | null;
}

export interface TargetOptions {
  ministryId: string | null;
  bureaus: { id: string; name: string; sections: { id: string; name: string }[] }[];
}

export interface GridDay {
  date: string;
  weekday: number;
  working: boolean;
  holidayName?: string;
  bridge: boolean;
}

export interface SectionTable {
  campaign: {
    id: string;
    title: string;
    period: { start: string; end: string };
    coverageWarningShare: number;
  };
  sectionId: string;
  sectionName: string;
  /** false when the viewer sees only part of the section (their subtree). */
  wholeSection: boolean;
  days: GridDay[];
  rows: {
    employeeNo: string;
    name?: string;
    responded: boolean;
    cells: (string | null)[];
    plannedDays: number;
  }[];
  load: { date: string; share: number; warning: boolean }[];
  members: number;
  responded: number;
}

const campaignId = z.string();

export const listCampaigns = route<{ campaigns: CampaignRow[]; canCreate: boolean }>()({
  method: 'GET',
  path: '/leave/campaigns',
});

/** The period presets exist for the named campaign kinds; a custom campaign gives its own dates. */
export const getPeriodPreset = route<{ period: { start: string; end: string } }>()({
  method: 'GET',
  path: '/leave/presets',
  query: z.object({
    kind: z.enum(['gw', 'summer', 'year_end']),
    year: z.coerce.number().int().min(1970).max(2049),
  }),
});

/** Where a campaign may be addressed: empty for those who cannot open one. */
export const getTargetOptions = route<TargetOptions>()({ method: 'GET', path: '/leave/target-options' });

export const getSectionTable = route<SectionTable>()({
  method: 'GET',
  path: '/leave/campaigns/:id/sections/:sectionId/table',
  params: z.object({ id: campaignId, sectionId: z.string() }),
});

export const exportSectionTable = route()({
  method: 'GET',
  path: '/leave/campaigns/:id/sections/:sectionId/export',
  params: z.object({ id: campaignId, sectionId: z.string() }),
  query: z.object({ format: z.enum(['csv', 'xlsx']) }),
  download: true,
});

/** The attendance system's opening balances of 年次休暇 (docs/attendance-csv.md), hr/admin only. */
export const importOpeningBalances = route<{ fileName: string } & Record<string, unknown>>()({
  method: 'POST',
  path: '/leave/opening-balances',
  body: z.object({
    fileName: z.string().trim().min(1).max(200),
    contentBase64: z.string().min(1, 'the file is empty'),
  }),
});

export type LeaveKind = 'annual_full' | 'annual_am' | 'annual_pm' | 'summer' | 'special_other';
export type CampaignPhase = 'scheduled' | 'open' | 'closed';

export interface PlanEntry {
  date: string;
  kind: LeaveKind;
}

/** A campaign as stored: its definition with every default filled in (core/leave/campaign.schema.ts). */
export interface LeaveCampaign {
  id: string;
  kind: CampaignKind;
  title: string;
  period: { start: string; end: string };
  targets: { ministryId?: string; bureauIds: string[]; sectionIds: string[] };
  openingDate: string;
  deadline: string;
  reminders: { time: string; atOpening: boolean; daysBeforeDeadline: number[] };
  message: { ja: string; en?: string };
  summerMaxDays: number;
  allowedKinds: LeaveKind[];
  halfDayAllowed: boolean;
  coverageWarningShare: number;
  lowResponseRate: number;
  /** null: ministry-wide (HR); otherwise the bureau of the WLB officer who opened it. */
  bureauScope: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** The current version of one person's plan. */
export interface LeavePlan {
  id: string;
  campaignId: string;
  employeeId: string;
  version: number;
  entries: PlanEntry[];
  note: string | null;
  submittedAt: string;
}

/** The viewer's own plan in one campaign addressed to them (the 自分 view of the page). */
export interface MyPlan {
  campaign: {
    id: string;
    title: string;
    kind: CampaignKind;
    periodStart: string;
    periodEnd: string;
    deadline: string;
  };
  phase: CampaignPhase;
  plan: { version: number; entries: PlanEntry[]; note: string | null } | null;
}

export interface LeaveBalance {
  year: number;
  entitlementDays: number;
  grantedDays: number;
  carriedOverDays: number;
  basis: 'imported' | 'recorded' | 'computed' | 'default';
  usedDays: number;
  /** entitlement − used, never below 0: an excess is overdrawnDays, shown with its reason. */
  remainingDays: number;
  /** Used beyond the entitlement (attendance data and grant disagree); 0 normally. */
  overdrawnDays: number;
  /** Planned annual leave beyond what remains: the card warns (3 days left, 6 planned → 3). */
  plannedBeyondDays: number;
  goalDays: number;
  /** Days still to take to reach the goal (0 once reached). */
  toGoalDays: number;
  goalReached: boolean;
  /** used / goal, capped at 1, for a progress bar. */
  goalProgress: number;
  /** Annual leave planned after asOf, and used + planned. */
  plannedDays: number;
  projectedDays: number;
}

export interface LeaveOutcome {
  plannedDays: number;
  takenDays: number;
  /** Taken on a planned date, up to what was planned for that date. */
  plannedTakenDays: number;
  /** Taken beyond the plan (other dates, or more than planned on a date). */
  unplannedTakenDays: number;
  /** plannedTakenDays / plannedDays; null when nothing was planned. */
  adherence: number | null;
}

export const listMyPlans = route<{ plans: MyPlan[] }>()({ method: 'GET', path: '/leave/my-plans' });

/** HR or a bureau WLB officer opens a campaign; core/leave checks the definition (presets, targets). */
export const createCampaign = route<{ campaign: LeaveCampaign }>()({
  method: 'POST',
  path: '/leave/campaigns',
});

export const getCampaign = route<{ campaign: LeaveCampaign }>()({
  method: 'GET',
  path: '/leave/campaigns/:id',
  params: z.object({ id: campaignId }),
});

/** A section of a campaign the viewer may open. */
export interface CampaignSection {
  id: string;
  name: string;
  members: number;
}

export const listCampaignSections = route<{ sections: CampaignSection[] }>()({
  method: 'GET',
  path: '/leave/campaigns/:id/sections',
  params: z.object({ id: campaignId }),
});

export const getPlannedVsTaken = route<{
  me?: LeaveOutcome & { employeeNo: string; sectionId: string; responded: boolean };
  sections: (LeaveOutcome & {
    sectionId: string;
    name: string;
    members: number;
    responded: number;
    takenPerMember: number;
  })[];
}>()({
  method: 'GET',
  path: '/leave/campaigns/:id/planned-vs-taken',
  params: z.object({ id: campaignId }),
});

export const getMyPlan = route<{
  phase: CampaignPhase;
  days: GridDay[];
  plan: LeavePlan | null;
  balance: LeaveBalance;
  campaign: LeaveCampaign;
}>()({
  method: 'GET',
  path: '/leave/campaigns/:id/my-plan',
  params: z.object({ id: campaignId }),
});

/** The viewer's plan; core/leave checks it against the campaign (kinds, dates, summer days). */
export const submitMyPlan = route<{ plan: LeavePlan }>()({
  method: 'POST',
  path: '/leave/campaigns/:id/my-plan',
  params: z.object({ id: campaignId }),
});
