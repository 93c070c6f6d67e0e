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
