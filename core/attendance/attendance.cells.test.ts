import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateCell, parseDurationCell, parseLeaveDaysCell, parseTimeCell } from './attendance.cells.ts';

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }) =>
  r.ok ? r.value : `ERROR ${r.reason}`;

describe('parseDateCell', () => {
  it.each([
    ['2026-05-06', '2026-05-06'],
    ['2026/5/6', '2026-05-06'],
    ['2026/05/06', '2026-05-06'],
    ['2026.5.6', '2026-05-06'],
    ['2026年5月6日', '2026-05-06'],
    ['20260506', '2026-05-06'],
    ['2026/5/6(水)', '2026-05-06'],
    [' ２０２６／５／６ ', '2026-05-06'], // full width, as Shift_JIS exports may write it
    ['令和8年5月6日', '2026-05-06'],
    ['令和８年５月６日', '2026-05-06'],
    ['R8.5.6', '2026-05-06'],
    ['r8/5/6', '2026-05-06'],
    ['R08.05.06', '2026-05-06'],
    ['平成31年4月30日', '2019-04-30'],
    ['H31.4.30', '2019-04-30'],
    ['令和元年5月1日', '2019-05-01'],
    ['R1.5.1', '2019-05-01'],
    ['平成元年1月8日', '1989-01-08'],
    ['2028/2/29', '2028-02-29'],
    ['令和10年2月29日', '2028-02-29'],
  ])('%s → %s', (text, iso) => {
    expect(value(parseDateCell(text))).toBe(iso);
  });

  it.each([
    ['', /empty/],
    ['2026/2/30', /not a calendar date/],
    ['2027/2/29', /not a calendar date/],
    ['2026/13/1', /not a calendar date/],
    ['平成31年5月1日', /after 平成 ended/],
    ['H31.5.1', /after 平成 ended/],
    ['令和元年4月30日', /before 令和 began/],
    ['R1.4.30', /before 令和 began/],
    ['平成元年1月7日', /before 平成 began/],
    ['令和0年5月1日', /starts at 1/],
    ['明治45年7月29日', /not a date/],
    ['5/6', /not a date/],
    ['2026-05-06 09:00', /not a date/],
  ])('refuses %s', (text, reason) => {
    const r = parseDateCell(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  // Intl's Japanese calendar is an independent oracle for the era arithmetic.
  const japanese = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const dateArb = fc
    .date({
      min: new Date('1989-01-08T00:00:00Z'),
      max: new Date('2049-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  it('property: every 和暦 and 西暦 spelling of a date reads back as that date', () => {
    fc.assert(
      fc.property(dateArb, (iso) => {
        const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
        const parts = Object.fromEntries(
          japanese.formatToParts(new Date(`${iso}T00:00:00Z`)).map((p) => [p.type, p.value]),
        );
        const initial = parts.era === '令和' ? 'R' : 'H';
        const eraYear = parts.year === '元' ? 1 : Number(parts.year);
        const spellings = [
          iso,
          `${y}/${m}/${d}`,
          `${y}年${m}月${d}日`,
          japanese.format(new Date(`${iso}T00:00:00Z`)),
          `${parts.era}${eraYear}年${m}月${d}日`,
          `${initial}${eraYear}.${m}.${d}`,
        ];
        for (const text of spellings) expect(value(parseDateCell(text)), text).toBe(iso);
      }),
    );
  });
});

describe('parseTimeCell', () => {
  it.each([
    ['9:00', 540],
    ['09:05', 545],
    ['18:15:59', 1095],
    ['０８：３０', 510],
    ['25:30', 1530],
    ['0:00', 0],
  ])('%s → %i minutes after midnight', (text, minutes) => {
    expect(value(parseTimeCell(text))).toBe(minutes);
  });

  it.each(['9', '9:5', '9:60', '48:00', 'noon', '-1:00', '9時'])('refuses %s', (text) => {
    expect(parseTimeCell(text).ok).toBe(false);
  });
});

describe('parseDurationCell', () => {
  it.each([
    ['', 'minutes', null],
    ['1:30', 'minutes', 90],
    ['01:30', 'minutes', 90],
    ['24:00', 'minutes', 1440],
    ['90', 'minutes', 90],
    ['1.5', 'hours', 90],
    ['2', 'hours', 120],
    ['1時間30分', 'minutes', 90],
    ['2時間', 'minutes', 120],
    ['45分', 'minutes', 45],
    ['１：３０', 'minutes', 90],
    ['0:00', 'minutes', 0],
  ] as const)('%s (bare number = %s) → %s', (text, unit, minutes) => {
    expect(value(parseDurationCell(text, unit))).toBe(minutes);
  });

  it.each([
    ['-1:00', /negative/],
    ['−30', /negative/],
    ['▲30', /negative/],
    ['24:01', /more than 24 hours/],
    ['1441', /more than 24 hours/],
    ['25時間', /more than 24 hours/],
    ['1:75', /00–59/],
    ['1.5', /whole number of minutes/],
    ['時間', /not a duration/],
    ['abc', /not a duration/],
  ])('refuses %s', (text, reason) => {
    const r = parseDurationCell(text, 'minutes');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('property: every duration of a day reads back from h:mm and from minutes; longer ones are refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), (minutes) => {
        const hmm = `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
        for (const text of [hmm, String(minutes)]) {
          const r = parseDurationCell(text, 'minutes');
          if (minutes <= 1440) expect(value(r)).toBe(minutes);
          else expect(r.ok).toBe(false);
        }
        expect(parseDurationCell(`-${hmm}`, 'minutes').ok).toBe(false);
      }),
    );
  });
});

describe('parseLeaveDaysCell', () => {
  it.each([
    ['1', 1],
    ['0.5', 0.5],
    ['1日', 1],
    ['', null],
    ['0', null],
  ])('%s → %s', (text, days) => {
    expect(value(parseLeaveDaysCell(text))).toBe(days);
  });

  it.each(['2', '-1', 'x', '1.5日'])('refuses %s', (text) => {
    expect(parseLeaveDaysCell(text).ok).toBe(false);
  });
});
