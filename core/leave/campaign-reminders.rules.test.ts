import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbDate, arbTime, at, campaign } from '../../test/fixtures/leave.factories.ts';
import { addDays, tokyoDateOf, tokyoTimeOf } from '../shared/calendar.ts';
import { isQuietTime, isSendableTime } from '../shared/quiet-hours.ts';
import { closesAt, opensAt } from './campaign.rules.ts';
import {
  dueReminders,
  nextReminder,
  type ReminderCampaign,
  reminderAudience,
  reminderDedupeKey,
  reminderSchedule,
  type ScheduledReminder,
} from './campaign-reminders.rules.ts';

const window = (
  openingDate: string,
  deadline: string,
  reminders: Partial<ReminderCampaign['reminders']> = {},
): ReminderCampaign => ({
  openingDate,
  deadline,
  reminders: { time: '09:30', atOpening: true, daysBeforeDeadline: [3, 1], ...reminders },
});

const show = (rs: ScheduledReminder[]) =>
  rs.map((r) => `${r.slot} ${tokyoDateOf(r.at)} ${tokyoTimeOf(r.at)}`);

describe('reminder schedule', () => {
  it('by default: at opening, 3 days and 1 day before the deadline, at 9:30 Tokyo', () => {
    expect(show(reminderSchedule(campaign()))).toEqual([
      'opening 2026-04-06 09:30',
      'deadline-3d 2026-04-21 09:30',
      'deadline-1d 2026-04-23 09:30',
    ]);
    expect(reminderSchedule(campaign())[0]?.at.toISOString()).toBe('2026-04-06T00:30:00.000Z');
  });

  it('moves a deadline reminder off a holiday to the working day before (5/5 こどもの日 → Fri 5/1)', () => {
    expect(show(reminderSchedule(window('2026-04-20', '2026-05-08')))).toEqual([
      'opening 2026-04-20 09:30',
      'deadline-3d 2026-05-01 09:30',
      'deadline-1d 2026-05-07 09:30',
    ]);
  });

  it('sends one reminder when two land on the same day (deadline Mon: Sun and Fri both → Fri)', () => {
    expect(show(reminderSchedule(window('2026-04-06', '2026-04-27')))).toEqual([
      'opening 2026-04-06 09:30',
      'deadline-1d 2026-04-24 09:30',
    ]);
  });

  it('moves the opening message forward to the next working day, and drops what falls outside the window', () => {
    expect(show(reminderSchedule(window('2026-04-04', '2026-04-24')))[0]).toBe('opening 2026-04-06 09:30');
    // Opening Sat, deadline Sun: Monday is too late and Friday too early.
    expect(reminderSchedule(window('2026-04-25', '2026-04-26'))).toEqual([]);
    // Three days before falls before the opening; one day before is the opening day itself.
    expect(show(reminderSchedule(window('2026-04-23', '2026-04-24')))).toEqual(['opening 2026-04-23 09:30']);
    expect(show(reminderSchedule(window('2026-04-22', '2026-04-24')))).toEqual([
      'opening 2026-04-22 09:30',
      'deadline-1d 2026-04-23 09:30',
    ]);
  });

  it('sends at the end of the quiet hours when the configured time is inside them', () => {
    expect(
      show(reminderSchedule(window('2026-04-06', '2026-04-24', { time: '21:00', daysBeforeDeadline: [] }))),
    ).toEqual(['opening 2026-04-06 08:00']);
  });

  it('knows the quiet hours (20:00–8:00 Tokyo) and holidays', () => {
    expect(isQuietTime(at('2026-04-21', '19:59'))).toBe(false);
    expect(isQuietTime(at('2026-04-21', '20:00'))).toBe(true);
    expect(isQuietTime(at('2026-04-22', '07:59'))).toBe(true);
    expect(isQuietTime(at('2026-04-22', '08:00'))).toBe(false);
    expect(isSendableTime(at('2026-04-29', '10:00'))).toBe(false);
    expect(isSendableTime(at('2026-04-30', '10:00'))).toBe(true);
  });

  it('tells the job when to wake up next', () => {
    expect(nextReminder(campaign(), at('2026-04-06', '09:30'))?.slot).toBe('deadline-3d');
    expect(nextReminder(campaign(), at('2026-04-23', '09:30'))).toBeUndefined();
  });

  it('is never in quiet hours, on a holiday, after the deadline or before the opening', () => {
    const arbCampaign = fc.record({
      openingDate: arbDate('2025-12-01', 800),
      length: fc.integer({ min: 0, max: 40 }),
      time: arbTime,
      atOpening: fc.boolean(),
      days: fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(arbCampaign, ({ openingDate, length, time, atOpening, days }) => {
        const c = window(openingDate, addDays(openingDate, length), {
          time,
          atOpening,
          daysBeforeDeadline: days,
        });
        const schedule = reminderSchedule(c);
        for (const r of schedule) {
          expect(isSendableTime(r.at)).toBe(true);
          expect(r.at < closesAt(c) && r.at >= opensAt(c)).toBe(true);
          expect(tokyoDateOf(r.at)).toBe(r.date);
        }
        const dates = schedule.map((r) => r.date);
        expect(new Set(dates).size).toBe(dates.length);
        expect([...dates].sort()).toEqual(dates);
      }),
      { numRuns: 300 },
    );
  });
});

describe('due reminders', () => {
  const c = campaign();

  it('sends a slot once, at the first run after its time', () => {
    expect(dueReminders(c, at('2026-04-06', '09:00'), at('2026-04-06', '09:29')).send).toEqual([]);
    const due = dueReminders(c, at('2026-04-06', '09:29'), at('2026-04-06', '09:31'));
    expect(due.send.map((r) => r.slot)).toEqual(['opening']);
    expect(due.watermark).toEqual(at('2026-04-06', '09:31'));
    expect(dueReminders(c, due.watermark, at('2026-04-06', '10:00')).send).toEqual([]);
  });

  it('catches up after downtime with only the latest missed reminder', () => {
    const due = dueReminders(c, at('2026-04-20', '10:00'), at('2026-04-23', '10:00'));
    expect(due.send.map((r) => r.slot)).toEqual(['deadline-1d']);
  });

  it('waits for the morning when the service comes back at night', () => {
    const night = dueReminders(c, at('2026-04-20', '10:00'), at('2026-04-21', '21:00'));
    expect(night).toEqual({ send: [], watermark: at('2026-04-20', '10:00') });
    const morning = dueReminders(c, night.watermark, at('2026-04-22', '08:00'));
    expect(morning.send.map((r) => r.slot)).toEqual(['deadline-3d']);
    expect(dueReminders(c, morning.watermark, at('2026-04-22', '08:05')).send).toEqual([]);
  });

  it('waits over a weekend and still sends on the deadline day, but never after it', () => {
    const monday = window('2026-04-06', '2026-04-27');
    const saturday = dueReminders(monday, at('2026-04-24', '09:00'), at('2026-04-25', '10:00'));
    expect(saturday.send).toEqual([]);
    expect(
      dueReminders(monday, saturday.watermark, at('2026-04-27', '08:00')).send.map((r) => r.slot),
    ).toEqual(['deadline-1d']);
    expect(dueReminders(monday, saturday.watermark, at('2026-04-28', '08:00'))).toEqual({
      send: [],
      watermark: at('2026-04-28', '08:00'),
    });
  });

  it('on the very first run sends the latest slot already due', () => {
    expect(dueReminders(c, null, at('2026-04-21', '11:00')).send.map((r) => r.slot)).toEqual(['deadline-3d']);
    expect(dueReminders(c, null, at('2026-04-21', '22:00'))).toEqual({ send: [], watermark: null });
  });

  it('over any sequence of runs: no slot twice, nothing at night, on holidays or after the deadline, none skipped needlessly', () => {
    const arbRuns = fc
      .array(fc.integer({ min: 0, max: 30 * 24 * 60 }), { maxLength: 80 })
      .map((xs) => [...xs].sort((a, b) => a - b));
    const arbCampaign = fc.record({
      openingDate: arbDate('2026-01-01', 700),
      length: fc.integer({ min: 0, max: 25 }),
      days: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(arbCampaign, arbRuns, ({ openingDate, length, days }, minutes) => {
        const camp = window(openingDate, addDays(openingDate, length), { daysBeforeDeadline: days });
        const origin = at(addDays(openingDate, -2)).getTime();
        const runs = minutes.map((m) => new Date(origin + m * 60_000));
        const close = closesAt(camp);
        const sent: { slot: string; when: Date }[] = [];
        let watermark: Date | null = null;
        for (const now of runs) {
          const due = dueReminders(camp, watermark, now);
          for (const r of due.send) {
            expect(isSendableTime(now)).toBe(true);
            expect(now < close).toBe(true);
            expect(r.at <= now).toBe(true);
            sent.push({ slot: r.slot, when: now });
          }
          expect(due.send.length).toBeLessThanOrEqual(1);
          watermark = due.watermark;
        }
        const slots = sent.map((s) => s.slot);
        expect(new Set(slots).size).toBe(slots.length);
        // A slot with a sendable run between its time and the next slot's (or the close) is sent.
        const schedule = reminderSchedule(camp);
        schedule.forEach((r, i) => {
          const until = schedule[i + 1]?.at ?? close;
          if (runs.some((t) => t >= r.at && t < until && t < close && isSendableTime(t)))
            expect(slots).toContain(r.slot);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('reminder identity', () => {
  it('keys a send by campaign, employee and slot', () => {
    expect(reminderDedupeKey('c-1', 'e-9', 'deadline-3d')).toBe('leave-plan-reminder:c-1:e-9:deadline-3d');
  });

  it('sends the opening to everyone and later reminders to those without a plan', () => {
    expect(reminderAudience('opening')).toBe('all_targets');
    expect(reminderAudience('deadline-1d')).toBe('non_responders');
  });
});
