import type { LeavePlan } from '../../contracts/tab-api/leave.contract.ts';
import type { Locale } from '../org/org.table.ts';
import type { IsoDate } from '../shared/calendar.ts';
import type { Campaign } from './campaign.schema.ts';

/** A campaign as stored: the checked definition plus who opened it and for which bureau. */
export interface StoredCampaign extends Campaign {
  id: string;
  title: string;
  /** null: ministry-wide (HR); otherwise the bureau of the WLB officer who opened it. */
  bureauScope: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** A target person with what the bot and the tables need about them. */
export interface CampaignMember {
  employeeId: string;
  employeeNo: string;
  name: string;
  entraOid: string | null;
  locale: Locale;
  sectionId: string;
  sectionName: string;
  managerId: string | null;
}

/** The current version of one person's plan (declared once, in the tab's contract). */
export type StoredPlan = LeavePlan;

export interface CampaignSummaryRow {
  id: string;
  kind: Campaign['kind'];
  title: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  openingDate: IsoDate;
  deadline: IsoDate;
  bureauScope: string | null;
  targets: number;
  responded: number;
}
