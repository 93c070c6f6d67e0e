import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { DEFAULT_LIMITS } from '../delivery/delivery.rules.ts';
import { createRateLimiter, PACING } from '../delivery/limiter.ts';
import { claim, record } from '../delivery/outbox.repository.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { countAudience, insertDraft, resolvePeople, transition } from './announcement.repository.ts';
import { finishIfDone, prepareBatch } from './recipient.repository.ts';
import { recordAck } from './tracking.repository.ts';

const EVERYONE = { everyone: true, bureauIds: [], sectionIds: [], roles: [], employeeIds: [] };

describe('announcement repository (PGlite, or the real server with DATABASE_URL)', () => {
  let database: TestDatabase;
  let db: Db;
  let author: string;
  let staff: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    staff = await writeDemoOrg(db, 120);
    const [row] = await db.query<{ id: string }>(sql`select id from employee where employee_no = 'D00001'`);
    author = row!.id;
  }, 60_000);
  afterAll(() => database?.drop());

  const newSending = async (audience = EVERYONE) => {
    const a = await insertDraft(db, author, {
      title: 't',
      body: 'b',
      imageUrl: null,
      links: [],
      ackEnabled: true,
      language: 'ja',
      audience,
    });
    await transition(db, a.id, ['draft'], 'sending');
    return a.id;
  };

  it('counts audiences as the union of their parts', async () => {
    const [b] = await db.query<{ id: string }>(sql`select id from bureau where code = 'B03'`);
    const inBureau = await countAudience(db, { ...EVERYONE, everyone: false, bureauIds: [b!.id] });
    const managers = await countAudience(db, { ...EVERYONE, everyone: false, roles: ['manager'] });
    const both = await countAudience(db, {
      ...EVERYONE,
      everyone: false,
      bureauIds: [b!.id],
      roles: ['manager'],
    });
    expect(inBureau).toBeGreaterThan(0);
    expect(managers).toBeGreaterThan(0);
    expect(both).toBeLessThan(inBureau + managers);
    expect(both).toBeGreaterThanOrEqual(Math.max(inBureau, managers));
    expect(await countAudience(db, EVERYONE)).toBe(staff);
  });

  it('resolves UPNs and employee numbers case-insensitively and lists the unknown ones with their line', async () => {
    const r = await resolvePeople(db, [
      { line: 1, value: 'D00003@DEMO.example.go.jp' },
      { line: 2, value: 'd00005' },
      { line: 3, value: 'nobody' },
    ]);
    expect(r.employeeIds).toHaveLength(2);
    expect(r.unknown).toEqual([{ line: 3, value: 'nobody' }]);
  });

  it('writes recipient rows in keyset batches, resuming from the cursor, once per person', async () => {
    const id = await newSending();
    let batches = 0;
    for (;;) {
      batches++;
      if ((await prepareBatch(db, id, 50)).done) break;
    }
    expect(batches).toBe(Math.floor(staff / 50) + 1);
    // Running it again (a restarted job) adds nobody.
    expect(await prepareBatch(db, id, 50)).toEqual({ added: 0, done: true });
    const [n] = await db.query<{ n: number; distinct: number }>(sql`
      select count(*)::int as n, count(distinct recipient)::int as distinct from delivery where purpose = 'announcement' and subject = ${id}`);
    expect(n).toEqual({ n: staff, distinct: staff });
  });

  it('is "sent" only once every message of it has an outcome', async () => {
    const id = await newSending();
    // The claim is global: only this announcement's messages are due.
    await db.query(sql`update delivery set state = 'cancelled' where state = 'due'`);
    while (!(await prepareBatch(db, id, 500)).done) {
      // prepare everything
    }
    const claims = await Promise.all(Array.from({ length: 6 }, () => claim(db, 30, 60_000, 'w')));
    const ids = claims.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(Math.min(staff, 180));
    expect(await finishIfDone(db, id)).toBe(false);
    for (const r of claims.flat())
      await record(db, r, { state: 'sent', conversationId: 'c', activityId: 'x' });
    expect(await finishIfDone(db, id)).toBe(staff <= 180);
    for (;;) {
      const more = await claim(db, 100, 60_000, 'w');
      if (more.length === 0) break;
      for (const r of more) await record(db, r, { state: 'undeliverable', status: 403 });
    }
    await finishIfDone(db, id);
    const [a] = await db.query<{ state: string }>(sql`select state from announcement where id = ${id}`);
    expect(a?.state).toBe('sent');
  });

  it('keeps the first acknowledgement time', async () => {
    const id = await newSending();
    await prepareBatch(db, id, 500);
    const first = await recordAck(db, id, author, new Date('2026-12-01T01:00:00Z'));
    const second = await recordAck(db, id, author, new Date('2026-12-02T01:00:00Z'));
    expect(first?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(second?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
  });

  it('paces two limiters sharing the database at the one configured rate', async () => {
    const limits = () => ({ ...DEFAULT_LIMITS, ratePerSecond: 100 });
    const a = createRateLimiter(db, limits);
    const b = createRateLimiter(db, limits);
    const granted: number[] = [];
    const take = async (l: typeof a, conv: string) => {
      await l.acquire(conv);
      granted.push(performance.now());
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: 40 }, (_, i) => take(i % 2 ? a : b, `conv-${i}`)));
    // 40 requests at 100/s (less the pacing margin): the last one cannot start before ~400 ms,
    // whoever asked for it.
    expect(Math.max(...granted) - start).toBeGreaterThanOrEqual(Math.floor(370 / PACING.margin));
  });
});
