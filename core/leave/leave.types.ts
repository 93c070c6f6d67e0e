import type { IsoDate } from '../shared/calendar.ts';

/** A date range, both ends included (Japanese local dates). */
export interface Period {
  start: IsoDate;
  end: IsoDate;
}

export const CAMPAIGN_KINDS = ['gw', 'summer', 'year_end', 'custom'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** What a person can put on a day of their leave plan (休暇の使用計画表). */
export const LEAVE_KINDS = ['annual_full', 'annual_am', 'annual_pm', 'summer', 'special_other'] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];

/** How much of a day each kind takes; a morning or afternoon off is half a day of annual leave. */
export const LEAVE_DAY_VALUE: Record<LeaveKind, number> = {
  annual_full: 1,
  annual_am: 0.5,
  annual_pm: 0.5,
  summer: 1,
  special_other: 1,
};

export const HALF_DAY_KINDS: readonly LeaveKind[] = ['annual_am', 'annual_pm'];
export const ANNUAL_KINDS: readonly LeaveKind[] = ['annual_full', 'annual_am', 'annual_pm'];

export const LEAVE_KIND_LABEL: Record<LeaveKind, { ja: string; en: string }> = {
  annual_full: { ja: '年次休暇（全日）', en: 'Annual leave (full day)' },
  annual_am: { ja: '年次休暇（午前）', en: 'Annual leave (morning)' },
  annual_pm: { ja: '年次休暇（午後）', en: 'Annual leave (afternoon)' },
  summer: { ja: '夏季休暇', en: 'Summer leave' },
  special_other: { ja: 'その他の休暇', en: 'Other leave' },
};

export interface PlanEntry {
  date: IsoDate;
  kind: LeaveKind;
}

/** One person's answer to a campaign; an empty entry list is a valid answer ("no leave planned"). */
export interface SubmittedPlan {
  employeeNo: string;
  entries: readonly PlanEntry[];
}

/**
 * Leave actually taken, one row per person, day and kind, from the attendance data. `days` is in
 * days (an hourly annual leave is converted by the attendance import: 7h45m = 1 day).
 */
export type TakenLeaveKind = 'annual' | 'summer' | 'special' | 'other';
export interface TakenLeave {
  employeeNo: string;
  date: IsoDate;
  kind: TakenLeaveKind;
  days: number;
}

/** Sums of fractional days (half days, hours) without binary noise such as 2.9999999. */
export function roundDays(value: number): number {
  return Math.round(value * 1000) / 1000;
}
