import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseAttendanceMapping } from './attendance.mapping.ts';
import { type AttendanceDay, parseAttendanceCsv } from './attendance.parse.ts';
import { csv, HEADER, where } from './attendance.test-csv.ts';

describe('parseAttendanceCsv: the sample export', () => {
  const bytes = readFileSync(new URL('../../test/fixtures/attendance-sample.csv', import.meta.url));

  const expectSample = (result: ReturnType<typeof parseAttendanceCsv>) => {
    expect(result.errors).toEqual([]);
    expect([...result.employeeNos]).toEqual(['100234', '100235', '100236']);
    expect(result.rows.map((r) => [r.line, r.employeeNo, r.date, r.overtimeMinutes, r.leaveType])).toEqual([
      [2, '100234', '2026-05-01', 270, null],
      [3, '100234', '2026-05-07', 0, null],
      [4, '100234', '2026-05-08', 0, '年次休暇'],
      [5, '100235', '2026-05-07', 75, null],
      [6, '100235', '2026-05-08', 0, '年次休暇'],
      [7, '100236', '2026-05-06', 300, null], // 振替休日: holiday work is still a day row
    ]);
    expect(result.rows[0]).toEqual({
      line: 2,
      employeeNo: '100234',
      date: '2026-05-01',
      startTime: '09:00',
      endTime: '22:15',
      endsNextDay: false,
      overtimeMinutes: 270,
      leaveType: null,
      leaveDays: null,
      leaveMinutes: null,
      inOfficeMinutes: 330,
      logonAt: '2026-05-01T08:52',
      logoffAt: '2026-05-01T22:20',
    } satisfies AttendanceDay);
    expect(result.rows[2]).toMatchObject({
      startTime: null,
      endTime: null,
      leaveDays: 1,
      leaveMinutes: null,
    });
    expect(result.rows[4]).toMatchObject({ leaveDays: null, leaveMinutes: 120 });
  };

  it('gives 在庁時間 as time beyond the regular hours, as the 100 h rule sums it (not the whole day in the office)', () => {
    // The 100 h rule (医師による面接指導) adds up a month of this column: a whole day's time in the office
    // would reach 100 h for everyone in about twelve days. On a working day it is at most the declared
    // span less the standard 7 h 45 min; on a day off (the 振替休日 row) all of it is beyond.
    const REGULAR = 7 * 60 + 45;
    const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
    for (const r of parseAttendanceCsv(bytes).rows) {
      if (r.inOfficeMinutes === null || !r.startTime || !r.endTime) continue;
      const span = minutes(r.endTime) - minutes(r.startTime);
      const regular = r.date === '2026-05-06' ? 0 : REGULAR;
      expect(r.inOfficeMinutes, `line ${r.line}`).toBeLessThanOrEqual(span - regular);
    }
  });

  it('reads the UTF-8 (BOM) file', () => {
    const result = parseAttendanceCsv(bytes);
    expect(result.encoding).toBe('utf-8');
    expectSample(result);
  });

  it('reads the same file saved as Shift_JIS', () => {
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
    const result = parseAttendanceCsv(iconv.encode(text, 'Shift_JIS'));
    expect(result.encoding).toBe('shift_jis');
    expectSample(result);
  });
});

describe('parseAttendanceCsv: header', () => {
  it('lists every missing required column at line 1', () => {
    expect(where(csv('職員番号,日付', '1,2026/5/7'))).toEqual([
      'line 1: missing column "出勤時刻"',
      'line 1: missing column "退勤時刻"',
      'line 1: missing column "超過勤務時間"',
    ]);
  });

  it('refuses an unknown column and a repeated one, with their column numbers', () => {
    expect(where(csv(`${HEADER},勤務区分,日付`, '1,2026/5/7,9:00,18:00,0,A,2026/5/7'))).toEqual([
      'line 1, column 6: unknown column "勤務区分" (not in the column mapping)',
      'line 1, column 7: column "日付" appears twice (also column 2)',
    ]);
  });

  it('skips the ignored columns and the empty header cells of a trailing comma', () => {
    const result = parseAttendanceCsv(
      csv(`氏名,${HEADER},所属,`, '総務 太郎,1,2026/5/7,9:00,18:00,0:30,大臣官房,'),
    );
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({ employeeNo: '1', overtimeMinutes: 30 });
  });

  it('matches half-width katakana and full-width header names after normalisation', () => {
    const result = parseAttendanceCsv(csv(`${HEADER},ﾛｸﾞｵﾝ`, '1,2026/5/7,9:00,18:00,0,8:50'));
    expect(result.errors).toEqual([]);
    expect(result.rows[0]!.logonAt).toBe('2026-05-07T08:50');
  });

  it('does not read the rows when the header does not fit', () => {
    const result = parseAttendanceCsv(csv('職員番号,日付', 'x,not a date'));
    expect(result.rows).toEqual([]);
    expect(result.errors.every((e) => e.where === 'line 1')).toBe(true);
  });
});

