import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceDay } from '../../test/harness/attendance-day.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { TEST_DATABASE_URL } from '../../test/harness/test-env.ts';
import type { Db } from '../db/db.ts';
import type { AttendanceDay } from './attendance.parse.ts';
import { withImportTransaction } from './attendance-import.repository.ts';
import { BinaryWriter, type ElementType, plainDecimal, writeArrayField } from './attendance-stage.binary.ts';
import { createStage, type Slot, toStageMonths } from './attendance-stage.ts';
import { stageWriter } from './attendance-stage.write.ts';

/**
 * The server stages person-months by binary COPY (attendance-stage.binary.ts), PGlite by INSERT of
 * array literals. Both must store exactly the same values: the same file gives the same days
 * whichever database holds them. Every value is read back as PostgreSQL's text of it.
 */
const READ_BACK = `
  select employee_no, month::text, day_mask, day_count, overtime_total, in_office_total, last_day,
         start_time::text, end_time::text, ends_next_day::text, overtime_minutes::text, leave_type::text,
         leave_days::text, leave_minutes::text, in_office_minutes::text, logon_at::text, logoff_at::text,
         file_hash::text, stored
    from attendance_stage order by employee_no, month`;

const base = attendanceDay();

/** Days with the values an export can hold at their edges, and text COPY or a literal could bend. */
const awkward: AttendanceDay[] = [
  {
    ...base,
    employeeNo: 'E1',
    date: '2026-05-01',
    startTime: '00:00',
    endTime: '23:59',
    overtimeMinutes: 1440,
  },
  { ...base, employeeNo: 'E1', date: '2026-05-31', startTime: '22:00', endTime: '06:30', endsNextDay: true },
  {
    ...base,
    employeeNo: 'E1',
    date: '2026-06-15',
    leaveType: '年次休暇 "午後" \\ {a,b} NULL',
    leaveDays: 0.5,
    leaveMinutes: 240,
    inOfficeMinutes: 0,
  },
  {
    ...base,
    employeeNo: 'E\\2\t',
    date: '1999-12-31',
    logonAt: '1999-12-31T08:55',
    logoffAt: '2000-01-01T01:10',
  },
  { ...base, employeeNo: 'E3', date: '2026-02-28', leaveType: 'NULL', leaveDays: 1 },
  { ...base, employeeNo: 'E3', date: '2026-03-01', leaveType: '', leaveDays: 0.3333333 },
  { ...base, employeeNo: 'E3', date: '2026-03-02', leaveType: '特別休暇（育児参加）', leaveDays: 1e-7 },
  { ...base, employeeNo: 'E3', date: '2026-03-03', leaveType: 'x', leaveDays: 0.125, inOfficeMinutes: 613 },
  { ...base, employeeNo: 'E3', date: '2026-03-04', leaveType: 'x', leaveDays: 1e-21 },
  { ...base, employeeNo: 'E3', date: '2026-03-05', leaveType: 'x', leaveDays: 1.234567e-15 },
];

