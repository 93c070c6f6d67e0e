import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { annualLeaveByPerson, takenLeave } from './leave-plan.repository.ts';

/**
 * The dashboard's section view reads each person's annual leave as one sum (annualLeaveByPerson);
 * it must be the figure the person sees on their own page, which adds up takenLeave's days.
 * Compared on random attendance months (leave by days or minutes, on days with or without a
 * record, of every kind) and leave_taken rows (on days the attendance data has or has not).
 */
describe('annual leave summed per person', () => {
  let t: TestDatabase;
  let people: string[];
  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 30);
    people = (
      await t.db.query<{ id: string }>(sql`select id::text from employee order by employee_no limit 4`)
    ).map((r) => r.id);
  }, 120_000);
  afterAll(() => t?.drop());

  const slot = fc.record({
    recorded: fc.boolean(),
    type: fc.constantFrom(null, '年次休暇', '年休(時間)', '夏季休暇', '病気休暇', '特別休暇'),
    days: fc.constantFrom(null, 0.5, 1),
    minutes: fc.constantFrom(null, 0, 120, 465, 600),
  });
  const monthRow = fc.record({
    who: fc.nat(3),
    month: fc.constantFrom('2026-01-01', '2026-02-01', '2026-03-01'),
    slots: fc.array(slot, { minLength: 31, maxLength: 31 }),
  });
  const takenRow = fc.record({
    who: fc.nat(3),
    day: fc.integer({ min: 0, max: 100 }),
    kind: fc.constantFrom('annual', 'summer'),
    days: fc.constantFrom(0.25, 0.5, 1),
  });
  const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);

  it('equals the sum of takenLeave’s annual days for every person and range', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(monthRow, { maxLength: 6 }),
        fc.array(takenRow, { maxLength: 12 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        async (months, taken, a, b) => {
          await t.db.exec('delete from attendance_month; delete from leave_taken;');
          const [{ id: importId } = { id: '0' }] = await t.db.query<{ id: string }>(
            sql`insert into attendance_import (source, row_count) values ('demo', 0) returning id::text`,
          );
          for (const m of months) {
            const s = m.slots.map((x) =>
              x.recorded ? x : { recorded: false, type: null, days: null, minutes: null },
            );
            const mask = s.reduce((n, x, i) => (x.recorded ? n | (1 << i) : n), 0) || 1;
            await t.db.query(sql`
              insert into attendance_month (employee_id, month, day_mask, start_time, end_time, ends_next_day, overtime_minutes,
                                            leave_type, leave_days, leave_minutes, in_office_minutes, logon_at, logoff_at, import_id)
              values (${people[m.who]}::uuid, ${m.month}::date, ${mask},
                      array_fill(null::time, array[31]), array_fill(null::time, array[31]), array_fill(null::boolean, array[31]),
                      ${s.map((x) => (x.recorded ? 0 : null))}::int[], ${s.map((x) => x.type)}::text[],
                      ${s.map((x) => x.days)}::numeric[], ${s.map((x) => x.minutes)}::int[],
                      array_fill(null::int, array[31]), array_fill(null::timestamp, array[31]), array_fill(null::timestamp, array[31]),
                      ${importId}::bigint)
              on conflict (employee_id, month) do nothing`);
          }
          for (const r of taken)
            await t.db.query(sql`
              insert into leave_taken (employee_id, day, kind, days) values (${people[r.who]}::uuid, ${day(r.day)}::date, ${r.kind}, ${r.days})
              on conflict do nothing`);
          const [from, to] = [day(Math.min(a, b)), day(Math.max(a, b))];
          const expected = new Map<string, number>();
          const numbers = new Map(
            (
              await t.db.query<{ id: string; no: string }>(
                sql`select id::text, employee_no as no from employee where id = any(${people}::uuid[])`,
              )
            ).map((r) => [r.no, r.id]),
          );
          for (const x of await takenLeave(t.db, people, from, to))
            if (x.kind === 'annual') {
              const id = numbers.get(x.employeeNo) ?? '';
              expected.set(id, (expected.get(id) ?? 0) + x.days);
            }
          const actual = await annualLeaveByPerson(t.db, people, from, to);
          const round = (m: Map<string, number>) =>
            new Map(
              [...m]
                .map(([k, v]): [string, number] => [k, Math.round(v * 1000) / 1000])
                .filter(([, v]) => v !== 0),
            );
          expect(round(actual)).toEqual(round(expected));
        },
      ),
      { numRuns: 40 },
    );
  }, 180_000);
});
