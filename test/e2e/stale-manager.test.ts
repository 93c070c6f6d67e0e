import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

/**
 * Authority that outlives the relationship (attack review after issues 12–14): a manager's right
 * to a father's follow sheet (his name, the birth date, the steps) comes from being his manager
 * now, as for the shared plan and the cover confirmation — not from the row stored when the sheet
 * was first sent. After a transfer, the former manager's old card must stop working.
 */
describe('a former manager and the childcare follow sheet', () => {
  let t: TestApp;
  let caseId = '';
  let formerOid = '';

  const invoke = async (who: string, verb: string, data: Record<string, unknown>) => {
    const res = await t.sendActivity(
      t.personalActivity(who, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    );
    expect(res.status).toBe(200);
    return JSON.stringify((res.body as { value: unknown }).value);
  };

  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev', overrides: { workJobs: false } });
    // D00003's plan is shared with his manager 高橋 (D00002) in the demo data; the follow sheet went to him.
    const [row] = await t.db.query<{ id: string; manager_id: string }>(sql`
      select c.id::text as id, e.manager_id::text as manager_id
        from childcare_case c join employee e on e.id = c.employee_id
       where e.employee_no = 'D00003' and c.consent and c.status <> 'closed'`);
    if (!row) throw new Error('demo: D00003 has no shared plan');
    caseId = row.id;
    await t.db.query(
      sql`update childcare_case set birth_date = coalesce(birth_date, due_date) where id = ${caseId}`,
    );
    await t.db.query(sql`
      insert into childcare_manager_follow (case_id, manager_id, sent_on) values (${caseId}, ${row.manager_id}, '2026-10-01')
      on conflict do nothing`);
    formerOid = await t.oidOf('D00002');
  }, 120_000);
  afterAll(() => t?.stop());

  it('the current manager records a step (control: the card works)', async () => {
    const card = await invoke(formerOid, 'childcare.follow', { caseId, explained: 'true' });
    expect(card).not.toContain('あなたのものではない');
  });

  it('after a transfer (new manager in the org import), the former manager is refused and learns nothing', async () => {
    await t.db.query(sql`
      update employee set manager_id = (select id from employee where employee_no = 'D00001')
       where employee_no = 'D00003'`);
    const card = await invoke(formerOid, 'childcare.follow', { caseId, encouraged: 'true' });
    expect(card).toContain('このフォローシートはあなたのものではないか');
    const [row] = await t.db.query<{ encouraged: boolean }>(sql`
      select encouraged_at is not null as encouraged from childcare_manager_follow where case_id = ${caseId}`);
    expect(row?.encouraged).toBe(false);
  });
});
