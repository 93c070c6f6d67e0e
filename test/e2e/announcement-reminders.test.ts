import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import type { App } from '../../server/app.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import {
  cardOfCall,
  cardText,
  dispatcherOf,
  startSecondInstance,
  tabApi,
  until,
} from './announcement-helpers.ts';

// The app's clock: Thursday 2026-06-25, 10:00 in Japan (a working day, outside quiet hours).
const T0 = new Date('2026-06-25T01:00:00Z');
const HOUR = 3_600_000;

describe('reminders to people who have not acknowledged an announcement', () => {
  let t: TestApp;
  let second: App | undefined;
  let clock = T0;
  let api: ReturnType<typeof tabApi>;
  let people: { id: string; employee_no: string; entra_oid: string }[] = [];
  let id = '';

  const ack = (oid: string) =>
    t.sendActivity(
      t.personalActivity(oid, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'announcement.ack', data: { announcementId: id } } },
      }),
    );
  const remindersSettled = async () => {
    const [r] = await t.db.query<{ n: number }>(sql`
      select count(*)::int as n from delivery where purpose = 'announcement.reminder' and subject like ${`${id}:%`}
         and state in ('due', 'in_flight')`);
    return r?.n === 0;
  };

  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev', overrides: { now: () => clock } });
    api = tabApi(t);
    await t.sendActivity(t.personalActivity(await t.oidOf('D00001'), { type: 'message', text: 'ヘルプ' }));
    await t.db.query(
      sql`insert into setting (key, value) values ('announcements', ${JSON.stringify({ requireSecondApproverForEveryone: false })})`,
    );
    people = await t.db.query(sql`
      select id, employee_no, entra_oid::text as entra_oid from employee
       where active and entra_oid is not null and employee_no <> 'D00001' order by employee_no limit 6`);
    second = await startSecondInstance(t, () => clock);
  }, 90_000);
  afterAll(async () => {
    await second?.stop();
    await t?.stop();
  });

  it('reminds only those who have not acknowledged, once per round even with two processes, at most N rounds', async () => {
    const created = await api('POST', '/announcements', {
      title: 'ストレスチェックの受検について',
      body: '6月30日までに受検してください。',
      ackEnabled: true,
      reminders: { afterHours: 24, max: 2 },
      audience: { employeeIds: people.map((p) => p.id) },
    });
    expect(created.status).toBe(200);
    expect(created.body.reminders).toEqual({ afterHours: 24, max: 2 });
    id = created.body.id;
    await api('POST', `/announcements/${id}/submit`, {});
    await until('the announcement to be sent', async () => {
      const tr = (await api('GET', `/announcements/${id}/tracking`)).body;
      return tr.state === 'sent' && tr.progress.sent === people.length;
    });
    // Two people acknowledge.
    const [a1, a2] = people;
    await ack(a1!.entra_oid);
    await ack(a2!.entra_oid);

    // Before the first round is due nothing is queued, whoever looks.
    await Promise.all([dispatcherOf(t.app)(), dispatcherOf(second!)()]);
    expect((await api('GET', `/announcements/${id}/reminders`)).body.rounds).toEqual([]);

    // The announcement started sending 25 hours ago (on the app's clock): round 1 is due. Both
    // processes run their dispatcher at the same moment.
    await t.db.query(
      sql`update announcement set send_started_at = ${new Date(T0.getTime() - 25 * HOUR)} where id = ${id}`,
    );
    const before = t.connector.postsPerConversation();
    const sentBefore = t.connector.sent().length;
    await Promise.all([dispatcherOf(t.app)(), dispatcherOf(second!)()]);
    await until('the reminders to go out', remindersSettled);
    const after = t.connector.postsPerConversation();
    const got = (oid: string) => (after.get(`a:${oid}`) ?? 0) - (before.get(`a:${oid}`) ?? 0);
    expect(people.map((p) => [p.employee_no, got(p.entra_oid)])).toEqual(
      people.map((p, i) => [p.employee_no, i < 2 ? 0 : 1]),
    );
    const reminderCard = cardOfCall(t.connector.sent().slice(sentBefore)[0]!);
    expect(cardText(reminderCard)).toContain('リマインド');
    expect(cardText(reminderCard)).toContain('6月30日までに受検');
    expect(reminderCard.actions?.map((a) => a.title)).toContain('確認しました');

    // A person acknowledges from the reminder; the next round skips them too. Dispatching again
    // in the same round sends nothing more.
    await ack(people[2]!.entra_oid);
    await Promise.all([dispatcherOf(t.app)(), dispatcherOf(second!)()]);
    expect(t.connector.postsPerConversation()).toEqual(after);

    clock = new Date(T0.getTime() + 24 * HOUR); // Friday 10:00: round 2.
    await Promise.all([dispatcherOf(t.app)(), dispatcherOf(second!)()]);
    await until('round 2 to go out', remindersSettled);
    const after2 = t.connector.postsPerConversation();
    const got2 = (oid: string) => (after2.get(`a:${oid}`) ?? 0) - (after.get(`a:${oid}`) ?? 0);
    expect(people.map((p) => got2(p.entra_oid))).toEqual([0, 0, 0, 1, 1, 1]);

    // No third round: at most 2.
    clock = new Date(T0.getTime() + 96 * HOUR);
    await Promise.all([dispatcherOf(t.app)(), dispatcherOf(second!)()]);
    expect(t.connector.postsPerConversation()).toEqual(after2);

    // The tracking view: who was reminded, in which round.
    const view = (await api('GET', `/announcements/${id}/reminders`)).body;
    expect(view.rounds).toEqual([
      { round: 1, reminded: 4, sent: 4, cancelled: 0, waiting: 0 },
      { round: 2, reminded: 3, sent: 3, cancelled: 0, waiting: 0 },
    ]);
    expect(
      view.people
        .filter((p: { round: number }) => p.round === 2)
        .map((p: { employeeNo: string }) => p.employeeNo),
    ).toEqual(people.slice(3).map((p) => p.employee_no));
    expect((await api('GET', `/announcements/${id}/reminders`, undefined, 'D00003')).status).toBe(403);

    // Recalled: the reminder cards go with the announcement's own, from every chat.
    const deletesBefore = t.connector.calls.filter((c) => c.method === 'DELETE').length;
    expect((await api('POST', `/announcements/${id}/recall`, { mode: 'delete' })).status).toBe(200);
    const reminderActivities = await t.db.query<{ activity_id: string }>(sql`
      select activity_id from delivery where purpose = 'announcement.reminder' and subject like ${`${id}:%`}
         and op = 'send' and state = 'sent'`);
    await until('the reminder cards to be deleted', async () => {
      const deleted = t.connector.calls
        .filter((c) => c.method === 'DELETE')
        .slice(deletesBefore)
        .map((c) => c.path);
      return reminderActivities.every((r) => deleted.some((p) => p.includes(r.activity_id)));
    });
  }, 120_000);

  it('holds a reminder due in quiet hours until they end on the next working day, and a recall meanwhile cancels it', async () => {
    const created = await api('POST', '/announcements', {
      title: '夜のリマインド',
      body: '本文',
      ackEnabled: true,
      reminders: { afterHours: 1, max: 1 },
      audience: { employeeIds: [people[5]!.id] },
    });
    const nightId = created.body.id;
    clock = T0;
    await api('POST', `/announcements/${nightId}/submit`, {});
    await until(
      'sent',
      async () => (await api('GET', `/announcements/${nightId}/tracking`)).body.state === 'sent',
    );
    // Friday 2027-06-25 22:00 in Japan: quiet hours (20:00–08:00), then a weekend. (A date ahead
    // of the real one, so that the outbox, which claims on the database's clock, holds the row.)
    clock = new Date('2027-06-25T13:00:00Z');
    const before = t.connector.sent().length;
    await t.db.query(
      sql`update announcement set send_started_at = ${new Date(clock.getTime() - 2 * HOUR)} where id = ${nightId}`,
    );
    await dispatcherOf(t.app)();
    const [row] = await t.db.query<{ ready_at: Date; state: string }>(sql`
      select ready_at, state from delivery where purpose = 'announcement.reminder' and subject = ${`${nightId}:1`}`);
    // Monday 2027-06-28 08:00 in Japan, and nothing went out meanwhile.
    expect(new Date(row!.ready_at).toISOString()).toBe('2027-06-27T23:00:00.000Z');
    expect(row!.state).toBe('due');
    expect(t.connector.sent().length).toBe(before);

    // Recalled over the weekend: when Monday comes, the held reminder is cancelled, not sent.
    expect((await api('POST', `/announcements/${nightId}/recall`, { mode: 'delete' })).status).toBe(200);
    await t.db.query(sql`
      update delivery set ready_at = now() where purpose = 'announcement.reminder' and subject = ${`${nightId}:1`}`);
    await Promise.all([dispatcherOf(t.app)(), dispatcherOf(second!)()]);
    await until('the held reminder to be cancelled', async () => {
      const [r] = await t.db.query<{ state: string }>(sql`
        select state from delivery where purpose = 'announcement.reminder' and subject = ${`${nightId}:1`}`);
      return r?.state === 'cancelled';
    });
    expect(
      t.connector
        .sent()
        .slice(before)
        .map((c) => cardText(cardOfCall(c))),
    ).not.toContainEqual(expect.stringContaining('リマインド'));
  }, 60_000);

  it('on a card without an acknowledge button, reminds those who have not read it (Teams read receipts)', async () => {
    clock = T0;
    const readers = people.slice(0, 4);
    const created = await api('POST', '/announcements', {
      title: '健康診断の日程',
      body: '7月の健康診断の日程をお知らせします。',
      ackEnabled: false,
      reminders: { afterHours: 24, max: 1 },
      audience: { employeeIds: readers.map((p) => p.id) },
    });
    expect(created.status).toBe(200);
    const readId: string = created.body.id;
    await api('POST', `/announcements/${readId}/submit`, {});
    await until('sent', async () => {
      const tr = (await api('GET', `/announcements/${readId}/tracking`)).body;
      return tr.state === 'sent' && tr.progress.sent === readers.length;
    });
    const receipt = (oid: string, lastReadMessageId: string) =>
      t.sendActivity(
        t.personalActivity(oid, {
          type: 'event',
          name: 'application/vnd.microsoft.readReceipt',
          value: { lastReadMessageId },
        }),
      );
    // Reader 0 read up to a later message; reader 1 only up to one before it went out; reader 2's
    // client sent an id that is not a Teams message id; reader 3 has read receipts off (sends none).
    const [r0, r1, r2] = readers;
    const own = async (p: { id: string }) =>
      BigInt(
        (
          await t.db.query<{ activity_id: string }>(sql`
          select activity_id from delivery where purpose = 'announcement' and subject = ${readId}
             and recipient = ${p.id} and op = 'send'`)
        )[0]!.activity_id,
      );
    expect((await receipt(r0!.entra_oid, String((await own(r0!)) + 5n))).status).toBe(200);
    expect((await receipt(r1!.entra_oid, String((await own(r1!)) - 1n))).status).toBe(200);
    expect((await receipt(r2!.entra_oid, 'not-a-message-id')).status).toBe(200);

    await t.db.query(
      sql`update announcement set send_started_at = ${new Date(T0.getTime() - 25 * HOUR)} where id = ${readId}`,
    );
    const before = t.connector.postsPerConversation();
    await Promise.all([dispatcherOf(t.app)(), dispatcherOf(second!)()]);
    await until('the reminders to go out', async () => {
      const [r] = await t.db.query<{ n: number }>(sql`
        select count(*)::int as n from delivery where purpose = 'announcement.reminder' and subject like ${`${readId}:%`}
           and state in ('due', 'in_flight')`);
      return r?.n === 0;
    });
    const after = t.connector.postsPerConversation();
    expect(
      readers.map((p) => (after.get(`a:${p.entra_oid}`) ?? 0) - (before.get(`a:${p.entra_oid}`) ?? 0)),
    ).toEqual([0, 1, 1, 1]);
  }, 90_000);
});
