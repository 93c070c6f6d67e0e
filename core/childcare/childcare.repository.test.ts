import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { startTestOutbox, type TestOutbox } from '../../test/harness/outbox.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import { AppError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import * as repo from './childcare.repository.ts';
import type { ChildcareDeps } from './childcare-case.ts';
import { sendOnce } from './childcare-reminders.service.ts';

const depsOf = (outbox: TestOutbox): ChildcareDeps => ({
  db: outbox.db,
  messenger: outbox.messenger,
  logger: createLogger('silent'),
  now: () => new Date(),
  cards: {} as ChildcareDeps['cards'],
});

/** The storage guarantees the flow relies on, on PGlite and (with DATABASE_URL) the real server. */
describe('childcare repository', () => {
  let database: TestDatabase;
  let db: Db;
  let people: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await writeDemoOrg(db, 40);
    people = (
      await db.query<{ id: string }>(
        sql`select id from employee where gender = 'male' order by employee_no limit 6`,
      )
    ).map((r) => r.id);
  });
  afterAll(() => database?.drop());

  it('keeps one open case per person, even when two starts race', async () => {
    const [a, b] = await Promise.all([
      repo.openCase(db, { employeeId: people[0]!, source: 'self', reportedOn: '2026-10-01' }),
      repo.openCase(db, { employeeId: people[0]!, source: 'invite', reportedOn: '2026-10-01' }),
    ]);
    expect(a.row.id).toBe(b.row.id);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    const rows = await db.query(sql`select id from childcare_case where employee_id = ${people[0]}`);
    expect(rows).toHaveLength(1);
  });

  it('saves every edit as a new version and refuses a save from an outdated card', async () => {
    const { row } = await repo.openCase(db, {
      employeeId: people[1]!,
      source: 'self',
      reportedOn: '2026-10-01',
    });
    const save = (expectedVersion: number, note: string) =>
      db.transaction((tx) =>
        repo.saveSheetVersion(tx, {
          caseId: row.id,
          expectedVersion,
          answers: { note },
          by: people[1]!,
          dueDate: '2027-01-20',
          birthDate: null,
          multipleBirth: false,
        }),
      );
    expect(await save(0, 'first')).toBe(1);
    expect(await save(1, 'second')).toBe(2);
    await expect(save(1, 'from an old card')).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'conflict',
    );
    const versions = await repo.sheetVersions(db, row.id);
    expect(versions.map((v) => v.answers.note)).toEqual(['first', 'second']);
    expect((await repo.findCase(db, row.id))?.status).toBe('submitted');
  });

  it('keeps the history of consent, one event per change', async () => {
    const { row } = await repo.openCase(db, {
      employeeId: people[2]!,
      source: 'self',
      reportedOn: '2026-10-01',
    });
    expect(await repo.setConsent(db, row.id, true, people[2]!)).toBe(true);
    expect(await repo.setConsent(db, row.id, true, people[2]!)).toBe(false);
    expect(await repo.setConsent(db, row.id, false, people[2]!)).toBe(true);
    expect((await repo.consentHistory(db, row.id)).map((e) => e.granted)).toEqual([true, false]);
    expect((await repo.findCase(db, row.id))?.consent).toBe(false);
  });

  it('sends a reminder once when eight runners ask at once, and not again once it is sent (the outbox key)', async () => {
    const outbox = await startTestOutbox(db);
    try {
      const { row } = await repo.openCase(db, {
        employeeId: people[3]!,
        source: 'self',
        reportedOn: '2026-10-01',
      });
      const employee = (await findEmployeeById(db, people[3]!))!;
      const deps = { ...depsOf(outbox) };
      const item = {
        key: `${row.id}:request_deadline:postnatal_paternity_leave:2027-01-18`,
        caseId: row.id,
        type: 'request_deadline',
        sendOn: '2027-01-15',
        card: () => ({ key: 'deadline' }),
      };
      const results = await Promise.all(Array.from({ length: 8 }, () => sendOnce(deps, employee, item)));
      expect(results.filter((r) => r === 'sent').length).toBeGreaterThanOrEqual(1);
      expect(await sendOnce(deps, employee, item)).toBe('skipped');
      expect(outbox.sent.filter((s) => s.oid === employee.entraOid)).toHaveLength(1);
    } finally {
      await outbox.stop();
    }
  });

  it('delivers a reminder a crashed instance left in flight once, when its lease ends', async () => {
    const { row } = await repo.openCase(db, {
      employeeId: people[3]!,
      source: 'self',
      reportedOn: '2026-10-01',
    });
    const employee = (await findEmployeeById(db, people[3]!))!;
    const key = `${row.id}:leave_starts:childcare_leave:2027-03-01`;
    await db.query(sql`
      insert into delivery (purpose, subject, recipient, state, attempts, ready_at, aad_object_id, card, claimed_by)
      values ('childcare.reminder', ${key}, ${employee.entraOid}, 'in_flight', 1, now() - interval '1 second',
              ${employee.entraOid}, '{"key":"starts"}'::jsonb, 'dead')`);
    const outbox = await startTestOutbox(db);
    try {
      const item = {
        key,
        caseId: row.id,
        type: 'leave_starts',
        sendOn: '2027-02-26',
        card: () => ({ key: 'starts' }),
      };
      expect(await sendOnce(depsOf(outbox), employee, item)).toBe('sent');
      expect(await sendOnce(depsOf(outbox), employee, item)).toBe('skipped');
      expect(outbox.sent.filter((s) => s.oid === employee.entraOid && s.card.key === 'starts')).toHaveLength(
        1,
      );
    } finally {
      await outbox.stop();
    }
  });

  it('versions the work-life balance sheet per person', async () => {
    expect(
      await repo.saveWlbSheet(db, { employeeId: people[4]!, caseId: null, answers: { work: 'a' } }),
    ).toBe(1);
    expect(
      await repo.saveWlbSheet(db, { employeeId: people[4]!, caseId: null, answers: { work: 'b' } }),
    ).toBe(2);
    expect((await repo.latestWlbSheet(db, people[4]!))?.answers).toEqual({ work: 'b' });
  });

  it('lists open cases by bureau and reads HR overrides of the settings', async () => {
    const [bureau] = await db.query<{ id: string }>(sql`
      select s.bureau_id as id from employee e join section s on s.id = e.section_id where e.id = ${people[1]}`);
    const listed = await repo.casesInBureaus(db, [bureau!.id]);
    expect(listed.some((c) => c.employee_id === people[1] && c.answers?.note === 'second')).toBe(true);
    expect(await repo.casesInBureaus(db, [])).toEqual([]);

    await db.query(
      sql`insert into setting (key, value) values ('childcare', ${JSON.stringify({ targets: { specialLeaveDays: 6 } })})`,
    );
    expect((await repo.loadChildcareSettings(db)).targets.specialLeaveDays).toBe(6);
    await db.query(sql`delete from setting where key = 'childcare'`);
  });
});
