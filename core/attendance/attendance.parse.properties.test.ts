import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { addDays } from '../shared/calendar.ts';
import { parseCsv, recordOf } from '../shared/csv.ts';
import { parseAttendanceMapping } from './attendance.mapping.ts';
import { type AttendanceDay, createAttendanceParser, parseAttendanceCsv } from './attendance.parse.ts';
import { csv, HEADER } from './attendance.test-csv.ts';

/**
 * The attendance CSV reader against generated files: valid rows read back exactly (UTF-8 and
 * Shift_JIS, every date style), one bad cell gives one error at its place, and the streaming and
 * plain-row paths give what the whole-file reader gives. The rules one by one, with examples:
 * attendance.parse.test.ts.
 */
describe('properties', () => {
  const dayArb = fc.record({
    employeeNo: fc.stringMatching(/^[0-9A-Z]{1,8}$/),
    dayOffset: fc.integer({ min: 0, max: 3000 }),
    start: fc.integer({ min: 0, max: 12 * 60 }),
    length: fc.integer({ min: 0, max: 11 * 60 }),
    overtime: fc.integer({ min: 0, max: 1440 }),
    leave: fc.option(
      fc.record({
        type: fc.constantFrom('年次休暇', '夏季休暇', '病気休暇'),
        minutes: fc.integer({ min: 1, max: 480 }),
      }),
      {
        nil: undefined,
      },
    ),
    dateStyle: fc.constantFrom('iso', 'slash', 'kanji', 'reiwa', 'R'),
  });
  const clock = (m: number) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
  const writeDate = (iso: string, style: string) => {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    if (style === 'iso') return iso;
    if (style === 'slash') return `${y}/${m}/${d}`;
    if (style === 'kanji') return `${y}年${m}月${d}日`;
    const eraYear = y - 2018; // dates here are from 2020 on: 令和
    return style === 'reiwa'
      ? `令和${eraYear === 1 ? '元' : eraYear}年${m}月${d}日`
      : `R${eraYear}.${m}.${d}`;
  };
  const fileArb = fc.uniqueArray(dayArb, {
    selector: (d) => `${d.employeeNo}:${d.dayOffset}`,
    minLength: 1,
    maxLength: 40,
  });
  const header = `${HEADER},休暇種別,休暇時間`;
  type Day = typeof dayArb extends fc.Arbitrary<infer T> ? T : never;
  const toCsv = (days: Day[]) =>
    csv(
      header,
      ...days.map((d) =>
        [
          d.employeeNo,
          writeDate(addDays('2020-01-01', d.dayOffset), d.dateStyle),
          clock(d.start),
          clock(d.start + d.length),
          String(d.overtime),
          d.leave?.type ?? '',
          d.leave ? clock(d.leave.minutes) : '',
        ].join(','),
      ),
    );

  it('valid rows read back exactly, from UTF-8 and from Shift_JIS', () => {
    fc.assert(
      fc.property(fileArb, (days) => {
        const text = toCsv(days);
        for (const input of [text, new TextEncoder().encode(text), iconv.encode(text, 'Shift_JIS')]) {
          const result = parseAttendanceCsv(input);
          expect(result.errors).toEqual([]);
          expect(
            result.rows.map((r) => [
              r.line,
              r.employeeNo,
              r.date,
              r.startTime,
              r.endTime,
              r.overtimeMinutes,
              r.leaveType,
              r.leaveMinutes,
            ]),
          ).toEqual(
            days.map((d, i) => [
              i + 2,
              d.employeeNo,
              addDays('2020-01-01', d.dayOffset),
              clock(d.start).padStart(5, '0'),
              clock(d.start + d.length).padStart(5, '0'),
              d.overtime,
              d.leave?.type ?? null,
              d.leave?.minutes ?? null,
            ]),
          );
        }
      }),
    );
  });

  it('one bad cell gives exactly one error, at its line and column', () => {
    const badCells = [
      [2, '2026/2/31'],
      [3, '9:99'],
      [5, '-5'],
      [5, '24:01'],
    ] as const;
    fc.assert(
      fc.property(fileArb, fc.nat(), fc.constantFrom(...badCells), (days, pick, [column, bad]) => {
        const lines = toCsv(days).trimEnd().split('\r\n');
        const target = 1 + (pick % days.length);
        const cells = lines[target]!.split(',');
        cells[column - 1] = bad;
        lines[target] = cells.join(',');
        const errors = parseAttendanceCsv(lines.join('\r\n')).errors;
        expect(errors).toHaveLength(1);
        expect(errors[0]!.where).toBe(`line ${target + 1}, column ${column}`);
      }),
    );
  });

  it('record by record (the streaming path) gives what the whole-file wrapper gives', () => {
    fc.assert(
      fc.property(fileArb, fc.array(fc.nat(), { maxLength: 3 }), (days, dupes) => {
        const rows = days.concat(dupes.map((i) => days[i % days.length]!)); // some duplicates
        const text = toCsv(rows);
        const whole = parseAttendanceCsv(text);
        const { header: h, rows: records } = parseCsv(text);
        const parser = createAttendanceParser(h);
        const streamed = records.map((r) => parser.push(r));
        expect(streamed.flatMap((s) => (s.row ? [s.row] : []))).toEqual(whole.rows);
        expect(streamed.flatMap((s) => s.errors)).toEqual(whole.errors);
        expect(whole.errors.every((e) => e.code === 'duplicate_day')).toBe(true);
        expect(whole.errors).toHaveLength(dupes.length);
      }),
    );
  });

  it('a record read by its cells (the plain-row reader) gives what the general reader gives', () => {
    const header = [
      '職員番号',
      '日付',
      '出勤時刻',
      '退勤時刻',
      '超過勤務時間',
      '休暇種別',
      '休暇日数',
      '休暇時間',
      '在庁時間',
      'ログオン',
      'ログオフ',
      '氏名',
    ];
    // Plain forms beside near-misses: spaces, full-width, past 24:00, out of order, leave, bad values.
    const no = fc.constantFrom('100234', 'A-7', '', ' 100234', '１００２３４', '100 234', 'x'.repeat(33));
    const date = fc.constantFrom(
      '2026-05-06',
      '2026-02-29',
      '2028-02-29',
      '2026/5/6',
      ' 2026-05-06',
      '2026-13-01',
      '',
    );
    const time = fc.constantFrom(
      '',
      '9:00',
      '09:00',
      '18:15',
      '23:59',
      '0:00',
      '24:00',
      '25:30',
      ' 9:00',
      '９：００',
      '9:60',
      'x',
    );
    const minutes = fc.constantFrom('', '0', '90', '1440', '1441', '01', '1:30', ' 5', '-5', '99999', '１０');
    const leaveType = fc.constantFrom('', '', '年次休暇');
    const leaveDays = fc.constantFrom('', '', '0', '1', '0.5');
    const moment = fc.constantFrom('', '8:12', '18:30', '2026-05-06 8:12', '25:00', 'x');
    const cells = fc.tuple(
      no,
      date,
      time,
      time,
      minutes,
      leaveType,
      leaveDays,
      minutes,
      minutes,
      moment,
      moment,
      fc.constantFrom('', '山田'),
    );
    fc.assert(
      fc.property(
        fc.array(cells, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.constantFrom('minutes' as const, 'hours' as const),
        fc.nat(header.length),
        (records, allowOvernight, bareNumberUnit, cut) => {
          const mapping = parseAttendanceMapping({ allowOvernight, bareNumberUnit });
          const byCells = createAttendanceParser(header, mapping);
          const byRecord = createAttendanceParser(header, mapping);
          // The allocation-free form the whole-file reader uses.
          const byEach = createAttendanceParser(header, mapping);
          records.forEach((r, i) => {
            // Short records too (a line with fewer cells than the header).
            const line = i === 0 ? r.slice(0, Math.max(2, cut)) : r;
            const expected = byRecord.push(recordOf(header, i + 2, line));
            expect(byCells.pushCells(i + 2, line)).toEqual(expected);
            const good: AttendanceDay[] = [];
            const bad: unknown[] = [];
            byEach.eachCells(
              i + 2,
              line,
              (row) => good.push(row),
              (e) => bad.push(e),
            );
            expect(good).toEqual(expected.row ? [expected.row] : []);
            expect(bad).toEqual(expected.errors);
          });
          expect(byCells.employeeNos).toEqual(byRecord.employeeNos);
          expect(byEach.employeeNos).toEqual(byRecord.employeeNos);
        },
      ),
    );
  });
});
