import { describe, expect, it } from 'vitest';
import { nextOccurrence, occurrencesBetween, type Recurrence, recurrenceSchema } from './recurrence.rules.ts';

const rule = (over: Partial<Recurrence>): Recurrence =>
  recurrenceSchema.parse({
    frequency: 'weekly',
    weekdays: [3],
    time: '17:00',
    startsOn: '2026-01-01',
    ...over,
  });

describe('recurring announcements in Japan time, around holidays', () => {
  it('sends 定時退庁日 every Wednesday at 17:00 JST', () => {
    const os = occurrencesBetween(rule({}), '2026-06-01', '2026-06-30');
    expect(os.map((o) => o.date)).toEqual(['2026-06-03', '2026-06-10', '2026-06-17', '2026-06-24']);
    expect(os[0]!.at.toISOString()).toBe('2026-06-03T08:00:00.000Z');
  });

  it('skips a weekly date that is a holiday (海の日 2026-07-20), or moves it to the next working day', () => {
    const monday = rule({ weekdays: [1], time: '09:00' });
    expect(occurrencesBetween(monday, '2026-07-13', '2026-07-27').map((o) => o.date)).toEqual([
      '2026-07-13',
      '2026-07-27',
    ]);
    const shifted = occurrencesBetween(
      { ...monday, onHoliday: 'next_working_day' },
      '2026-07-13',
      '2026-07-27',
    );
    expect(shifted.map((o) => [o.date, o.shiftedFrom, o.holiday])).toEqual([
      ['2026-07-13', undefined, undefined],
      ['2026-07-21', '2026-07-20', '海の日'],
      ['2026-07-27', undefined, undefined],
    ]);
  });

  it('moves a monthly date off 文化の日 and off the year-end closure, to the previous working day when asked', () => {
    const third = rule({ frequency: 'monthly', dayOfMonth: 3, weekdays: [], onHoliday: 'next_working_day' });
    expect(occurrencesBetween(third, '2026-10-01', '2027-01-31').map((o) => o.date)).toEqual([
      '2026-10-05', // 10/3 is a Saturday
      '2026-11-04', // 11/3 文化の日
      '2026-12-03',
      '2027-01-04', // 1/3 is inside 12/29–1/3
    ]);
    const before = { ...third, onHoliday: 'previous_working_day' as const };
    expect(occurrencesBetween(before, '2026-11-01', '2026-11-30').map((o) => o.date)).toEqual(['2026-11-02']);
  });

  it('takes "the 31st" as the month\'s last day, and "last" as well', () => {
    const r = rule({ frequency: 'monthly', dayOfMonth: 31, weekdays: [], onHoliday: 'previous_working_day' });
    expect(occurrencesBetween(r, '2026-04-01', '2026-06-30').map((o) => o.date)).toEqual([
      '2026-04-30',
      '2026-05-29', // 5/31 is a Sunday
      '2026-06-30',
    ]);
    const last = { ...r, dayOfMonth: 'last' as const };
    expect(occurrencesBetween(last, '2026-02-01', '2026-02-28').map((o) => o.date)).toEqual(['2026-02-27']);
  });

  it('finds an occurrence the year-end closure moved nine days (Sat 2025-12-27 → Mon 2026-01-05)', () => {
    const r = rule({
      frequency: 'monthly',
      dayOfMonth: 27,
      time: '09:00',
      onHoliday: 'next_working_day',
      startsOn: '2025-12-01',
    });
    // On Sunday 2026-01-04 the next one is the moved December date, not 2026-01-27.
    expect(nextOccurrence(r, new Date('2026-01-04T03:00:00Z'))).toMatchObject({
      date: '2026-01-05',
      shiftedFrom: '2025-12-27',
    });
  });

  it('stays inside the series start and end, and finds the next occurrence from an instant', () => {
    const r = rule({ startsOn: '2026-06-10', endsOn: '2026-06-20' });
    expect(occurrencesBetween(r, '2026-06-01', '2026-06-30').map((o) => o.date)).toEqual([
      '2026-06-10',
      '2026-06-17',
    ]);
    // Wednesday 17:00 has passed by 17:01: the next is a week later; after the end, none.
    expect(nextOccurrence(r, new Date('2026-06-10T08:01:00Z'))?.date).toBe('2026-06-17');
    expect(nextOccurrence(r, new Date('2026-06-18T00:00:00Z'))).toBeUndefined();
  });

  it('refuses a weekly rule without weekdays and an end before the start, with message keys', () => {
    const bad = recurrenceSchema.safeParse({
      frequency: 'weekly',
      time: '25:00',
      startsOn: '2026-06-10',
      endsOn: '2026-06-01',
    });
    expect(bad.success).toBe(false);
    const keys = bad.error!.issues.map((i) => [
      i.path.join('.'),
      (i as { params?: { key?: string } }).params?.key,
    ]);
    expect(keys).toEqual(
      expect.arrayContaining([
        ['time', undefined],
        ['weekdays', 'announcement.series_weekdays'],
        ['endsOn', 'announcement.series_ends_before_start'],
      ]),
    );
  });
});
