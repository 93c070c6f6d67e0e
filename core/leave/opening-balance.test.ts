import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { tokyoInstant } from '../shared/calendar.ts';
import { annualGrant, recordTakenLeave } from './leave-plan.repository.ts';
import { balanceFor } from './leave-plan.service.ts';
import { importOpeningBalances } from './opening-balance.service.ts';

/** 年次休暇 carry-over (勤務時間法 第17条第2項, 人事院規則15-14 第18条) and the imported opening balance. */
describe('annual leave: carry-over and opening balance', () => {
  let t: TestDatabase;
  let people: { id: string; employee_no: string }[];
  const utf8 = (s: string) => new TextEncoder().encode(s);

  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 30);
    people = await t.db.query(
      sql`select id, employee_no from employee order by employee_no offset 10 limit 3`,
    );
  });
  afterAll(() => t?.drop());

  it('computes the carry-over from last year: 20 + (20 − 17 used) = 23 days', async () => {
    const p = people[0]!;
    await recordTakenLeave(
      t.db,
      Array.from({ length: 17 }, (_, i) => ({
        employeeId: p.id,
        date: `2025-10-${String(i + 1).padStart(2, '0')}`,
        kind: 'annual' as const,
        days: 1,
      })),
    );
    expect(await annualGrant(t.db, p.id, 2026)).toEqual({
      grantedDays: 20,
      carriedOverDays: 3,
      basis: 'computed',
    });
    const b = await balanceFor(t.db, p.id, p.employee_no, tokyoInstant('2026-01-10', '09:00'));
    expect(b.entitlementDays).toBe(23);
  });

  it('a 局長 with 24 days used of 20: remaining 0 and the 4-day excess, not "-4日"', async () => {
    const p = people[1]!;
    await t.db.query(
      sql`insert into leave_grant (employee_id, year, granted_days, carried_over_days) values (${p.id}, 2026, 20, 0)`,
    );
    await recordTakenLeave(
      t.db,
      Array.from({ length: 24 }, (_, i) => ({
        employeeId: p.id,
        date: `2026-0${3 + Math.floor(i / 20)}-${String((i % 20) + 1).padStart(2, '0')}`,
        kind: 'annual' as const,
        days: 1,
      })),
    );
    const b = await balanceFor(t.db, p.id, p.employee_no, tokyoInstant('2026-06-30', '09:00'));
    expect(b.remainingDays).toBe(0);
    expect(b.overdrawnDays).toBe(4);
  });

  it('imports the opening balance from the attendance export; it wins over the computed carry', async () => {
    const p = people[0]!;
    await importOpeningBalances(t.db, utf8(`職員番号,年,年次休暇期首残日数\n${p.employee_no},2026,33.5\n`), {
      id: null,
    });
    expect(await annualGrant(t.db, p.id, 2026)).toEqual({
      grantedDays: 20,
      carriedOverDays: 13.5,
      basis: 'imported',
    });
  });

  it('refuses a bad file whole, listing every problem with line and column', async () => {
    const p = people[2]!;
    const bad = `職員番号,年,年次休暇期首残日数\n${p.employee_no},2026,12\nNOBODY,2026,5\n${p.employee_no},2026,-1\n`;
    await expect(importOpeningBalances(t.db, utf8(bad), { id: null })).rejects.toMatchObject({
      code: 'bad_request',
      fields: expect.arrayContaining([
        expect.objectContaining({ where: 'line 3, column 職員番号' }),
        expect.objectContaining({ where: 'line 4, column 年次休暇期首残日数' }),
      ]),
    });
    const rows = await t.db.query(sql`select 1 from leave_grant where employee_id = ${p.id}`);
    expect(rows).toHaveLength(0);
  });
});
