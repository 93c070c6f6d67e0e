import type { IsoDate } from '../shared/calendar.ts';
import { ANNUAL_KINDS, LEAVE_DAY_VALUE, type PlanEntry, roundDays, type TakenLeave } from './leave.types.ts';

/**
 * The person's annual leave (年次休暇, granted per calendar year) for the card and the 自分 page,
 * against the ministry's goal of 15 days a year on average (seed 000 Ⅱ2(3)①).
 */

export const ANNUAL_LEAVE_GOAL_DAYS = 15;

export interface LeaveBalanceInput {
  year: number;
  /** This year's grant (20 days for a full year) and what was carried over (up to 20). */
  grantedDays: number;
  carriedOverDays: number;
  taken: readonly TakenLeave[];
  /** Count taken leave up to this date (default: the whole year). */
  asOf?: IsoDate;
  /** Planned annual leave after `asOf`, from the person's campaign plans. */
  planned?: readonly PlanEntry[];
  goalDays?: number;
}

export interface LeaveBalance {
  year: number;
  entitlementDays: number;
  usedDays: number;
  /** entitlement − used; negative only when the attendance data disagree with the grant. */
  remainingDays: number;
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
    usedDays: used,
    remainingDays: roundDays(entitlement - used),
    goalDays: goal,
    toGoalDays: roundDays(Math.max(0, goal - used)),
    goalReached: used >= goal,
    goalProgress: goal > 0 ? Math.min(1, roundDays(used / goal)) : 1,
    plannedDays: roundDays(planned),
    projectedDays: roundDays(used + planned),
  };
}
