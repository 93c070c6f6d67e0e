import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { claim, enqueue, record, stillMine } from './outbox.repository.ts';

describe('the outbox (PGlite, or the real server with DATABASE_URL)', () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  }, 60_000);
  afterAll(() => database?.drop());
  // The claim is global: each test starts with nothing else due.
  beforeEach(() =>
    db.query(sql`update delivery set state = 'cancelled' where state in ('due', 'in_flight')`),
  );

  const expire = (id: string) =>
    db.query(sql`update delivery set ready_at = now() - interval '1 second' where id = ${id}`);

  it('keeps one message per (purpose, subject, recipient, version), however often it is enqueued', async () => {
    const message = { purpose: 't.once', subject: 's', recipient: 'r', card: { a: 1 } };
    const results = await Promise.all(Array.from({ length: 8 }, () => enqueue(db, message)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const [n] = await db.query<{ n: number }>(
      sql`select count(*)::int as n from delivery where purpose = 't.once'`,
    );
    expect(n?.n).toBe(1);
  });

  it('gives each due message to one of many concurrent claimers, most urgent first', async () => {
    for (let i = 0; i < 60; i++)
      await enqueue(db, {
        purpose: 't.claim',
        subject: 'bulk',
        recipient: `b${i}`,
        priority: 'bulk',
        card: {},
      });
    await enqueue(db, { purpose: 't.claim', subject: 'alert', recipient: 'm', priority: 'urgent', card: {} });
    const [urgent] = await claim(db, 1, 60_000, 'w0');
    expect(urgent?.subject).toBe('alert');
    const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => claim(db, 15, 60_000, `w${i}`)));
    const ids = claims.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(60);
    expect(await claim(db, 10, 60_000, 'w9')).toEqual([]);
  });

  it("returns a dead worker's claim after its lease, and the stale worker can neither send nor record", async () => {
    const { id } = await enqueue(db, {
      purpose: 't.lease',
      subject: 's',
      recipient: 'r',
      priority: 'personal',
      card: {},
    });
    const [first] = await claim(db, 1, 60_000, 'dead');
    expect(first?.id).toBe(id);
    expect(await claim(db, 1, 60_000, 'other')).toEqual([]);
    await expire(id);
    const [second] = await claim(db, 1, 60_000, 'other');
    expect(second?.attempts).toBe(2);
    expect(await stillMine(db, id, first!.attempts, 60_000)).toBe(false);
    expect(await stillMine(db, id, second!.attempts, 60_000)).toBe(true);
    expect(await record(db, first!, { state: 'failed', error: 'late' })).toBe(false);
    expect(await record(db, second!, { state: 'sent', conversationId: 'c', activityId: 'x' })).toBe(true);
    const [row] = await db.query<{ state: string; activity_id: string }>(
      sql`select state, activity_id from delivery where id = ${id}`,
    );
    expect(row).toEqual({ state: 'sent', activity_id: 'x' });
  });

  it('waits a retry out (Retry-After) and counts the 429; a failed message starts again when asked again', async () => {
    const message = {
      purpose: 't.retry',
      subject: 's',
      recipient: 'r',
      priority: 'personal' as const,
      card: {},
    };
    const { id } = await enqueue(db, message);
    const [c] = await claim(db, 1, 60_000, 'w');
    await record(db, c!, { state: 'retry', delayMs: 60_000, status: 429, throttled: true });
    expect(await claim(db, 1, 60_000, 'w')).toEqual([]);
    await expire(id);
    const [again] = await claim(db, 1, 60_000, 'w');
    await record(db, again!, { state: 'failed', status: 500 });
    expect((await enqueue(db, message)).state).toBe('due');
    const [row] = await db.query<{ attempts: number; throttled: number }>(
      sql`select attempts, throttled from delivery where id = ${id}`,
    );
    expect(row).toEqual({ attempts: 0, throttled: 1 });
  });
});
