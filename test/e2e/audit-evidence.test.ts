import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

/**
 * Issue 13 finding 7 (failed on main): the bot's reads of 100 h alert cards (another person's
 * hours) and reads of the audit log itself left no trace.
 */
type Card = { refresh?: { action?: { verb?: string; data?: Record<string, unknown> } } };

describe('the audit log records reads of others’ data by the bot and of the log itself', () => {
  let t: TestApp;
  let ids: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    const rows = await t.db.query<{ employee_no: string; id: string }>(
      sql`select employee_no, id::text from employee where employee_no in ('D00001', 'D00002', 'D00003')`,
    );
    ids = Object.fromEntries(rows.map((r) => [r.employee_no, r.id]));
  }, 60_000);
  afterAll(() => t?.stop());

  const alertReads = () =>
    t.db.query<{ actor_id: string; target_type: string; detail: { subjectIds: string[] } }>(
      sql`select actor_id::text, target_type, detail from audit_log where action = 'overtime.alert.read' order by id`,
    );

  it('a manager shown a 100 h card in the bot (残業, then the card’s refresh) is audited with the subject', async () => {
    const chief = await t.oidOf('D00002');
    const before = t.connector.sent().length;
    expect((await t.sendActivity(t.personalActivity(chief, { type: 'message', text: '残業' }))).status).toBe(
      200,
    );
    const reads = await alertReads();
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(reads.at(-1)).toMatchObject({
      actor_id: ids.D00002,
      target_type: 'overtime_alert',
      detail: { subjectIds: [ids.D00003] },
    });

    const card = t.connector
      .sent()
      .slice(before)
      .map((c) => c.activity?.attachments?.[0]?.content as Card | undefined)
      .find((c) => c?.refresh?.action?.verb);
    expect(card).toBeDefined();
    const refresh = await t.sendActivity(
      t.personalActivity(chief, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: card!.refresh!.action!.verb,
            data: card!.refresh!.action!.data,
          },
        },
      }),
    );
    expect(refresh.status).toBe(200);
    expect(await alertReads()).toHaveLength(reads.length + 1);

    // Someone else pressing the same card's refresh is refused, and the refusal is on the record.
    const [{ employee_no: strangerNo }] = (await t.db.query<{ employee_no: string }>(
      sql`select employee_no from employee where employee_no like 'E%' and entra_oid is not null order by employee_no desc limit 1`,
    )) as [{ employee_no: string }];
    const stranger = await t.oidOf(strangerNo);
    await t.sendActivity(
      t.personalActivity(stranger, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: card!.refresh!.action!.verb,
            data: card!.refresh!.action!.data,
          },
        },
      }),
    );
    expect(await alertReads()).toHaveLength(reads.length + 1);
    const [denied] = await t.db.query<{ target_type: string; target_id: string }>(sql`
      select a.target_type, a.target_id from audit_log a join employee e on e.id = a.actor_id
       where a.action = 'access.denied' and e.employee_no = ${strangerNo}`);
    expect(denied).toEqual({ target_type: 'bot', target_id: `invoke ${card!.refresh!.action!.verb}` });
  });

  it('the person’s own 残業 answer is not a third-party read', async () => {
    const before = (await alertReads()).length;
    await t.sendActivity(t.personalActivity(await t.oidOf('D00003'), { type: 'message', text: '残業' }));
    expect(await alertReads()).toHaveLength(before);
  });

  it('reading the audit log is itself audited, with the filter used', async () => {
    const token = await t.signSsoToken(await t.oidOf('D00001'));
    const res = await fetch(`${t.baseUrl}/api/tab/audit?action=overtime`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const [row] = await t.db.query<{
      actor_id: string;
      detail: { filter: { action: string }; rows: number };
    }>(
      sql`select actor_id::text, detail from audit_log where action = 'audit.read' order by id desc limit 1`,
    );
    expect(row).toMatchObject({ actor_id: ids.D00001, detail: { filter: { action: 'overtime' } } });
    expect(row!.detail.rows).toBeGreaterThanOrEqual(2);
  });
});
