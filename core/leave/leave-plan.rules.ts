import { holidayName, isWeekend, isWorkingDay, isYearEndClosure, parseIsoDate } from '../shared/calendar.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import { zodFieldErrors } from '../shared/zod-errors.ts';
import { assertAcceptingPlans } from './campaign.rules.ts';
import type { Campaign } from './campaign.schema.ts';
import { msg } from './leave.messages.ts';
import {
  ANNUAL_KINDS,
  HALF_DAY_KINDS,
  LEAVE_DAY_VALUE,
  LEAVE_KIND_LABEL,
  type PlanEntry,
  roundDays,
} from './leave.types.ts';
import { type PlanSubmission, planSubmissionSchema } from './leave-plan.schema.ts';

/** The parts of a campaign that decide whether a plan is acceptable. */
export type PlanCampaign = Pick<
  Campaign,
  'period' | 'openingDate' | 'deadline' | 'allowedKinds' | 'halfDayAllowed' | 'summerMaxDays'
>;

export interface PlanTotals {
  /** 年次休暇 in days (a half day counts 0.5). */
  annualDays: number;
  summerDays: number;
  otherDays: number;
  totalDays: number;
}

export interface ValidatedPlan {
  /** In date order. */
  entries: PlanEntry[];
  note?: string;
  totals: PlanTotals;
}

const isSummerMonth = (date: string) => {
  const { m } = parseIsoDate(date);
  return m >= 7 && m <= 9;
};

function dayProblem(date: string, campaign: PlanCampaign): string | undefined {
  if (date < campaign.period.start || date > campaign.period.end)
    return msg.outsidePeriod(date, campaign.period);
  if (isWorkingDay(date)) return undefined;
  const holiday = holidayName(date);
  if (holiday) return msg.holiday(date, holiday);
  if (isYearEndClosure(date)) return msg.closure(date);
  if (isWeekend(date)) return msg.weekend(date);
  return undefined;
}

function kindProblem(entry: PlanEntry, campaign: PlanCampaign): string | undefined {
  if (HALF_DAY_KINDS.includes(entry.kind) && !campaign.halfDayAllowed)
    return msg.halfDayNotAllowed(entry.date);
  if (!campaign.allowedKinds.includes(entry.kind))
    return msg.kindNotAllowed(entry.date, LEAVE_KIND_LABEL[entry.kind]);
  if (entry.kind === 'summer' && !isSummerMonth(entry.date)) return msg.summerOutsideSeason(entry.date);
  return undefined;
}

/**
 * Every reason the entries do not fit the campaign, one error per bad date (and per bad kind),
 * pointing at `entries[i].date` / `entries[i].kind`. An empty list means the plan is acceptable.
 */
export function planErrors(
  campaign: PlanCampaign,
  submission: Pick<PlanSubmission, 'entries'>,
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const summer: { index: number; date: string }[] = [];
  submission.entries.forEach((entry, index) => {
    const dateProblem =
      dayProblem(entry.date, campaign) ?? (seen.has(entry.date) ? msg.duplicateDate(entry.date) : undefined);
    seen.add(entry.date);
    if (dateProblem) errors.push({ where: `entries[${index}].date`, message: dateProblem });
    const kind = kindProblem(entry, campaign);
    if (kind) errors.push({ where: `entries[${index}].kind`, message: kind });
    if (!dateProblem && !kind && entry.kind === 'summer') summer.push({ index, date: entry.date });
  });
  // The earliest summer days are kept; each one beyond the limit is named.
  const overLimit = summer.sort((a, b) => a.date.localeCompare(b.date)).slice(campaign.summerMaxDays);
  for (const { index, date } of overLimit)
    errors.push({
      where: `entries[${index}].kind`,
      message: msg.summerOverLimit(date, campaign.summerMaxDays),
    });
  return errors;
}

export function planTotals(entries: readonly PlanEntry[]): PlanTotals {
  let annual = 0;
  let summer = 0;
  let other = 0;
  for (const e of entries) {
    const days = LEAVE_DAY_VALUE[e.kind];
    if (ANNUAL_KINDS.includes(e.kind)) annual += days;
    else if (e.kind === 'summer') summer += days;
    else other += days;
  }
  return {
    annualDays: roundDays(annual),
    summerDays: roundDays(summer),
    otherDays: roundDays(other),
    totalDays: roundDays(annual + summer + other),
  };
}

/**
 * Checks a submission (card payload or request body) against the campaign at `now`:
 * after the deadline → AppError 'gone'; before the opening → 'conflict';
 * any bad field or day → 'bad_request' listing them all. Returns the plan in date order.
 */
export function validatePlan(campaign: PlanCampaign, input: unknown, now: Date): ValidatedPlan {
  assertAcceptingPlans(campaign, now);
  const parsed = planSubmissionSchema.safeParse(input);
  if (!parsed.success) {
    const fields = zodFieldErrors(parsed.error.issues, { whole: '(plan)' }).map((f) => ({
      ...f,
      where: f.where.replace(/\.(\d+)/g, '[$1]'),
    }));
    throw new AppError('bad_request', msg.invalidPlan(), fields);
  }
  const errors = planErrors(campaign, parsed.data);
  if (errors.length > 0) throw new AppError('bad_request', msg.invalidPlan(), errors);
  const entries = [...parsed.data.entries].sort((a, b) => a.date.localeCompare(b.date));
  return {
    entries,
    ...(parsed.data.note ? { note: parsed.data.note } : {}),
    totals: planTotals(entries),
  };
}