describe('parseAttendanceCsv: cells', () => {
  it.each([
    ['empty employee number', ',2026/5/7,9:00,18:00,0', 'line 2, column 1: 職員番号: is empty'],
    [
      'employee number with a space',
      '12 34,2026/5/7,9:00,18:00,0',
      'line 2, column 1: 職員番号: "12 34" is not an employee number',
    ],
    ['bad date', '1,2026/2/30,9:00,18:00,0', 'line 2, column 2: 日付: "2026/2/30" is not a calendar date'],
    [
      'date in no era',
      '1,平成31年5月1日,9:00,18:00,0',
      'line 2, column 2: 日付: "平成31年5月1日" is after 平成 ended (2019-04-30); the date is in the next era',
    ],
    [
      'bad time',
      '1,2026/5/7,9時,18:00,0',
      'line 2, column 3: 出勤時刻: "9時" is not a time (use 8:30 or 08:30)',
    ],
    [
      'end before start',
      '1,2026/5/7,9:00,8:30,0',
      'line 2, column 4: 退勤時刻: 08:30 is before the start 09:00',
    ],
    [
      'next-day end',
      '1,2026/5/7,9:00,25:00,0',
      'line 2, column 4: 退勤時刻: 25:00 is on the next day; overnight work is not allowed in the mapping',
    ],
    [
      'negative overtime',
      '1,2026/5/7,9:00,18:00,-0:30',
      'line 2, column 5: 超過勤務時間: "-0:30" is negative',
    ],
    [
      'overtime over 24 h',
      '1,2026/5/7,9:00,18:00,1500',
      'line 2, column 5: 超過勤務時間: "1500" is more than 24 hours',
    ],
  ])('%s', (_, line, message) => {
    expect(where(csv(HEADER, line))).toEqual([message]);
  });

  it('collects every error of every row, in file order', () => {
    const errors = where(
      csv(HEADER, ',2026/2/30,9:00,8:00,-1', '2,2026/5/7,9:00,18:00,0', '3,R1.4.30,x,18:00,25:00'),
    );
    expect(errors.map((e) => e.split(':')[0])).toEqual([
      'line 2, column 1',
      'line 2, column 2',
      'line 2, column 4',
      'line 2, column 5',
      'line 4, column 2',
      'line 4, column 3',
      'line 4, column 5',
    ]);
  });

  it('refuses the same employee and day twice, however the date is written', () => {
    const result = parseAttendanceCsv(
      csv(HEADER, '1,2026/5/7,9:00,18:00,0', '2,2026/5/7,9:00,18:00,0', '1,R8.5.7,9:00,19:00,1:00'),
    );
    expect(result.errors).toEqual([
      {
        where: 'line 4, column 2',
        code: 'duplicate_day',
        message: '日付: 1 on 2026-05-07 is already on line 2',
        // What the tab renders: a message key with the values, in the viewer's language.
        key: 'attendance.duplicate_day',
        params: { column: '日付', columnNo: 2, date: '2026-05-07', employeeNo: '1', first: 2, line: 4 },
      },
    ]);
  });

  it('refuses a day listed again further down, after other people and months, with its first line', () => {
    const result = parseAttendanceCsv(
      csv(
        HEADER,
        '1,2026-05-31,9:00,18:00,0',
        '1,2026-06-01,9:00,18:00,0',
        '2,2026-05-31,9:00,18:00,0',
        '1,2026-06-02,9:00,18:00,0',
        '2,2026-06-01,9:00,18:00,0',
        '1,2026-05-31,9:00,18:00,0',
        '2,2026-05-31,9:00,18:00,0',
        '1,2026-07-31,9:00,18:00,0',
      ),
    );
    expect(result.errors.map((e) => [e.where, e.message])).toEqual([
      ['line 7, column 2', '日付: 1 on 2026-05-31 is already on line 2'],
      ['line 8, column 2', '日付: 2 on 2026-05-31 is already on line 4'],
    ]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 9]);
  });

  it('finds a duplicate even when the first of the two rows has another error', () => {
    const errors = parseAttendanceCsv(
      csv(HEADER, '1,2026/5/7,9:00,18:00,bad', '1,2026-05-07,9:00,18:00,0'),
    ).errors;
    expect(errors.map((e) => e.code)).toEqual(['invalid', 'duplicate_day']);
  });

  it('skips blank rows and spreadsheet rows of empty cells, keeping the file line numbers', () => {
    const result = parseAttendanceCsv(csv(HEADER, '', ',,,,', '1,2026/5/7,9:00,18:00,0'));
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.line)).toEqual([4]);
  });

  it('returns the employee numbers of rows with errors too, for the existence check', () => {
    const result = parseAttendanceCsv(csv(HEADER, 'A1,2026/5/7,9:00,18:00,0', 'B2,bad,9:00,18:00,0'));
    expect([...result.employeeNos]).toEqual(['A1', 'B2']);
  });
});

