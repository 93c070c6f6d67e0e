import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';
import { type ConnectorEmulator, startConnectorEmulator } from '../harness/connector-emulator.ts';

const CARD = (text: string) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text }],
});

/** Waits for a state the app reaches by itself, checking every 50 ms. */
async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000) {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The one outbox, end to end through the real app and local connectors: each person's own
 * conversation and service URL, a stale conversation re-created once, 429s honoured for cards of
 * every purpose (no retry hidden in the HTTP client), urgent cards ahead of a broadcast.
 */
describe('the delivery outbox through the real app and local connectors', () => {
  let t: TestApp;
  let other: ConnectorEmulator;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-dev-persona': 'D00001' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the tests read many answer shapes
    return { status: res.status, body: (await res.json()) as any };
  };
  /** The n-th staff member (by employee number) who has an Entra account. */
  const person = async (n: number) =>
    (
      await t.db.query<{ id: string; oid: string }>(
        sql`select id, entra_oid::text as oid from employee where active and entra_oid is not null order by employee_no offset ${n} limit 1`,
      )
    )[0]!;
  const storeConversation = async (n: number, conversationId: string | null, serviceUrl: string) => {
    const { oid } = await person(n);
    conversationId ??= `a:${oid}`;
    await t.db.query(sql`
      insert into conversation_ref (aad_object_id, tenant_id, conversation_id, service_url, reference)
      values (${oid}, ${TENANT_ID}, ${conversationId}, ${serviceUrl}, ${JSON.stringify({ conversation: { id: conversationId } })})
      on conflict (aad_object_id) do update set conversation_id = excluded.conversation_id, service_url = excluded.service_url,
             updated_at = now()`);
    return oid;
  };
  const employeeId = async (n: number) => (await person(n)).id;

  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev' });
    // HR opens the bot once: the app learns the service URL where it creates everyone else's chats.
    await t.sendActivity(t.personalActivity(await t.oidOf('D00001'), { type: 'message', text: 'ヘルプ' }));
    other = await startConnectorEmulator();
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await t?.stop();
  });

  it("sends each person's card to their own conversation at their own service URL, not the last one seen", async () => {
    const far = await storeConversation(10, 'a:far-region', other.url);
    // Someone else's chat is the most recently updated one, at the other URL.
    await storeConversation(11, null, t.connector.url);
    const direct = await t.app.messenger.sendCard({ aadObjectId: far }, CARD('地域の異なる人へ'));
    expect(direct).toMatchObject({ ok: true, conversationId: 'a:far-region' });
    expect(other.sent().map((c) => c.conversationId)).toEqual(['a:far-region']);

    const created = await api('POST', '/announcements', {
      title: '地域別の送信',
      body: '本文',
      links: [],
      ackEnabled: false,
      language: 'ja',
      audience: {
        everyone: false,
        bureauIds: [],
        sectionIds: [],
        roles: [],
        employeeIds: [await employeeId(10), await employeeId(11)],
      },
    });
    await api('POST', `/announcements/${created.body.id}/submit`, {});
    await until(
      'both to be sent',
      async () => (await api('GET', `/announcements/${created.body.id}/tracking`)).body.state === 'sent',
    );
    expect(other.sent().map((c) => c.conversationId)).toEqual(['a:far-region', 'a:far-region']);
    expect(t.connector.sent().filter((c) => c.conversationId === 'a:far-region')).toEqual([]);
  });

  it('re-creates a stale conversation once after a 404 and delivers there; a refused re-creation is undeliverable', async () => {
    const stale = await storeConversation(12, 'a:stale-chat', t.connector.url);
    const gone = await storeConversation(13, 'a:gone-chat', t.connector.url);
    t.connector.inject((req) => {
      if (req.conversationId === 'a:stale-chat' || req.conversationId === 'a:gone-chat')
        return { status: 404 };
      if (!req.conversationId && req.memberId === gone) return { status: 403 };
      return undefined;
    });
    try {
      const created = await api('POST', '/announcements', {
        title: '古い会話',
        body: '本文',
        links: [],
        ackEnabled: false,
        language: 'ja',
        audience: {
          everyone: false,
          bureauIds: [],
          sectionIds: [],
          roles: [],
          employeeIds: [await employeeId(12), await employeeId(13)],
        },
      });
      await api('POST', `/announcements/${created.body.id}/submit`, {});
      const done = await until('the outcome of both', async () => {
        const tr = (await api('GET', `/announcements/${created.body.id}/tracking`)).body;
        return tr.state === 'sent' && tr;
      });
      expect(done.progress).toMatchObject({ total: 2, sent: 1, undeliverable: 1, pending: 0, retrying: 0 });
      // The stale chat was replaced by the one Teams created, and the card went there.
      expect(t.connector.sent().some((c) => c.conversationId === `a:${stale}`)).toBe(true);
      const [ref] = await t.db.query<{ conversation_id: string }>(
        sql`select conversation_id from conversation_ref where aad_object_id = ${stale}`,
      );
      expect(ref?.conversation_id).toBe(`a:${stale}`);
    } finally {
      t.connector.inject(undefined);
    }
  });

  it('a reminder or an alert to a stale chat: re-created once through createConversation, then final, never a loop', async () => {
    const healed = await storeConversation(15, 'a:old-chat-15', t.connector.url);
    const dead = await storeConversation(16, 'a:old-chat-16', t.connector.url);
    // Both stored chats are gone (404); for the second person the re-created chat answers 404 too.
    t.connector.inject((req) =>
      ['a:old-chat-15', 'a:old-chat-16', `a:${dead}`].includes(req.conversationId)
        ? { status: 404 }
        : undefined,
    );
    try {
      const reminded = await t.app.messenger.sendCard({ aadObjectId: healed }, CARD('リマインド'), {
        purpose: 'leave.reminder',
        key: 'stale-chat-15',
      });
      expect(reminded.ok).toBe(true);
      const alerted = await t.app.messenger.sendCard({ aadObjectId: dead }, CARD('100時間'), {
        purpose: 'overtime.alert',
        key: 'stale-chat-16',
        priority: 'urgent',
      });
      expect(alerted).toMatchObject({ ok: false, reason: 'not_found' });
      const creations = (oid: string) =>
        t.connector.calls.filter((c) => c.method === 'POST' && !c.activity && c.conversationId === `a:${oid}`)
          .length;
      expect(creations(healed)).toBe(1);
      expect(creations(dead)).toBe(1);
      expect(t.connector.sent().filter((c) => c.conversationId === `a:${healed}`)).toHaveLength(1);
      const rows = await t.db.query<{ subject: string; state: string; attempts: number }>(
        sql`select subject, state, attempts from delivery where subject in ('stale-chat-15', 'stale-chat-16') order by subject`,
      );
      expect(rows).toEqual([
        { subject: 'stale-chat-15', state: 'sent', attempts: 1 },
        { subject: 'stale-chat-16', state: 'undeliverable', attempts: 1 },
      ]);
      // The healed chat is stored: the next card goes straight there.
      const [ref] = await t.db.query<{ conversation_id: string }>(
        sql`select conversation_id from conversation_ref where aad_object_id = ${healed}`,
      );
      expect(ref?.conversation_id).toBe(`a:${healed}`);
    } finally {
      t.connector.inject(undefined);
    }
  });

  it('honours a 429 on a personal card with its Retry-After, through the outbox, not a hidden client retry', async () => {
    const oid = await storeConversation(14, null, t.connector.url);
    const before = t.connector.stats().requests;
    t.connector.failNext(1, 429, { 'retry-after': '1' });
    const started = Date.now();
    const outcome = await t.app.messenger.sendCard({ aadObjectId: oid }, CARD('100時間'), {
      purpose: 'overtime.alert',
      key: 'test-429',
      priority: 'urgent',
    });
    expect(outcome.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(t.connector.stats().requests - before).toBe(2);
    const [row] = await t.db.query<{ attempts: number; throttled: number; state: string }>(
      sql`select attempts, throttled, state from delivery where purpose = 'overtime.alert' and subject = 'test-429'`,
    );
    expect(row).toEqual({ attempts: 2, throttled: 1, state: 'sent' });
    // Asking again with the same key joins the sent message: nothing goes out twice.
    const again = await t.app.messenger.sendCard({ aadObjectId: oid }, CARD('100時間'), {
      purpose: 'overtime.alert',
      key: 'test-429',
    });
    expect(again).toEqual(outcome);
    expect(t.connector.stats().requests - before).toBe(2);
  });

  it('delivers an urgent card while a broadcast to everyone is still going, ahead of its remaining rows', async () => {
    await t.db.query(
      sql`insert into setting (key, value) values ('announcements', ${JSON.stringify({ ratePerSecond: 40, requireSecondApproverForEveryone: false })})
          on conflict (key) do update set value = excluded.value`,
    );
    const created = await api('POST', '/announcements', {
      title: '全員へ',
      body: '本文',
      links: [],
      ackEnabled: false,
      language: 'ja',
      audience: { everyone: true, bureauIds: [], sectionIds: [], roles: [], employeeIds: [] },
    });
    await api('POST', `/announcements/${created.body.id}/submit`, {});
    await until('the broadcast to be under way', async () => {
      const p = (await api('GET', `/announcements/${created.body.id}/tracking`)).body.progress;
      return p.sent >= 40 && p;
    });
    const manager = await storeConversation(15, 'a:manager-urgent', t.connector.url);
    const sentBefore = t.connector.calls.length;
    const outcome = await t.app.messenger.sendCard({ aadObjectId: manager }, CARD('100時間超え'), {
      purpose: 'overtime.alert',
      key: 'urgent-during-broadcast',
      priority: 'urgent',
    });
    expect(outcome.ok).toBe(true);
    // Behind at most the requests already holding limiter slots (under a second of the broadcast at
    // 40/s), not behind the broadcast: counted in messages, not in time, which a busy machine stretches.
    expect(t.connector.calls.length - sentBefore).toBeLessThanOrEqual(40);
    const tr = (await api('GET', `/announcements/${created.body.id}/tracking`)).body;
    expect(tr.state).toBe('sending');
    expect(tr.progress.pending).toBeGreaterThan(0);
    await api('POST', `/announcements/${created.body.id}/cancel`, {});
    await t.db.query(sql`delete from setting where key = 'announcements'`);
  }, 60_000);
});
