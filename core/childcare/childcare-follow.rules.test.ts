import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { followComplete, nextFollowReminder } from './childcare-follow.rules.ts';

/** Seed 002 (「男の産休・育休等」取得計画書兼フォローシート): four steps, reminders until all are done. */
describe('the manager follow sheet', () => {
  const none = { explainedAt: null, encouragedAt: null, coverArrangedAt: null, talkDate: null };
  it('is complete only with all four steps', () => {
    expect(followComplete(none)).toBe(false);
    expect(
      followComplete({ explainedAt: 'x', encouragedAt: 'x', coverArrangedAt: 'x', talkDate: null }),
    ).toBe(false);
    expect(
      followComplete({ explainedAt: 'x', encouragedAt: 'x', coverArrangedAt: 'x', talkDate: '2026-08-01' }),
    ).toBe(true);
  });

  it('reminds every interval after the last reminder, and stops after the maximum', () => {
    const s = { intervalDays: 7, maxReminders: 3 };
    expect(nextFollowReminder('2026-08-03', null, 0, s)).toBe('2026-08-10');
    expect(nextFollowReminder('2026-08-03', '2026-08-10', 1, s)).toBe('2026-08-17');
    expect(nextFollowReminder('2026-08-03', '2026-08-24', 3, s)).toBeNull();
  });

  it('property: the next reminder is always after the last contact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 5 }), (interval, n) => {
        const next = nextFollowReminder('2026-08-03', null, n, { intervalDays: interval, maxReminders: 6 });
        expect(next !== null && next > '2026-08-03').toBe(true);
      }),
    );
  });
});
