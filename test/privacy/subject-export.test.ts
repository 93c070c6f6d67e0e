import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

/**
 * The data-subject export (issue 13) hands the person what is held ON THEM. A manager's export must
 * not carry their people's data because the manager's id sits in those rows (overtime_alert.manager_id,
 * childcare_manager_share.manager_id, audit entries of their reads): information about another
 * individual is not disclosed to a requester (個人情報の保護に関する法律 第78条第1項第2号).
 * Data: the demo's 高橋 (D00002), chief of 中村 (D00003), who has a 100 h alert and a plan shared with him.
 */
describe("a manager's subject export and their people's data", () => {
  let t: TestApp;
  let staff = { id: '', no: 'D00003' };

  beforeAll(async () => {
    t = await startTestApp();
    const [row] = await t.db.query<{ id: string }>(
      sql`select id::text as id from employee where employee_no = 'D00003'`,
    );
    staff = { id: row?.id ?? '', no: 'D00003' };
    // The chief opens his 100 h card (audited as a read of 中村's alert).
    await t.sendActivity(t.personalActivity(await t.oidOf('D00002'), { type: 'message', text: '残業' }));
  }, 90_000);
  afterAll(() => t?.stop());

  it("holds the manager's own records, and none of his staff member's hours, plan or ids", async () => {
    const token = await t.signSsoToken(await t.oidOf('D00001'));
    const res = await fetch(`${t.baseUrl}/api/tab/admin/subjects/D00002/export`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as { subject: { employee_no: string }; records: Record<string, unknown[]> };
    expect(body.subject.employee_no).toBe('D00002');
    // The control: the chief's own months are there.
    expect(body.records['overtime_month.employee_id']?.length ?? 0).toBeGreaterThan(0);
    const [alert] = await t.db.query<{ id: string; value_minutes: number }>(
      sql`select id::text as id, value_minutes from overtime_alert where employee_id = ${staff.id} and level = 'month100'`,
    );
    const [plan] = await t.db.query<{ id: string }>(
      sql`select id::text as id from childcare_case where employee_id = ${staff.id}`,
    );
    expect(alert && plan).toBeTruthy();
    // Nothing that names or describes 中村: not his id, not his alert's hours, not his plan.
    expect(text).not.toContain(staff.id);
    expect(text).not.toContain(`"value_minutes": ${alert?.value_minutes}`);
    expect(text).not.toContain(plan?.id ?? '-');
  });
});
