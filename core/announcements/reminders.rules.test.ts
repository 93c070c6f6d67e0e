import { describe, expect, it } from 'vitest';
import { dueReminderRound, parseReminderSubject, reminderSubject } from './reminders.rules.ts';

const start = new Date('2026-06-25T01:00:00Z');
const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000);

describe('which reminder round is due', () => {
  it('is none before the first interval, then one round per interval, never more than the maximum', () => {
    expect(dueReminderRound(start, at(23.9), 24 * 60, 3)).toBe(0);
    expect(dueReminderRound(start, at(24), 24 * 60, 3)).toBe(1);
    expect(dueReminderRound(start, at(47), 24 * 60, 3)).toBe(1);
    expect(dueReminderRound(start, at(48), 24 * 60, 3)).toBe(2);
    expect(dueReminderRound(start, at(24 * 30), 24 * 60, 3)).toBe(3);
  });
  it('is none without reminders, or with a clock before the start', () => {
    expect(dueReminderRound(start, at(100), null, 3)).toBe(0);
    expect(dueReminderRound(start, at(100), 60, 0)).toBe(0);
    expect(dueReminderRound(start, at(-5), 60, 3)).toBe(0);
  });
  it('keys each round by announcement and round', () => {
    const id = '0b7a1f3e-5d7c-4c59-9d55-2f2a3c8b9e10';
    expect(parseReminderSubject(reminderSubject(id, 2))).toEqual({ announcementId: id, round: 2 });
    expect(parseReminderSubject('not-a-subject')).toBeUndefined();
  });
});
