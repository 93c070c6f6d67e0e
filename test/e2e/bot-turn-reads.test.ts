import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SqlQuery, sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

// What a command reads about the person, and who they are: the tables a turn of each command asks.
const TURN_TABLES =
  /conversation_ref|entra_oid|overtime_month|overtime_alert|audit_log|leave_campaign|childcare_case|employee_preference/;

const cardText = (activity: Record<string, unknown> | undefined) =>
  JSON.stringify((activity?.attachments as { content: unknown }[] | undefined)?.[0]?.content ?? {});

/**
 * A command's turn waits for one statement: who is talking and what the command shows them come in
 * the same round trip (under load every round trip is a wake-up of a server process).
 */
describe('a bot command reads the person and its data in one statement', () => {
  let t: TestApp;
  let oid: string;
  beforeAll(async () => {
    t = await startTestApp();
    // Someone with no childcare case open: 育児 then asks who the sheet is for (a case that
    // continues reads its sheet as well).
    const [person] = await t.db.query<{ oid: string }>(sql`
      select e.entra_oid::text as oid from employee e
       where e.active and e.entra_oid is not null
         and not exists (select 1 from childcare_case c where c.employee_id = e.id and c.status <> 'closed')
       order by e.employee_no limit 1`);
    if (!person) throw new Error('the demo ministry has nobody without an open childcare case');
    oid = person.oid;
  });
  afterAll(() => t?.stop());

  /** The turn's statements on the person (the outbox worker and jobs run beside it, on other tables). */
  async function statementsOf(activity: Record<string, unknown>, messages = 1) {
    const spy = vi.spyOn(t.db, 'query');
    const before = t.connector.sent().length;
    try {
      expect((await t.sendActivity(activity)).status).toBe(200);
      const call = await t.connector.waitFor((c) => t.connector.sent().indexOf(c) >= before);
      await t.connector.waitFor(() => t.connector.sent().length >= before + messages);
      const statements = spy.mock.calls
        .map(([q]) => q as SqlQuery)
        .filter((q) => TURN_TABLES.test(q.text))
        .map((q) => q.name ?? q.text.replace(/\s+/g, ' ').trim().slice(0, 80));
      return { statements, card: cardText(call.activity) };
    } finally {
      spy.mockRestore();
    }
  }

  it.each([
    ['残業', 'turn-identity+overtime-command'],
    ['休暇', 'turn-identity+open-campaigns-for'],
    ['育児', 'turn-identity+childcare-has-open-case'],
    ['設定', 'turn-identity+preferences'],
  ])('%s in the 1:1 chat: one statement, then the answer', async (command, statement) => {
    // The first turn stores where to reach the person; later turns only read.
    await statementsOf(t.personalActivity(oid, { type: 'message', text: command }));
    const { statements, card } = await statementsOf(
      t.personalActivity(oid, { type: 'message', text: command }),
    );
    expect(statements).toEqual([statement]);
    expect(card).not.toContain('個人チャットでお答えします');
  });

  it('gives a manager the open 100 h cards again in the same statement, their reads audited in one insert', async () => {
    const [manager] = await t.db.query<{ id: string; oid: string; open: number }>(sql`
      select e.id, e.entra_oid::text as oid, count(*)::int as open from employee e
        join overtime_alert a on a.manager_id = e.id and a.follow_up = 'open'
       where e.active and e.entra_oid is not null
       group by e.id order by count(*) desc, e.employee_no limit 1`);
    if (!manager) throw new Error('the demo ministry has no manager with an open 100 h alert');
    const shown = Math.min(manager.open, 3);
    const audited = async () =>
      (
        await t.db.query<{ n: number }>(
          sql`select count(*)::int as n from audit_log where actor_id = ${manager.id} and action = 'overtime.alert.read'`,
        )
      )[0]?.n ?? 0;
    const turn = () => t.personalActivity(manager.oid, { type: 'message', text: '残業' });
    // The summary, then each 100 h card once its read is on record.
    await statementsOf(turn(), 1 + shown);
    const before = await audited();
    const { statements } = await statementsOf(turn(), 1 + shown);
    expect(statements).toEqual([
      'turn-identity+overtime-command',
      expect.stringMatching(/^insert into audit_log /),
    ]);
    expect((await audited()) - before).toBe(shown);
  });

  it('reads nothing for a personal command in a group chat, where it only points to the 1:1 chat', async () => {
    const { statements, card } = await statementsOf(
      t.personalActivity(oid, {
        type: 'message',
        text: '残業',
        conversation: { id: '19:group@thread.v2', conversationType: 'groupChat', isGroup: true },
      }),
    );
    expect(card).toContain('個人チャットでお答えします');
    expect(statements).toEqual(['turn-identity']);
  });
});
