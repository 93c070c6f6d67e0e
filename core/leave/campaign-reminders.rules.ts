import {
  addDays,
  type IsoDate,
  nextWorkingDay,
  previousWorkingDay,
  tokyoInstant,
} from '../shared/calendar.ts';
import { DEFAULT_QUIET_HOURS, isQuietTime, isSendableTime, type QuietHours } from '../shared/quiet-hours.ts';
import { closesAt } from './campaign.rules.ts';
import type { Campaign } from './campaign.schema.ts';

/**
 * When a campaign reminds people. Slots are named ('opening', 'deadline-3d', …) so that a send is
 * deduplicated per campaign + employee + slot, whichever run of the job sends it.
 */

export type ReminderSlot = 'opening' | `deadline-${number}d`;

export interface ScheduledReminder {
  slot: ReminderSlot;
  /** The Japanese date it goes out (after moving off holidays and weekends). */
  date: IsoDate;
  at: Date;
}

export type ReminderCampaign = Pick<Campaign, 'openingDate' | 'deadline' | 'reminders'>;

/** The configured time, or the end of the quiet hours when it falls inside them. */
function sendTime(campaign: ReminderCampaign, quiet: QuietHours): string {
  const time = campaign.reminders.time;
  return isQuietTime(tokyoInstant('2000-01-03', time), quiet) ? quiet.end : time;
}

/**
 * Every reminder of the campaign, in time order. The opening reminder moves forward to the next
 * working day, deadline reminders back to the previous one; a reminder that would land after the
 * deadline or before the opening is dropped, and two landing on the same day become one (the
 * opening message, else the one nearest the deadline).
 */
export function reminderSchedule(
  campaign: ReminderCampaign,
  options: { quietHours?: QuietHours } = {},
): ScheduledReminder[] {
  const quiet = options.quietHours ?? DEFAULT_QUIET_HOURS;
  const time = sendTime(campaign, quiet);
  const byDate = new Map<IsoDate, ReminderSlot>();
  if (campaign.reminders.atOpening) {
    const date = nextWorkingDay(campaign.openingDate);
    if (date <= campaign.deadline) byDate.set(date, 'opening');
  }
  const days = [...new Set(campaign.reminders.daysBeforeDeadline)].sort((a, b) => b - a);
  for (const n of days) {
    const date = previousWorkingDay(addDays(campaign.deadline, -n));
    if (date < campaign.openingDate) continue;
    if (byDate.get(date) === 'opening') continue;
    byDate.set(date, `deadline-${n}d`);
  }
  const close = closesAt(campaign);
  return [...byDate]
    .map(([date, slot]) => ({ slot, date, at: tokyoInstant(date, time) }))
    .filter((r) => r.at < close)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The next reminder after `now` (for scheduling the job), if any. */
export function nextReminder(
  campaign: ReminderCampaign,
  now: Date,
  options: { quietHours?: QuietHours } = {},
): ScheduledReminder | undefined {
  return reminderSchedule(campaign, options).find((r) => r.at > now);
}

export interface DueReminders {
  /** At most one: after downtime, the missed reminders collapse into the latest of them. */
  send: ScheduledReminder[];
  /**
   * What to store as `lastRun` for the next call. It does not move while sending is not allowed
   * (night, holiday), so a reminder missed then goes out at the next allowed run.
   */
  watermark: Date | null;
}

/**
 * Which reminders a run of the job at `now` sends, given the watermark of the previous run
 * (null for the first run). Nothing is sent after the deadline, at night or on a holiday; a slot
 * is sent by exactly one run because the watermark passes it once sent.
 */
export function dueReminders(
  campaign: ReminderCampaign,
  lastRun: Date | null,
  now: Date,
  options: { quietHours?: QuietHours } = {},
): DueReminders {
  const quiet = options.quietHours ?? DEFAULT_QUIET_HOURS;
  if (now >= closesAt(campaign)) return { send: [], watermark: now };
  if (!isSendableTime(now, quiet)) return { send: [], watermark: lastRun };
  const missed = reminderSchedule(campaign, options).filter(
    (r) => r.at <= now && (lastRun === null || r.at > lastRun),
  );
  const latest = missed.at(-1);
  return { send: latest ? [latest] : [], watermark: now };
}

/** Whom a slot goes to: the opening message to every target, later ones to those without a plan. */
export function reminderAudience(slot: ReminderSlot): 'all_targets' | 'non_responders' {
  return slot === 'opening' ? 'all_targets' : 'non_responders';
}

/** The unique key of one reminder to one person; the database refuses a second row with it. */
export function reminderDedupeKey(campaignId: string, employeeId: string, slot: ReminderSlot): string {
  return `leave-plan-reminder:${campaignId}:${employeeId}:${slot}`;
}
