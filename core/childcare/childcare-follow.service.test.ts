import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childcareCardPort } from '../../bot/cards/childcare/childcare.cards.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import type { EmployeeProfile } from '../org/org.table.ts';
import { tokyoInstant } from '../shared/calendar.ts';
import { createLogger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import { saveSheet, startCase } from './childcare.service.ts';
import type { ChildcareDeps } from './childcare-case.ts';
import { followCompletion, recordFollow, remindManagerFollows } from './childcare-follow.service.ts';

/**
 * Seed 002 (「男の産休・育休等」取得計画書兼フォローシート): after the birth is reported and the father
 * consents, his manager gets the follow card; reminders until the four steps are recorded; the WLB
 * officer and HR see completion per bureau with the group-size floor.
 */
describe('the father’s manager follow sheet', () => {
  let t: TestDatabase;
  let deps: ChildcareDeps;
  let father: EmployeeProfile;
  let manager: EmployeeProfile;
  let clock = tokyoInstant('2026-08-03', '10:00');
  const sent: { oid: string; card: string }[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 40);
    const messenger: ProactiveMessenger = {
      async sendCard(to, card) {
        sent.push({ oid: to.aadObjectId, card: JSON.stringify(card) });
        return { ok: true, conversationId: 'c', activityId: `a${sent.length}` };
      },
      async updateCard(conversationId, activityId) {
        return { ok: true, conversationId, activityId };
      },
      async deleteMessage(conversationId, activityId) {
        return { ok: true, conversationId, activityId };
      },
    };
    deps = {
      db: t.db,
      messenger,
      logger: createLogger('silent'),
      now: () => clock,
      cards: childcareCardPort,
    };
    const [row] = await t.db.query<{ id: string }>(sql`select id from employee where employee_no = 'D00003'`);
    father = (await findEmployeeById(t.db, row!.id))!;
    manager = (await findEmployeeById(t.db, father.manager!.id))!;
  });
  afterAll(() => t?.drop());

  const toManager = () => sent.filter((s) => s.oid === manager.entraOid && s.card.includes('フォローシート'));

  it('is not sent before the birth, nor without consent', async () => {
    await t.db.exec('delete from childcare_manager_follow');
    const [existing] = await t.db.query<{ id: string }>(
      sql`select id from childcare_case where employee_id = ${father.id} and status <> 'closed'`,
    );
    if (existing)
      await t.db.query(sql`update childcare_case set status = 'closed' where id = ${existing.id}`);
    const { view } = await startCase(deps, father, { source: 'self' });
    await saveSheet(deps, father, view.row.id, 0, {
      dueDate: '2026-08-20',
      spouseSituation: 'working',
      consentToShareWithManager: true,
    });
    await saveSheet(deps, father, view.row.id, 1, {
      dueDate: '2026-08-20',
      birthDate: '2026-08-01',
      spouseSituation: 'working',
      consentToShareWithManager: false,
    });
    expect(toManager()).toHaveLength(0);
    await saveSheet(deps, father, view.row.id, 2, {
      dueDate: '2026-08-20',
      birthDate: '2026-08-01',
      spouseSituation: 'working',
      consentToShareWithManager: true,
    });
    expect(toManager()).toHaveLength(1);
    expect(toManager()[0]!.card).toContain('両立支援制度');
    expect(toManager()[0]!.card).toContain('childcare.follow');
    // Saving again sends no second card.
    await saveSheet(deps, father, view.row.id, 3, {
      dueDate: '2026-08-20',
      birthDate: '2026-08-01',
      spouseSituation: 'working',
      consentToShareWithManager: true,
      ranges: [{ kind: 'childcare_leave', start: '2026-09-14', end: '2026-10-10' }],
    });
    expect(toManager()).toHaveLength(1);
  });

  it('reminds every 7 days until all four steps are recorded; nobody else may record', async () => {
    const [c] = await t.db.query<{ id: string }>(
      sql`select id from childcare_case where employee_id = ${father.id} and status <> 'closed'`,
    );
    clock = tokyoInstant('2026-08-06', '10:00');
    expect(await remindManagerFollows(deps, '2026-08-06')).toBe(0);
    expect(await remindManagerFollows(deps, '2026-08-10')).toBe(1);
    expect(await remindManagerFollows(deps, '2026-08-10')).toBe(0); // once a day, whoever runs it

    await expect(recordFollow(deps, father, { caseId: c!.id, explained: 'true' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const partial = JSON.stringify(
      await recordFollow(deps, manager, { caseId: c!.id, explained: 'true', encouraged: 'true' }),
    );
    expect(partial).not.toContain('すべて記録されました');
    const done = JSON.stringify(
      await recordFollow(deps, manager, { caseId: c!.id, coverArranged: 'true', talkDate: '2026-08-12' }),
    );
    expect(done).toContain('すべて記録されました');
    expect(await remindManagerFollows(deps, '2026-08-30')).toBe(0);
  });

  it('shows completion per bureau, hiding groups under the floor', async () => {
    const rows = await followCompletion(deps, null, 5);
    const mine = rows.find((r) => r.completed !== 0);
    expect(mine?.suppressed).toBe(true);
    expect(mine?.completed).toBe('<5');
    const open = await followCompletion(deps, null, 1);
    expect(open.some((r) => r.completed === 1 && r.rate === 1)).toBe(true);
  });
});
