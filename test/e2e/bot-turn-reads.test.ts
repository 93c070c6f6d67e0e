import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SqlQuery, sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

// What a command reads about the person, and who they are: the tables a turn of each command asks.
const TURN_TABLES =
  /conversation_ref|entra_oid|overtime_month|leave_campaign|childcare_case|employee_preference/;

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
  async function statementsOf(activity: Record<string, unknown>) {
    const spy = vi.spyOn(t.db, 'query');
    const before = t.connector.sent().length;
    try {
      expect((await t.sendActivity(activity)).status).toBe(200);
      const call = await t.connector.waitFor((c) => t.connector.sent().indexOf(c) >= before);
      const statements = spy.mock.calls
        .map(([q]) => q as SqlQuery)
        .filter((q) => TURN_TABLES.test(q.text))
        .map((q) => q.name ?? q.text.replace(/\s+/g, ' ').slice(0, 80));
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
