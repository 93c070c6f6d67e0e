import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { prepared, sql } from './sql.ts';

/**
 * A statement kept prepared under a name answers as the same statement sent as text, on every
 * connection of the pool, in and out of transactions, and after the server has settled on one plan
 * for it (PostgreSQL considers a generic plan from the sixth execution on).
 */
describe('prepared statements (the bot turn reads)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    await t.db.exec(`create table prepared_probe (id int primary key, label text not null)`);
    await t.db.exec(`insert into prepared_probe select g, 'row ' || g from generate_series(1, 50) g`);
  });
  afterAll(() => t?.drop());

  const byId = (id: number) => sql`select id, label from prepared_probe where id = ${id}`;

  it('returns the rows the plain statement returns, execution after execution and concurrently', async () => {
    for (let id = 1; id <= 12; id++)
      expect(await t.db.query(prepared('probe-by-id', byId(id)))).toEqual(await t.db.query(byId(id)));
    // Several at once: each pooled connection prepares it for itself.
    const ids = Array.from({ length: 8 }, (_, i) => 40 + i);
    const rows = await Promise.all(ids.map((id) => t.db.query(prepared('probe-by-id', byId(id)))));
    expect(rows.map((r) => r[0])).toEqual(ids.map((id) => ({ id, label: `row ${id}` })));
    expect(await t.db.query(prepared('probe-by-id', byId(999)))).toEqual([]);
  });

  it('sees the writes of its own transaction', async () => {
    await t.db.transaction(async (tx) => {
      await tx.query(sql`update prepared_probe set label = 'changed' where id = 3`);
      expect(await tx.query(prepared('probe-by-id', byId(3)))).toEqual([{ id: 3, label: 'changed' }]);
    });
    expect(await t.db.query(prepared('probe-by-id', byId(3)))).toEqual([{ id: 3, label: 'changed' }]);
  });
});
