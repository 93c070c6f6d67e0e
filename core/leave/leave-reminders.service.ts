import { disclose } from '../access/disclosure.rules.ts';
import { disclosureFloor } from '../access/disclosure.service.ts';
import { auditPersonalReadBy } from '../access/scope.ts';
import type { Db } from '../db/db.ts';
import { isSettled, recordOf } from '../delivery/delivery-records.repository.ts';
import { subtreeIds } from '../org/org.repository.ts';
import {
  addDays,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  tokyoDateOf,
  tokyoInstant,
} from '../shared/calendar.ts';
import type { Logger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import { isQuietTime } from '../shared/quiet-hours.ts';
import { campaignMembers, findCampaign, nonResponders, openCampaigns } from './campaign.repository.ts';
import { closesAt } from './campaign.rules.ts';
import { type ReminderSlot, reminderSchedule } from './campaign-reminders.rules.ts';
import type { CampaignMember, StoredCampaign } from './leave.table.ts';
import { quietHoursOf, sectionChiefs } from './leave-delivery.repository.ts';
import { campaignPlans } from './leave-plan.repository.ts';
import { type PlanCardModel, planCardModelFor } from './leave-plan.service.ts';
import {
  lowResponseSections,
  responseRates,
  type SectionPlanTable,
  sectionPlanTable,
} from './section-plan.rules.ts';

/** The cards the reminder job sends; bot/ renders them (core knows no Adaptive Card templates). */
export interface LeaveReminderCards {
  reminder(model: PlanCardModel, member: CampaignMember, slot: ReminderSlot): object;
  lowResponse(
    campaign: StoredCampaign,
    locale: 'ja' | 'en',
    /** staffOnly: the figures cover only the chief's own people, not the whole section. */
    sections: { name: string; members: number; responded: number; staffOnly: boolean }[],
  ): object;
  sectionTable(
    campaign: StoredCampaign,
    locale: 'ja' | 'en',
    table: SectionPlanTable & { sectionName: string; staffOnly: boolean },
  ): object;
}

export interface LeaveReminderDeps {
  db: Db;
  messenger: ProactiveMessenger;
  cards: LeaveReminderCards;
  logger: Logger;
}

export interface ReminderRunResult {
  sent: number;
  skippedQuiet: number;
  undeliverable: number;
}

/**
 * The one slot due at `now`: the latest scheduled reminder already past. After downtime the missed
 * ones collapse into that latest one; nothing is due after the deadline or on a non-working day.
 */
export function dueSlot(campaign: StoredCampaign, now: Date): ReminderSlot | undefined {
  if (now >= closesAt(campaign) || !isWorkingDay(tokyoDateOf(now))) return undefined;
  return reminderSchedule(campaign)
    .filter((r) => r.at <= now)
    .at(-1)?.slot;
}

/** Section chiefs hear about a low response rate on the working day before the deadline. */
export function chiefSummaryDue(campaign: StoredCampaign, now: Date): boolean {
  const day = previousWorkingDay(addDays(campaign.deadline, -1));
  if (day < campaign.openingDate) return false;
  return (
    now >= tokyoInstant(day, campaign.reminders.time) &&
    now < closesAt(campaign) &&
    isWorkingDay(tokyoDateOf(now))
  );
}

/** The section table goes to chiefs on the first working day after the deadline, before the period. */
export function tableSummaryDue(campaign: StoredCampaign, now: Date): boolean {
  const day = nextWorkingDay(addDays(campaign.deadline, 1));
  return (
    now >= tokyoInstant(day, campaign.reminders.time) &&
    tokyoDateOf(now) < campaign.period.start &&
    isWorkingDay(tokyoDateOf(now))
  );
}

async function deliver(
  deps: LeaveReminderDeps,
  key: { campaignId: string; employeeId: string; slot: string },
  oid: string | null,
  card: () => Promise<object>,
  result: ReminderRunResult,
): Promise<void> {
  if (!oid) return;
  // The outbox is the record: its key (leave.reminder, campaign:slot, person) makes the reminder
  // once-only whichever instance asks. One already settled is not asked for again; one a crashed
  // run left due or in flight is joined (the lease hands it to a live worker within seconds).
  const message = { purpose: 'leave.reminder', subject: `${key.campaignId}:${key.slot}`, recipient: oid };
  if (isSettled(await recordOf(deps.db, message))) return;
  try {
    const outcome = await deps.messenger.sendCard({ aadObjectId: oid }, await card(), {
      purpose: message.purpose,
      key: message.subject,
    });
    if (outcome.ok) result.sent++;
    else result.undeliverable++;
  } catch (err) {
    // Not known yet (still queued) or failed after its attempts: the next run asks again, and a
    // failed message starts a new chain of attempts; one still queued is joined, not repeated.
    deps.logger.warn(
      { err, campaignId: key.campaignId, slot: key.slot },
      'leave reminder not confirmed; the next run asks again',
    );
  }
}

/**
 * One run of the reminder job: for every open campaign, the due slot goes to each non-responder
 * outside their quiet hours (someone in quiet hours is tried again at a later run of the same slot).
 * Idempotent: each (campaign, person, slot) is claimed once in the database before sending.
 */
export async function runLeaveReminders(deps: LeaveReminderDeps, now: Date): Promise<ReminderRunResult> {
  const result: ReminderRunResult = { sent: 0, skippedQuiet: 0, undeliverable: 0 };
  const today = tokyoDateOf(now);
  const campaigns = await openCampaigns(deps.db, today);
  for (const campaign of campaigns) {
    const slot = dueSlot(campaign, now);
    if (slot) {
      const people = await nonResponders(deps.db, campaign.id);
      const quiet = await quietHoursOf(
        deps.db,
        people.map((p) => p.employeeId),
      );
      for (const person of people) {
        const hours = quiet.get(person.employeeId);
        if (hours && isQuietTime(now, hours)) {
          result.skippedQuiet++;
          continue;
        }
        await deliver(
          deps,
          { campaignId: campaign.id, employeeId: person.employeeId, slot },
          person.entraOid,
          async () => {
            const model = await planCardModelFor(
              deps.db,
              campaign,
              { id: person.employeeId, employeeNo: person.employeeNo },
              now,
            );
            return deps.cards.reminder(model, person, slot);
          },
          result,
        );
      }
    }
    if (chiefSummaryDue(campaign, now)) await sendLowResponseSummaries(deps, campaign, result);
  }
  for (const campaign of await campaignsAfterDeadline(deps.db, today))
    if (tableSummaryDue(campaign, now)) await sendSectionTables(deps, campaign, result);
  return result;
}

/**
 * Each chief hears about the response of their section as the one disclosure rule lets them see
 * it: the whole section when it is shown to them; when it is not (the chief does not manage
 * 1..floor−1 of its people, or it is under the floor with someone they do not manage), only their
 * own people, whose answers they read on the section table anyway. Whether the card is sent is
 * decided over the same figure, so neither its numbers nor its arrival tell whether someone
 * outside the chief's subtree answered.
 */
async function sendLowResponseSummaries(
  deps: LeaveReminderDeps,
  campaign: StoredCampaign,
  result: ReminderRunResult,
): Promise<void> {
  const [members, plans, floor] = await Promise.all([
    campaignMembers(deps.db, campaign.id),
    campaignPlans(deps.db, campaign.id),
    disclosureFloor(deps.db),
  ]);
  const answered = new Set(plans.map((p) => p.employeeNo));
  const names = new Map(members.map((m) => [m.sectionId, m.sectionName]));
  for (const section of responseRates(members, answered)) {
    const inSection = members.filter((m) => m.sectionId === section.sectionId);
    for (const chief of await sectionChiefs(deps.db, section.sectionId)) {
      const mine = new Set([chief.id, ...(await subtreeIds(deps.db, chief.id))]);
      const known = inSection.filter((m) => mine.has(m.employeeId));
      const hidden = disclose(
        [{ id: section.sectionId, size: inSection.length, known: known.length }],
        floor,
      ).has(section.sectionId);
      const [shown] = responseRates(hidden ? known : inSection, answered);
      if (!shown || lowResponseSections([shown], campaign).length === 0) continue;
      const sections = [
        {
          name: names.get(section.sectionId) ?? '',
          members: shown.members,
          responded: shown.responded,
          staffOnly: hidden,
        },
      ];
      await deliver(
        deps,
        { campaignId: campaign.id, employeeId: chief.id, slot: `chief-summary:${section.sectionId}` },
        chief.entraOid,
        async () => deps.cards.lowResponse(campaign, chief.locale, sections),
        result,
      );
    }
  }
}

/**
 * After the deadline each chief gets the plan table by bot: like the tab's table, only the people
 * they may see one by one (themself and their subtree), and the day-by-day absence shares over
 * those people only (shares over the whole section, minus what the chief sees, would give away the
 * days of someone reporting past them). Each table is a read of those people's plans: audited.
 */
async function sendSectionTables(
  deps: LeaveReminderDeps,
  campaign: StoredCampaign,
  result: ReminderRunResult,
): Promise<void> {
  const members = await campaignMembers(deps.db, campaign.id);
  const sectionIds = [...new Set(members.map((m) => m.sectionId))];
  for (const sectionId of sectionIds) {
    const chiefs = await sectionChiefs(deps.db, sectionId);
    if (chiefs.length === 0) continue;
    const inSection = members.filter((m) => m.sectionId === sectionId);
    const plans = await campaignPlans(deps.db, campaign.id, { sectionId });
    for (const chief of chiefs) {
      const mine = new Set([chief.id, ...(await subtreeIds(deps.db, chief.id))]);
      const visible = inSection.filter((m) => mine.has(m.employeeId));
      const numbers = new Set(visible.map((m) => m.employeeNo));
      const table = {
        ...sectionPlanTable(
          sectionId,
          campaign.period,
          visible,
          plans.filter((p) => numbers.has(p.employeeNo)),
          campaign,
        ),
        sectionName: inSection[0]?.sectionName ?? '',
        staffOnly: visible.length < inSection.length,
      };
      await deliver(
        deps,
        { campaignId: campaign.id, employeeId: chief.id, slot: `section-table:${sectionId}` },
        chief.entraOid,
        async () => {
          await auditPersonalReadBy(deps.db, chief.id, {
            action: 'leave.section_table.card',
            subjectIds: visible.map((m) => m.employeeId),
            targetType: 'section',
            targetId: sectionId,
            detail: { campaignId: campaign.id, channel: 'bot' },
          });
          return deps.cards.sectionTable(campaign, chief.locale, table);
        },
        result,
      );
    }
  }
}

/** Campaigns past their deadline whose period has not started: their tables are final. */
async function campaignsAfterDeadline(db: Db, today: string): Promise<StoredCampaign[]> {
  const rows = await db.query<{ id: string }>({
    text: 'select id from leave_campaign where deadline < $1::date and period_start > $1::date',
    values: [today],
  });
  const out: StoredCampaign[] = [];
  for (const r of rows) {
    const c = await findCampaign(db, r.id);
    if (c) out.push(c);
  }
  return out;
}