describe('parseAttendanceCsv: overnight work', () => {
  const overnight = parseAttendanceMapping({ allowOvernight: true });

  it('is refused by default and read as the next day when the mapping allows it', () => {
    expect(where(csv(HEADER, '1,2026/5/7,22:00,6:00,8:00'))).toEqual([
      'line 2, column 4: 退勤時刻: 06:00 is before the start 22:00',
    ]);
    for (const end of ['6:00', '30:00']) {
      const result = parseAttendanceCsv(csv(HEADER, `1,2026/5/7,22:00,${end},8:00`), overnight);
      expect(result.errors).toEqual([]);
      expect(result.rows[0]).toMatchObject({
        startTime: '22:00',
        endTime: '06:00',
        endsNextDay: true,
        overtimeMinutes: 480,
      });
    }
  });

  it('still refuses a day longer than 24 hours', () => {
    expect(where(csv(HEADER, '1,2026/5/7,8:00,33:00,0'), overnight)).toEqual([
      'line 2, column 4: 退勤時刻: the day is longer than 24 hours',
    ]);
  });

  it('reads a log-off after midnight from a date and time, and from a time when allowed', () => {
    const header = `${HEADER},ログオン,ログオフ`;
    const dated = parseAttendanceCsv(csv(header, '1,2026/5/7,9:00,18:00,0,8:50,2026/5/8 1:10'));
    expect(dated.errors).toEqual([]);
    expect(dated.rows[0]).toMatchObject({ logonAt: '2026-05-07T08:50', logoffAt: '2026-05-08T01:10' });
    expect(where(csv(header, '1,2026/5/7,9:00,18:00,0,8:50,1:10'))).toEqual([
      'line 2, column 7: ログオフ: 2026-05-07T01:10 is before the log-on',
    ]);
    expect(
      parseAttendanceCsv(csv(header, '1,2026/5/7,9:00,18:00,0,8:50,1:10'), overnight).rows[0]!.logoffAt,
    ).toBe('2026-05-08T01:10');
    expect(where(csv(header, '1,2026/5/7,9:00,18:00,0,8:50,2026/5/10 1:10'))).toEqual([
      `line 2, column 7: ログオフ: "2026/5/10 1:10" is not on the row's date or the day after`,
    ]);
  });
});

describe('parseAttendanceCsv: leave', () => {
  const header = `${HEADER},休暇種別,休暇日数,休暇時間`;

  it('reads days, hours, and 0 as no leave', () => {
    const result = parseAttendanceCsv(
      csv(
        header,
        '1,2026/5/7,,,,夏季休暇,1日,',
        '1,2026/5/8,9:00,16:00,0,年次休暇,0,1時間',
        '1,2026/5/11,9:00,18:00,0,,0,0:00',
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.leaveType, r.leaveDays, r.leaveMinutes])).toEqual([
      ['夏季休暇', 1, null],
      ['年次休暇', null, 60],
      [null, null, null],
    ]);
  });

  it('refuses an amount without a type, a type without an amount, and more than a day', () => {
    expect(
      where(csv(header, '1,2026/5/7,,,,,1,', '1,2026/5/8,,,,年次休暇,,', '1,2026/5/11,,,,年次休暇,2,')),
    ).toEqual([
      'line 2, column 7: 休暇日数: leave is given without 休暇種別',
      'line 3, column 6: 休暇種別: "年次休暇" is given without the days or hours taken',
      `line 4, column 7: 休暇日数: "2": one day's row holds at most 1 day of leave`,
    ]);
  });

  it('accepts a type alone when the file has no amount columns', () => {
    const result = parseAttendanceCsv(csv(`${HEADER},休暇種別`, '1,2026/5/7,,,,年次休暇'));
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({ leaveType: '年次休暇', leaveDays: null, leaveMinutes: null });
  });
});

describe('column mapping', () => {
  it('reads another layout with overtime in hours', () => {
    const mapping = parseAttendanceMapping({
      columns: { employeeNo: '職員コード', overtime: '超勤時間' },
      bareNumberUnit: 'hours',
    });
    const result = parseAttendanceCsv(
      csv('職員コード,日付,出勤時刻,退勤時刻,超勤時間', 'K-9,2026/5/7,9:00,21:00,2.5'),
      mapping,
    );
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({ employeeNo: 'K-9', overtimeMinutes: 150 });
  });

  it('treats a column of a field mapped to null as unknown', () => {
    const mapping = parseAttendanceMapping({ columns: { inOffice: null } });
    expect(where(csv(`${HEADER},在庁時間`, '1,2026/5/7,9:00,18:00,0,9:00'), mapping)).toEqual([
      'line 1, column 6: unknown column "在庁時間" (not in the column mapping)',
    ]);
  });

  it('refuses a mapping that maps two fields to one column or maps an ignored column', () => {
    expect(() => parseAttendanceMapping({ columns: { start: '時刻', end: '時刻' } })).toThrow(
      /already mapped/,
    );
    expect(() => parseAttendanceMapping({ ignoreColumns: ['日付'] })).toThrow(/both mapped and ignored/);
  });
});
