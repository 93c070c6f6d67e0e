import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { sql } from '../db/sql.ts';
import { writeAudit } from './audit.repository.ts';

/**
 * Issue 13 finding 7 (failed on main: `TRUNCATE audit_log` worked): the audit log cannot be
 * emptied, edited or deleted from by the application; the only permitted update is an erasure's
 * pseudonymisation of who, never of what or when.
 */
describe('audit log guard (migration 0010)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await writeAudit(t.db, { actorId: null, actorLabel: 'test', action: 'test.event', targetId: 'x' });
  });
  afterAll(() => t.drop());

  const refused: [string, string][] = [
    ['TRUNCATE', 'truncate audit_log'],
    ['DELETE of every row', 'delete from audit_log'],
    ['DELETE of no row at all', 'delete from audit_log where false'],
    ['UPDATE of the action', "update audit_log set action = 'nothing.happened'"],
    ['UPDATE of the time', "update audit_log set at = now() - interval '1 year'"],
  ];
  for (const [name, statement] of refused)
    it(`refuses ${name}`, async () => {
      await expect(t.db.exec(statement)).rejects.toThrow(/append-only/);
      const [row] = await t.db.query<{ n: number }>(sql`select count(*)::int as n from audit_log`);
      expect(row!.n).toBeGreaterThanOrEqual(1);
    });

  it('allows only the pseudonymisation of who (inside an erasure transaction), never of what or when', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.exec("set local kinmu.audit_pseudonymise = 'on'");
        await tx.exec("update audit_log set action = 'rewritten'");
      }),
    ).rejects.toThrow(/append-only/);
    await t.db.transaction(async (tx) => {
      await tx.exec("set local kinmu.audit_pseudonymise = 'on'");
      await tx.exec("update audit_log set actor_label = 'erased', target_id = 'pseudonym'");
    });
    const [row] = await t.db.query<{ action: string; actor_label: string }>(
      sql`select action, actor_label from audit_log where action = 'test.event'`,
    );
    expect(row).toEqual({ action: 'test.event', actor_label: 'erased' });
    // The setting ends with its transaction.
    await expect(t.db.exec("update audit_log set actor_label = 'again'")).rejects.toThrow(/append-only/);
  });
});
