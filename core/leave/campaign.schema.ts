import { z } from 'zod';
import { daysBetween, isValidIsoDate, parseIsoDate } from '../shared/calendar.ts';
import { msg } from './leave.messages.ts';
import {
  CAMPAIGN_KINDS,
  type CampaignKind,
  HALF_DAY_KINDS,
  LEAVE_KINDS,
  type LeaveKind,
} from './leave.types.ts';

/**
 * A leave-plan campaign (休暇の使用計画表) as HR or a bureau WLB officer defines it. The deadline
 * is a Japanese date: plans are accepted until the end of that day (Asia/Tokyo).
 */

export const MAX_PERIOD_DAYS = 92; // a whole summer, 7/1–9/30
// 夏季休暇 (人事院規則15-14 第22条第1項第11号): within July–September of one year, up to 3 days
// (原則として連続する3日; the days are working days, weekends and holidays excluded).
export const MAX_SUMMER_DAYS = 3;
export const DEFAULT_REMINDER_TIME = '09:30';
export const DEFAULT_DAYS_BEFORE_DEADLINE = [3, 1] as const;

const isoDate = z.string().refine(isValidIsoDate, { error: (issue) => msg.notADate(String(issue.input)) });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const id = z.string().trim().min(1);

/** Summer leave only makes sense in a summer campaign unless HR lists it explicitly. */
export function defaultAllowedKinds(kind: CampaignKind): LeaveKind[] {
  return kind === 'summer' ? [...LEAVE_KINDS] : LEAVE_KINDS.filter((k) => k !== 'summer');
}

const monthOf = (date: string) => parseIsoDate(date).m;
const yearOf = (date: string) => parseIsoDate(date).y;

/** Whether a period has at least one July–September day (when 夏季休暇 can be taken). */
export function periodTouchesSummer(period: { start: string; end: string }): boolean {
  const { y: y0 } = parseIsoDate(period.start);
  const { y: y1 } = parseIsoDate(period.end);
  for (let y = y0; y <= y1; y++) if (period.start <= `${y}-09-30` && period.end >= `${y}-07-01`) return true;
  return false;
}

export const campaignSchema = z
  .object({
    kind: z.enum(CAMPAIGN_KINDS),
    period: z.object({ start: isoDate, end: isoDate }),
    targets: z.object({
      /** The whole ministry. */
      ministryId: id.optional(),
      bureauIds: z.array(id).default([]),
      sectionIds: z.array(id).default([]),
    }),
    openingDate: isoDate,
    deadline: isoDate,
    reminders: z
      .object({
        /** Japanese local time of every reminder. */
        time: hhmm.default(DEFAULT_REMINDER_TIME),
        atOpening: z.boolean().default(true),
        daysBeforeDeadline: z
          .array(z.number().int().min(0).max(60))
          .max(10)
          .default([...DEFAULT_DAYS_BEFORE_DEADLINE]),
      })
      .prefault({}),
    message: z.object({ ja: z.string().trim().min(1).max(2000), en: z.string().trim().max(2000).optional() }),
    summerMaxDays: z.number().int().min(0).max(MAX_SUMMER_DAYS).default(MAX_SUMMER_DAYS),
    /** Defaults by kind: everything, summer leave only in a summer campaign. */
    allowedKinds: z.array(z.enum(LEAVE_KINDS)).min(1).optional(),
    halfDayAllowed: z.boolean().default(true),
    /** A day gets a coverage warning when more than this share of a section is away. */
    coverageWarningShare: z.number().gt(0).max(1).default(0.5),
    /** A section whose response rate is below this is "low" in the manager summary. */
    lowResponseRate: z.number().min(0).max(1).default(0.8),
  })
  .superRefine((c, ctx) => {
    const problem = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    // Cross-field rules need real dates; a malformed one has its own error already.
    if (![c.period.start, c.period.end, c.openingDate, c.deadline].every(isValidIsoDate)) return;
    const { start, end } = c.period;
    if (end < start) problem(['period', 'end'], msg.periodReversed());
    else if (daysBetween(start, end) + 1 > MAX_PERIOD_DAYS)
      problem(['period', 'end'], msg.periodTooLong(MAX_PERIOD_DAYS));
    if (c.kind === 'summer' && (yearOf(start) !== yearOf(end) || monthOf(start) < 7 || monthOf(end) > 9))
      problem(['period'], msg.summerOutsideJulSep());

    const t = c.targets;
    if (!t.ministryId && t.bureauIds.length === 0 && t.sectionIds.length === 0)
      problem(['targets'], msg.noTargets());

    if (c.deadline < c.openingDate) problem(['deadline'], msg.deadlineBeforeOpening());
    if (c.deadline > end) problem(['deadline'], msg.deadlineAfterPeriodEnd());
    else if (c.deadline >= start) problem(['deadline'], msg.deadlineNotBeforePeriod());

    if (c.reminders.time < '08:00' || c.reminders.time >= '20:00')
      problem(['reminders', 'time'], msg.quietReminderTime());
    if (new Set(c.reminders.daysBeforeDeadline).size !== c.reminders.daysBeforeDeadline.length)
      problem(['reminders', 'daysBeforeDeadline'], msg.duplicateReminderDay());

    const kinds = c.allowedKinds ?? defaultAllowedKinds(c.kind);
    if (kinds.includes('summer') && end >= start && !periodTouchesSummer(c.period))
      problem(['allowedKinds'], msg.summerKindOutsideJulSep());
    if (!c.halfDayAllowed && c.allowedKinds?.some((k) => HALF_DAY_KINDS.includes(k)))
      problem(['allowedKinds'], msg.halfDayKindsButNotAllowed());
  })
  .transform((c) => ({ ...c, allowedKinds: c.allowedKinds ?? defaultAllowedKinds(c.kind) }));

/** What HR sends (defaults may be left out). */
export type CampaignInput = z.input<typeof campaignSchema>;
/** A checked campaign definition with every default filled in. */
export type Campaign = z.output<typeof campaignSchema>;
