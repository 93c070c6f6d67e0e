import { addDays, type IsoDate, previousWorkingDay } from '../shared/calendar.ts';
import type { ChildcareSettings } from './childcare.settings.ts';
import type { LeaveKind, LeaveRange, PlanDates } from './childcare-plan.schema.ts';
import { requestDeadline } from './childcare-windows.rules.ts';

/**
 * What the bot should tell the employee, and when. Each item's key names the plan, the kind of
 * reminder and the date it is about, so the job sending it can record the key and never send it
 * twice; when a date moves the key changes, and pending items whose key is no longer listed are
 * to be cancelled by the job.
 */

export type ReminderType =
  | 'request_deadline' // ask for the leave by this day (産後パパ育休: 2 weeks, 育児休業: 1 month ahead)
  | 'leave_starts' // the leave starts on the next working day
  | 'info_set'; // 制度の案内, pay during leave, forms (seed 000: セットにして知らせる)

export interface ReminderItem {
  key: string;
  planId: string;
  type: ReminderType;
  /** The day to send it: a working day ahead of the event, or today when that day has passed (the
   * sender's quiet hours still hold it back on a holiday). */
  sendOn: IsoDate;
  /** The date it is about: the deadline, the leave's start, the report or the due date. */
  eventDate: IsoDate;
  leaveKind?: LeaveKind;
  rangeIndex?: number;
  /** For info_set: sent at the report, or again before the birth. */
  occasion?: 'report' | 'before_birth';
  /** i18n key of the message; the bot fills it with the item's dates. */
  messageKey: string;
}

export type PlanForReminders = PlanDates & { id: string; reportedOn: IsoDate; ranges: readonly LeaveRange[] };

const later = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

/** Every reminder still ahead of `today` for this plan, in sending order. */
export function remindersFor(
  plan: PlanForReminders,
  settings: ChildcareSettings,
  today: IsoDate,
): ReminderItem[] {
  const items: ReminderItem[] = [];
  const key = (type: string, what: string, date: IsoDate) => `${plan.id}:${type}:${what}:${date}`;

  items.push({
    key: key('info_set', 'report', plan.reportedOn),
    planId: plan.id,
    type: 'info_set',
    occasion: 'report',
    eventDate: plan.reportedOn,
    sendOn: later(plan.reportedOn, today),
    messageKey: 'childcare.reminder.infoSet.report',
  });

  const r = settings.reminders;
  if (!plan.birthDate && plan.dueDate) {
    const on = previousWorkingDay(addDays(plan.dueDate, -r.infoSetDaysBeforeDue));
    // A report close to the due date already brought the set; a second one would be noise.
    const gapOk = on >= addDays(plan.reportedOn, r.infoSetMinGapDays);
    if (gapOk && plan.dueDate >= today)
      items.push({
        key: key('info_set', 'before_birth', plan.dueDate),
        planId: plan.id,
        type: 'info_set',
        occasion: 'before_birth',
        eventDate: plan.dueDate,
        sendOn: later(on, today),
        messageKey: 'childcare.reminder.infoSet.beforeBirth',
      });
  }

  plan.ranges.forEach((range, index) => {
    if (range.status === 'taken') return;
    const deadline = requestDeadline(range.kind, range.start, settings);
    if (deadline && range.status === 'planned' && deadline >= today) {
      const on = previousWorkingDay(addDays(deadline, -r.deadlineLeadDays));
      items.push({
        key: key('request_deadline', range.kind, deadline),
        planId: plan.id,
        type: 'request_deadline',
        leaveKind: range.kind,
        rangeIndex: index,
        eventDate: deadline,
        sendOn: later(on, today),
        messageKey: `childcare.reminder.requestDeadline.${range.kind}`,
      });
    }
    // The working day before the start: a Monday leave is announced on Friday.
    const dayBefore = previousWorkingDay(addDays(range.start, -1));
    if (range.start > today && dayBefore >= today)
      items.push({
        key: key('leave_starts', range.kind, range.start),
        planId: plan.id,
        type: 'leave_starts',
        leaveKind: range.kind,
        rangeIndex: index,
        eventDate: range.start,
        sendOn: dayBefore,
        messageKey: `childcare.reminder.leaveStarts.${range.kind}`,
      });
  });

  // Two ranges of one kind on the same dates (an unsaved draft may hold them) make one reminder.
  const unique = [...new Map(items.map((i) => [i.key, i] as const)).values()];
  return unique.sort((a, b) => (a.sendOn < b.sendOn ? -1 : a.sendOn > b.sendOn ? 1 : a.key < b.key ? -1 : 1));
}