const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const dayOf = fc.record({
  employeeNo: fc.constantFrom('A', 'B', 'C"', '職員1'),
  date: fc
    .tuple(
      fc.integer({ min: 1995, max: 2040 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
    )
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  startTime: fc.option(clock),
  endTime: fc.option(clock),
  endsNextDay: fc.boolean(),
  overtimeMinutes: fc.integer({ min: 0, max: 1440 }),
  leaveType: fc.option(fc.string({ maxLength: 12 }).filter((s) => !s.includes('\u0000'))),
  leaveDays: fc.option(
    fc.oneof(
      fc.constantFrom(0.5, 1, 0.25),
      fc.double({ min: 0.0001, max: 1, noNaN: true }).map((x) => Number(x.toFixed(6))),
    ),
  ),
  leaveMinutes: fc.option(fc.integer({ min: 0, max: 1440 })),
  inOfficeMinutes: fc.option(fc.integer({ min: 0, max: 1440 })),
  logon: fc.option(clock),
});

describe.runIf(TEST_DATABASE_URL)('staging by binary COPY (server) and by array literals (PGlite)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** The staged rows as text, once through COPY and once through the INSERT of literals. */
  async function bothWays(days: AttendanceDay[]): Promise<[unknown[], unknown[]]> {
    const months = toStageMonths(days);
    if (months[0]) months[0].stored = true;
    const viaCopy = await rolledBack(async (tx, client) => {
      await createStage(tx);
      await stageWriter(tx, client)(months);
      return tx.query({ text: READ_BACK, values: [] });
    });
    const viaLiterals = await rolledBack(async (tx) => {
      await createStage(tx);
      await stageWriter(tx)(months);
      return tx.query({ text: READ_BACK, values: [] });
    });
    return [viaCopy, viaLiterals];
  }

  async function rolledBack<T>(fn: (tx: Db, client?: pg.PoolClient) => Promise<T>): Promise<T> {
    let out: T | undefined;
    await withImportTransaction(t.db, async (tx, client) => {
      out = await fn(tx, client);
      throw new RolledBack();
    }).catch((err) => {
      if (!(err instanceof RolledBack)) throw err;
    });
    return out!;
  }

  it('stores edge values the same way: midnight, 23:59, next-day ends, quotes and braces in text, before 2000, tiny fractions', async () => {
    const [viaCopy, viaLiterals] = await bothWays(awkward);
    expect(viaCopy).toHaveLength(5);
    expect(viaCopy).toEqual(viaLiterals);
    // And the values are the file's, not merely equal to each other.
    const e1May = viaCopy.find((r) => (r as { month: string }).month === '2026-05-01') as Record<
      string,
      unknown
    >;
    expect(e1May.start_time).toMatch(/^\{00:00:00,NULL,.*,22:00:00\}$/);
    expect(e1May.ends_next_day).toMatch(/^\{f,NULL,.*,t\}$/);
    expect(e1May.stored).toBe(true);
    const e3 = viaCopy.filter((r) => (r as { employee_no: string }).employee_no === 'E3') as Record<
      string,
      string
    >[];
    expect(e3.map((r) => r.leave_days)).toEqual([
      expect.stringMatching(/^\{(NULL,){27}1,NULL,NULL,NULL\}$/),
      expect.stringMatching(/^\{0\.3333333,0\.0000001,0\.125,0\.0{20}1,0\.0{14}1234567,NULL/),
    ]);
    expect(e3[0]!.leave_type).toContain('"NULL"');
    const before2000 = viaCopy.find((r) => (r as { month: string }).month === '1999-12-01') as Record<
      string,
      string
    >;
    expect(before2000.employee_no).toBe('E\\2\t');
    expect(before2000.logoff_at).toContain('"2000-01-01 01:10:00"');
  });

  it('property: any month of generated days reads back the same through either path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(dayOf, { selector: (d) => `${d.employeeNo} ${d.date}`, minLength: 1, maxLength: 40 }),
        async (raw) => {
          const days = raw.map(
            (d, i): AttendanceDay => ({
              ...base,
              ...d,
              line: i + 2,
              logonAt: d.logon === null ? null : `${d.date}T${d.logon}`,
              logoffAt: null,
            }),
          );
          const [viaCopy, viaLiterals] = await bothWays(days);
          expect(viaCopy).toEqual(viaLiterals);
        },
      ),
      { numRuns: 40, seed: 20261206 },
    );
  });
});

class RolledBack extends Error {}

describe('the binary encoder', () => {
  it('writes the same bytes into a writer that has to grow at every step as into a large one', () => {
    // Text and numeric elements take more room than the fixed-size ones the writer reserves for:
    // a writer that starts with one byte grows at every boundary there is.
    const fields: [ElementType, Slot[]][] = [
      ['text', ['x'.repeat(600), null, '年次休暇', '', null, 'y'.repeat(13)]],
      ['numeric', [0.5, null, 1e-21, 12345.678, null, 1]],
      ['time', ['00:00', null, '23:59:59']],
      ['timestamp', ['1999-12-31T23:59', null, '2038-01-19T03:14']],
      ['bool', [true, null, false]],
      ['int4', [0, null, -1, 2_147_483_647]],
    ];
    const write = (w: BinaryWriter) => {
      for (const [type, slots] of fields) writeArrayField(w, type, slots);
      return Buffer.from(w.view());
    };
    expect(write(new BinaryWriter(1)).equals(write(new BinaryWriter(1 << 20)))).toBe(true);
  });

  it('gives numbers PostgreSQL reads from their shortest text their digits, exponents spelt out', () => {
    expect(plainDecimal(1e-21)).toBe('0.000000000000000000001');
    expect(plainDecimal(1.234567e-15)).toBe('0.000000000000001234567');
    expect(plainDecimal(1e21)).toBe('1000000000000000000000');
    expect(plainDecimal(2.5e21)).toBe('2500000000000000000000');
    expect(plainDecimal(0.125)).toBe('0.125');
    expect(plainDecimal(10)).toBe('10');
  });
});
