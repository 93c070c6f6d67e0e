import { describe, expect, it } from 'vitest';
import { holidayName, previousWorkingDay } from './calendar.ts';

describe('holidayName', () => {
  it('names national holidays and substitute holidays, nothing else', () => {
    expect(holidayName('2026-04-29')).toBe('昭和の日');
    expect(holidayName('2026-05-06')).toBe('こどもの日 振替休日');
    expect(holidayName('2026-09-22')).toBe('休日'); // 国民の休日 between 敬老の日 and 秋分の日
    expect(holidayName('2026-05-07')).toBeUndefined();
    expect(holidayName('2026-12-29')).toBeUndefined(); // closed, but not a national holiday
  });

  it('refuses what is not a date', () => {
    expect(() => holidayName('2026-02-30')).toThrow(RangeError);
  });
});

describe('previousWorkingDay', () => {
  it('is the date itself on a working day, else the last working day before it', () => {
    expect(previousWorkingDay('2026-05-07')).toBe('2026-05-07');
    expect(previousWorkingDay('2026-05-05')).toBe('2026-05-01');
    expect(previousWorkingDay('2027-01-03')).toBe('2026-12-28');
  });
});
