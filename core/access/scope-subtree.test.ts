import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeByNo } from '../org/org.repository.ts';
import { accessScope, groupScope } from './scope.ts';
import { buildViewer } from './viewer.ts';

/**
 * A manager's subtree is kept between requests only for the org closure's version (migration 0023):
 * every committed org change, from this process or another, shows on the next request, and a change
 * that was rolled back never does.
 */
const subtreeOf = async (db: Db, employeeNo: string) => {
  const employee = await findEmployeeByNo(db, employeeNo);
  if (!employee) throw new Error(employeeNo);
  const viewer = await buildViewer(db, employee);
  const scope = await accessScope(db, viewer);
  // The group scope (per-section counts, no ids) says what the ids say.
  const groups = await groupScope(db, await buildViewer(db, employee));
  const perSection = new Map<string, number>([[employee.section.id, 1]]);
  for (const s of scope.subtreeSection.values()) perSection.set(s, (perSection.get(s) ?? 0) + 1);
  expect(groups.subtreeSize).toBe(scope.subtree.size);
  expect(new Map(groups.managedCount.section)).toEqual(perSection);
  expect(new Set(groups.managedSectionIds)).toEqual(new Set(scope.subtreeSection.values()));
  return { subtree: new Set(scope.subtree), sections: new Map(scope.subtreeSection) };
};

describe("a manager's subtree between requests", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 300);
  }, 120_000);
  afterAll(() => t?.drop());

  it('follows every committed org change at once, and no rolled-back one', async () => {
    const chief = 'D00002';
    const before = await subtreeOf(t.db, chief);
    expect(before.subtree.size).toBeGreaterThan(3);
    expect(await subtreeOf(t.db, chief)).toEqual(before);

    // Someone of the chief's moves under another manager (an org import on another instance).
    const [moved] = [...before.subtree];
    const [other] = await t.db.query<{ id: string }>(sql`
      select id::text from employee where employee_no = 'D00001'`);
    await t.db.query(sql`update employee set manager_id = ${other!.id}::uuid where id = ${moved}::uuid`);
    const after = await subtreeOf(t.db, chief);
    expect(after.subtree.has(moved!)).toBe(false);

    // A section move of someone who stays: their section follows.
    const [stays] = [...after.subtree];
    const [section] = await t.db.query<{ id: string }>(sql`
      select id::text from section where id <> (select section_id from employee where id = ${stays}::uuid) limit 1`);
    await t.db.query(sql`update employee set section_id = ${section!.id}::uuid where id = ${stays}::uuid`);
    expect((await subtreeOf(t.db, chief)).sections.get(stays!)).toBe(section!.id);

    // A change read inside its transaction and then rolled back leaves the committed subtree.
    const committed = await subtreeOf(t.db, chief);
    await t.db
      .transaction(async (tx) => {
        await tx.query(sql`update employee set manager_id = ${other!.id}::uuid where id = ${stays}::uuid`);
        expect((await subtreeOf(tx, chief)).subtree.has(stays!)).toBe(false);
        throw new Error('rollback');
      })
      .catch((err: Error) => expect(err.message).toBe('rollback'));
    expect(await subtreeOf(t.db, chief)).toEqual(committed);
  });
});
