import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';

type Card = {
  body: { type: string; text?: string; columns?: { items: { text: string }[] }[] }[];
  actions?: { title: string }[];
};
const cardOf = (activity: Record<string, unknown> | undefined): Card =>
  (activity?.attachments as { content: Card }[] | undefined)?.[0]?.content as Card;
const texts = (card: Card) =>
  card.body
    .flatMap((b) => [b.text ?? '', ...(b.columns ?? []).flatMap((c) => c.items.map((i) => i.text))])
    .join('\n');

describe('bot conversation through the real auth path and a local connector', () => {
  let t: TestApp;
  let oid: string;
  beforeAll(async () => {
    t = await startTestApp();
    oid = await t.oidOf('D00003');
  });
  afterAll(() => t?.stop());

  it('greets a new user with the Japanese welcome card when the app is installed', async () => {
    const call = await t.ask(
      t.personalActivity(oid, {
        type: 'conversationUpdate',
        membersAdded: [{ id: `28:11111111-2222-4333-8444-555555555555` }],
      }),
    );
    expect(texts(cardOf(call.activity))).toContain('勤務コンパニオンへようこそ');
    expect(call.conversationId).toBe(`a:${oid}`);
  });

  it('answers ヘルプ with the help card listing the commands', async () => {
    const call = await t.ask(t.personalActivity(oid, { type: 'message', text: 'ヘルプ' }));
    const text = texts(cardOf(call.activity));
    for (const command of ['ヘルプ', '残業', '休暇', '計画', '育児', '設定']) expect(text).toContain(command);
  });

  it('answers English text in English when the client is English', async () => {
    const call = await t.ask(
      t.personalActivity('0b5e8d2c-0000-4000-8000-000000000abc', {
        type: 'message',
        text: 'help',
        locale: 'en-US',
      }),
    );
    expect(texts(cardOf(call.activity))).toContain('How to use');
  });

  it('never stays silent: unknown text gets the help card that quotes it', async () => {
    const call = await t.ask(t.personalActivity(oid, { type: 'message', text: 'おなかすいた' }));
    expect(texts(cardOf(call.activity))).toContain('「おなかすいた」は分かりませんでした');
  });

  it('keeps where to reach a person current: a new conversation or language replaces the stored one', async () => {
    const stored = () =>
      t.db.query<{ conversation_id: string; locale: string | null }>(
        sql`select conversation_id, locale from conversation_ref where aad_object_id = ${oid}`,
      );
    const moved = `a:${oid}-reinstalled`;
    await t.sendActivity(
      t.personalActivity(oid, {
        type: 'message',
        text: 'ヘルプ',
        conversation: { id: moved, conversationType: 'personal', tenantId: TENANT_ID },
      }),
    );
    expect(await stored()).toEqual([{ conversation_id: moved, locale: 'ja-JP' }]);
    await t.sendActivity(t.personalActivity(oid, { type: 'message', text: 'ヘルプ', locale: 'en-US' }));
    expect(await stored()).toEqual([{ conversation_id: `a:${oid}`, locale: 'en-US' }]);
    await t.sendActivity(t.personalActivity(oid, { type: 'message', text: 'ヘルプ' }));
    expect(await stored()).toEqual([{ conversation_id: `a:${oid}`, locale: 'ja-JP' }]);
  });

  it('remembers someone not (yet) in the register, so a welcome after the org import can reach them', async () => {
    const stranger = '0b5e8d2c-0000-4000-8000-00000000def0';
    await t.sendActivity(t.personalActivity(stranger, { type: 'message', text: 'ヘルプ' }));
    const rows = await t.db.query<{ conversation_id: string }>(
      sql`select conversation_id from conversation_ref where aad_object_id = ${stranger}`,
    );
    expect(rows).toEqual([{ conversation_id: `a:${stranger}` }]);
  });

  it('stores the conversation so the person can be reached proactively', async () => {
    const rows = await t.db.query<{ conversation_id: string; service_url: string }>(
      sql`select conversation_id, service_url from conversation_ref where aad_object_id = ${oid}`,
    );
    expect(rows).toEqual([{ conversation_id: `a:${oid}`, service_url: t.connector.url }]);
    const before = t.connector.sent().length;
    const outcome = await t.app.messenger.sendCard(
      { aadObjectId: oid },
      { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'proactive hello' }] },
    );
    expect(outcome.ok).toBe(true);
    const call = await t.connector.waitFor(
      (c) => t.connector.sent().indexOf(c) >= before && c.conversationId === `a:${oid}`,
    );
    expect(texts(cardOf(call.activity))).toBe('proactive hello');
  });

  it('reports a user who blocked the bot as undeliverable after one check of the conversation, never retrying', async () => {
    // The post is refused, and so is re-creating the chat (what Teams answers someone who blocked the bot).
    t.connector.failNext(2, 403);
    const before = t.connector.stats().requests;
    const outcome = await t.app.messenger.sendCard(
      { aadObjectId: oid },
      { type: 'AdaptiveCard', version: '1.5', body: [] },
    );
    expect(outcome).toEqual({ ok: false, reason: 'blocked', status: 403 });
    // The post and the one re-creation, no hidden retry: the outcome is final once it is known.
    expect(t.connector.stats().requests - before).toBe(2);
  });

  it('switches the language to English from the settings card (Action.Execute) and answers in English after', async () => {
    const res = await t.sendActivity(
      t.personalActivity(oid, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'settings.save',
            data: { card: 'settings', locale: 'en', quietStart: '21:00', quietEnd: '07:30' },
          },
        },
      }),
    );
    expect(res.status).toBe(200);
    const body = res.body as { statusCode: number; type: string; value: Card };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(texts(body.value)).toContain('Your settings were saved.');
    const call = await t.ask(t.personalActivity(oid, { type: 'message', text: '設定' }));
    const card = JSON.stringify(cardOf(call.activity));
    expect(card).toContain('Settings');
    expect(card).toContain('21:00');
  });

  it('refuses a tampered settings payload with an error card and stores nothing', async () => {
    const res = await t.sendActivity(
      t.personalActivity(oid, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'settings.save',
            data: { locale: 'fr', quietStart: '25:00', quietEnd: '07:00' },
          },
        },
      }),
    );
    const body = res.body as { value: Card };
    expect(texts(body.value)).toMatch(/out of date|古くなっています/);
    const [pref] = await t.db.query<{ quiet_start: string }>(
      sql`select to_char(quiet_start, 'HH24:MI') as quiet_start from employee_preference p join employee e on e.id = p.employee_id where e.entra_oid = ${oid}`,
    );
    expect(pref?.quiet_start).toBe('21:00');
  });
});
