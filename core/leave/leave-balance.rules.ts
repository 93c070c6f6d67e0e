import type { LeaveBalance } from '../../contracts/tab-api/leave.contract.ts';
import type { IsoDate } from '../shared/calendar.ts';
import { ANNUAL_KINDS, LEAVE_DAY_VALUE, type PlanEntry, roundDays, type TakenLeave } from './leave.types.ts';

/**
 * The person's annual leave (年次休暇, granted per calendar year) for the card and the 自分 page,
 * against the ministry's goal of 15 days a year on average (seed 000 Ⅱ2(3)①).
 */

export const ANNUAL_LEAVE_GOAL_DAYS = 15;

/** 年次休暇 per calendar year (勤務時間法 第17条第1項, full-year staff) and the carry-over cap. */
export const ANNUAL_GRANT_DAYS = 20;
export const MAX_CARRY_OVER_DAYS = 20;

/**
 * Days carried into the next year (勤務時間法 第17条第2項, 人事院規則15-14 第18条): only the unused
 * part of the year's own grant (days carried in are not carried again), up to 20. Which days go
 * first is not written in the rule text we could read; we assume the carried-in days are used first
 * (the usual practice, and the one in the person's favour) — docs/leave-campaigns.md says so.
 */
export function carryOverDays(last: {
  grantedDays: number;
  carriedOverDays: number;
  usedDays: number;
}): number {
  const ownLeft = Math.min(last.grantedDays, last.grantedDays + last.carriedOverDays - last.usedDays);
  return roundDays(Math.max(0, Math.min(MAX_CARRY_OVER_DAYS, ownLeft)));
}

/** Where the year's opening entitlement comes from, for the card's explanation. */
export type EntitlementBasis = 'imported' | 'recorded' | 'computed' | 'default';

/**
 * The year's grant and carry-over: the attendance system's opening balance when imported, else a
 * recorded grant row, else 20 days + the carry computed from last year's grant, carry and use.
 */
export function openingEntitlement(input: {
  year: number;
  thisYear: { grantedDays: number; carriedOverDays: number; openingBalanceDays?: number | null } | null;
  lastYear: { grantedDays: number; carriedOverDays: number } | null;
  lastYearUsedDays: number;
}): { grantedDays: number; carriedOverDays: number; basis: EntitlementBasis } {
  const row = input.thisYear;
  if (row?.openingBalanceDays !== undefined && row.openingBalanceDays !== null) {
    const granted = Math.min(row.grantedDays, row.openingBalanceDays);
    return {
      grantedDays: granted,
      carriedOverDays: roundDays(row.openingBalanceDays - granted),
      basis: 'imported',
    };
  }
  if (row) return { grantedDays: row.grantedDays, carriedOverDays: row.carriedOverDays, basis: 'recorded' };
  if (input.lastYear)
    return {
      grantedDays: ANNUAL_GRANT_DAYS,
      carriedOverDays: carryOverDays({ ...input.lastYear, usedDays: input.lastYearUsedDays }),
      basis: 'computed',
    };
  return { grantedDays: ANNUAL_GRANT_DAYS, carriedOverDays: 0, basis: 'default' };
}

export interface LeaveBalanceInput {
  year: number;
  /** This year's grant (20 days for a full year) and what was carried over (up to 20). */
  grantedDays: number;
  carriedOverDays: number;
  /** Where the grant and carry-over came from (openingEntitlement); shown beside the balance. */
  basis?: EntitlementBasis;
  taken: readonly TakenLeave[];
  /** Count taken leave up to this date (default: the whole year). */
  asOf?: IsoDate;
  /** Planned annual leave after `asOf`, from the person's campaign plans. */
  planned?: readonly PlanEntry[];
  goalDays?: number;
}

export type { LeaveBalance };

export function leaveBalance(input: LeaveBalanceInput): LeaveBalance {
  const from = `${input.year}-01-01`;
  const to = input.asOf ?? `${input.year}-12-31`;
  const goal = input.goalDays ?? ANNUAL_LEAVE_GOAL_DAYS;
  let used = 0;
  for (const t of input.taken) if (t.kind === 'annual' && t.date >= from && t.date <= to) used += t.days;
  let planned = 0;
  for (const e of input.planned ?? [])
    if (ANNUAL_KINDS.includes(e.kind) && e.date > to && e.date <= `${input.year}-12-31`)
      planned += LEAVE_DAY_VALUE[e.kind];
  const entitlement = input.grantedDays + input.carriedOverDays;
  used = roundDays(used);
  return {
    year: input.year,
    entitlementDays: roundDays(entitlement),
    grantedDays: roundDays(input.grantedDays),
    carriedOverDays: roundDays(input.carriedOverDays),
    basis: input.basis ?? 'recorded',
    usedDays: used,
    remainingDays: roundDays(Math.max(0, entitlement - used)),
    overdrawnDays: roundDays(Math.max(0, used - entitlement)),
    plannedBeyondDays: roundDays(Math.max(0, planned - Math.max(0, entitlement - used))),
    goalDays: goal,
    toGoalDays: roundDays(Math.max(0, goal - used)),
    goalReached: used >= goal,
    goalProgress: goal > 0 ? Math.min(1, roundDays(used / goal)) : 1,
    plannedDays: roundDays(planned),
    projectedDays: roundDays(used + planned),
  };
}
