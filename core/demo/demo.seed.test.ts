import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { sql } from '../db/sql.ts';
import { findEmployeeByNo, roleAssignments, subtreeIds } from '../org/org.repository.ts';
import { seedDemoIfEmpty } from './demo.seed.ts';
import { generateDemoOrg } from './demo-org.generator.ts';

describe('demo ministry', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('seeds about 300 staff in bureaus of every kind, once', async () => {
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
    expect(await seedDemoIfEmpty(t.db)).toBe(false);
    const [{ n }] = (await t.db.query<{ n: number }>(sql`select count(*)::int as n from employee`)) as [
      { n: number },
    ];
    expect(n).toBeGreaterThanOrEqual(280);
    expect(n).toBeLessThanOrEqual(320);
    const kinds = await t.db.query<{ kind: string }>(sql`select distinct kind from bureau order by kind`);
    expect(kinds.map((k) => k.kind)).toEqual(['external_agency', 'headquarters', 'regional_branch']);
  });

  it('gives the personas their posts: the chief manages the staff persona, roles are set', async () => {
    const chief = await findEmployeeByNo(t.db, 'D00002');
    const staff = await findEmployeeByNo(t.db, 'D00003');
    expect(staff?.manager?.id).toBe(chief?.id);
    expect(chief?.isManagerial).toBe(true);
    expect(await subtreeIds(t.db, chief!.id)).toContain(staff!.id);
    const hr = await findEmployeeByNo(t.db, 'D00001');
    expect((await roleAssignments(t.db, hr!.id)).map((r) => r.role)).toEqual(['admin', 'hr']);
    const officer = await findEmployeeByNo(t.db, 'D00005');
    expect(await roleAssignments(t.db, officer!.id)).toEqual([
      { role: 'wlb_officer', bureauId: officer!.bureau.id },
    ]);
  });

  it('generates the requested size for benchmarks, with unique numbers', () => {
    const rows = [...generateDemoOrg({ staff: 5000 })];
    expect(rows.length).toBe(5000);
    expect(new Set(rows.map((r) => r.employee_no)).size).toBe(5000);
    const numbers = new Set(rows.map((r) => r.employee_no));
    expect(rows.every((r) => !r.manager_employee_no || numbers.has(r.manager_employee_no))).toBe(true);
  });
});
