import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import type { EmployeeProfile } from '../org/org.table.ts';
import { createLogger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import * as repo from './childcare.repository.ts';
import { cancelCase, saveSheet, startCase } from './childcare.service.ts';
import type { ChildcareDeps } from './childcare-case.ts';

/**
 * Who the sheet is for (SPEC §5: the father of an expected child): opening the command is not
 * filing; the person can cancel; the WLB officer's list shows only cases somebody filed.
 */
describe('childcare eligibility and cancel', () => {
  let database: TestDatabase;
  let deps: ChildcareDeps;
  let father: EmployeeProfile;
  let other: EmployeeProfile;
  let bureauOf: (e: EmployeeProfile) => Promise<string>;
  const sent: object[] = [];
  let withdrawn = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    await writeDemoOrg(database.db, 40);
    const messenger: ProactiveMessenger = {
      sendCard: async (_to, card) => {
        sent.push(card);
        return { ok: true, conversationId: 'c', activityId: `a${sent.length}` };
      },
      updateCard: async () => ({ ok: true, conversationId: 'c', activityId: 'u' }),
      deleteMessage: async () => ({ ok: true, conversationId: 'c', activityId: 'd' }),
    };
    deps = {
      db: database.db,
      messenger,
      logger: createLogger('silent'),
      now: () => new Date('2026-03-02T01:00:00Z'),
      cards: {
        infoSet: () => ({ card: 'info' }),
        reminder: () => ({ card: 'reminder' }),
        managerPlan: () => ({ card: 'manager' }),
        managerFollow: () => ({ card: 'follow' }),
        managerWithdrawn: () => {
          withdrawn++;
          return { card: 'withdrawn' };
        },
      },
    };
    const ids = await database.db.query<{ id: string }>(
      sql`select id from employee where gender = 'male' and manager_id is not null order by employee_no limit 2`,
    );
    father = (await findEmployeeById(database.db, ids[0]!.id))!;
    other = (await findEmployeeById(database.db, ids[1]!.id))!;
    bureauOf = async (e) =>
      (
        await database.db.query<{ id: string }>(
          sql`select s.bureau_id as id from employee e join section s on s.id = e.section_id where e.id = ${e.id}`,
        )
      )[0]!.id;
  });
  afterAll(() => database?.drop());

  it('a case opened but never filed is not listed to the WLB officer', async () => {
    await startCase(deps, other, { source: 'self' });
    const listed = await repo.casesInBureaus(deps.db, [await bureauOf(other)]);
    expect(listed.some((c) => c.employee_id === other.id)).toBe(false);
  });

  it('a filed case is listed; after the person cancels it, it is not, and a new start is a fresh case', async () => {
    const { view } = await startCase(deps, father, { source: 'self' });
    await saveSheet(deps, father, view.row.id, 0, {
      dueDate: '2026-07-15',
      spouseSituation: 'working',
      consentToShareWithManager: true,
    });
    const bureau = await bureauOf(father);
    expect((await repo.casesInBureaus(deps.db, [bureau])).some((c) => c.id === view.row.id)).toBe(true);

    const sharedWithManager = sent.length > 0;
    await cancelCase(deps, father, view.row.id);
    expect((await repo.casesInBureaus(deps.db, [bureau])).some((c) => c.id === view.row.id)).toBe(false);
    // The manager who saw the shared plan is told it is withdrawn.
    if (sharedWithManager) expect(withdrawn).toBe(1);
    const again = await startCase(deps, father, { source: 'self' });
    expect(again.created).toBe(true);
    expect(again.view.row.id).not.toBe(view.row.id);
  });

  it('nobody else can cancel the case', async () => {
    const { view } = await startCase(deps, father, { source: 'self' });
    await expect(cancelCase(deps, other, view.row.id)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
