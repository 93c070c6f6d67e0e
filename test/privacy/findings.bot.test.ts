import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { BOT_APP_ID, TENANT_ID, type TestApp } from '../harness/app.ts';
import { CHIEF, type FindingsIds, HR, STAFF, startFindingsApp, WLB } from './findings-app.ts';

/**
 * The privacy findings of the review (issue 12) that concern the bot, each replayed as the attacker
 * did it against the whole app: nothing personal in group chats and channels, and card refreshes
 * and invokes answer only what the recipient was sent. The tab's findings: findings.test.ts.
 */

describe('privacy findings replayed against the app: the bot', () => {
  let t: TestApp;
  const ids: FindingsIds = { johoSeisaku: '', b03: '', b05: '', b06: '', alertId: 0 };

  beforeAll(async () => {
    ({ t } = await startFindingsApp(ids));
  }, 120_000);
  afterAll(() => t?.stop());

  describe('4. nothing personal in group chats and channels', () => {
    const groupActivity = (oid: string, text: string, type: 'groupChat' | 'channel', locale = 'ja-JP') => ({
      type: 'message',
      text,
      id: `m-${Math.random()}`,
      channelId: 'msteams',
      serviceUrl: t.connector.url,
      timestamp: new Date().toISOString(),
      locale,
      from: { id: `29:${oid}`, aadObjectId: oid, name: 'user' },
      recipient: { id: `28:${BOT_APP_ID}`, name: 'Kinmu Companion' },
      conversation:
        type === 'channel'
          ? {
              id: '19:general@thread.tacv2;messageid=1',
              conversationType: 'channel',
              isGroup: true,
              tenantId: TENANT_ID,
            }
          : { id: '19:group@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID },
      channelData: {
        tenant: { id: TENANT_ID },
        ...(type === 'channel' ? { team: { id: '19:team@thread.tacv2' } } : {}),
      },
    });

    async function replyTo(activity: Record<string, unknown>) {
      const before = t.connector.sent().length;
      await t.sendActivity(activity);
      const conv = (activity.conversation as { id: string }).id;
      const call = await t.connector.waitFor(
        (c) => t.connector.sent().indexOf(c) >= before && c.conversationId === conv,
      );
      // Anything else posted to the shared conversation in the same turn counts too.
      await new Promise((r) => setTimeout(r, 200));
      return t.connector
        .sent()
        .slice(before)
        .filter((c) => c.conversationId === conv)
        .concat(call)
        .map((c) => JSON.stringify(c.activity));
    }

    for (const [who, command] of [
      [CHIEF, '残業'],
      [STAFF, '残業'],
      [STAFF, '育児'],
      [STAFF, '計画'],
      [STAFF, '休暇'],
      [STAFF, '設定'],
    ] as const)
      for (const type of ['groupChat', 'channel'] as const)
        it(`${command} from ${who} in a ${type}: a card that opens the 1:1 chat, no personal data`, async () => {
          const posted = (await replyTo(groupActivity(await t.oidOf(who), command, type))).join('\n');
          for (const personal of ['中村', '健太', 'D00003', '面接指導', '105時間', '出産予定', 'quietStart'])
            expect(posted).not.toContain(personal);
          expect(posted).toContain(`https://teams.microsoft.com/l/chat/0/0?users=28:${BOT_APP_ID}`);
          expect(posted).toContain('個人チャット');
        });

    it('answers in English for an English user', async () => {
      const [en] = await t.db.query<{ employee_no: string }>(sql`
        update employee set locale = 'en' where employee_no = (
          select employee_no from employee where section_id = ${ids.johoSeisaku} and employee_no like 'E%' order by employee_no desc limit 1)
        returning employee_no`);
      const posted = (
        await replyTo(groupActivity(await t.oidOf(en?.employee_no ?? ''), 'overtime', 'groupChat', 'en-US'))
      ).join('\n');
      expect(posted).toContain('personal chat');
      expect(posted).toContain(`users=28:${BOT_APP_ID}`);
    });

    it('a proactive personal card never goes to a stored group conversation', async () => {
      const oid = await t.oidOf(WLB);
      await t.db.query(sql`
        insert into conversation_ref (aad_object_id, tenant_id, conversation_id, service_url, reference, locale)
        values (${oid}, ${TENANT_ID}, '19:leaky@thread.v2', ${t.connector.url},
                ${JSON.stringify({ conversation: { id: '19:leaky@thread.v2', conversationType: 'groupChat', isGroup: true }, serviceUrl: t.connector.url, channelId: 'msteams' })}, 'ja')
        on conflict (aad_object_id) do update set reference = excluded.reference, conversation_id = excluded.conversation_id`);
      const before = t.connector.sent().length;
      const outcome = await t.app.messenger.sendCard(
        { aadObjectId: oid },
        { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '個人あて' }] },
      );
      // The stored group reference is never used: the outbox opens the person's own 1:1 chat
      // instead (or, where Teams refuses that, reports no conversation).
      if (outcome.ok) {
        const [stored] = await t.db.query<{ conversation_id: string }>(
          sql`select conversation_id from conversation_ref where aad_object_id = ${oid}`,
        );
        expect(stored?.conversation_id).not.toBe('19:leaky@thread.v2');
      } else expect(outcome).toEqual({ ok: false, reason: 'no_conversation' });
      expect(
        t.connector
          .sent()
          .slice(before)
          .filter((c) => c.conversationId === '19:leaky@thread.v2'),
      ).toEqual([]);
    });

    it('help still works in a group chat (it is not personal)', async () => {
      const posted = (await replyTo(groupActivity(await t.oidOf(STAFF), 'ヘルプ', 'groupChat'))).join('\n');
      expect(posted).toContain('残業');
      expect(posted).not.toContain('users=28:');
    });
  });

  describe('5. card refresh and invokes answer only what the recipient was sent', () => {
    const invoke = async (
      oid: string,
      verb: string,
      data: unknown,
      conversation?: Record<string, unknown>,
    ) => {
      const res = await t.sendActivity(
        t.personalActivity(oid, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb, data } },
          ...(conversation ? { conversation } : {}),
        }),
      );
      return JSON.stringify(res.body);
    };

    beforeAll(async () => {
      const [chief] = await t.db.query<{ id: string }>(
        sql`select id from employee where employee_no = ${CHIEF}`,
      );
      await t.db.query(sql`
        insert into overtime_alert_action (alert_id, actor_id, action, comment)
        values (${ids.alertId}, ${chief?.id}, 'comment', '本人には内密に: 家庭の事情あり')`);
      await t.db.query(sql`
        insert into delivery (purpose, subject, recipient, state, aad_object_id, sent_at)
        select 'overtime.alert', ${`${ids.alertId}:`} || r.kind, e.id::text, 'sent', e.entra_oid::text, now()
          from (values (${STAFF}, 'health_notice'), (${WLB}, 'alert'), (${CHIEF}, 'alert')) as r(no, kind)
          join employee e on e.employee_no = r.no`);
    });

    it('the subject refreshing his own alert gets his health notice, never the manager’s card and note', async () => {
      const answer = await invoke(await t.oidOf(STAFF), 'overtime.alert.refresh', { alertId: ids.alertId });
      expect(answer).not.toContain('本人には内密に');
      expect(answer).not.toContain('overtime.alert.follow_up');
      expect(answer).not.toContain('D00003');
      expect(answer).toContain('面接指導'); // his own health notice
    });

    it('the manager gets his card with the note; someone who was sent nothing gets a refusal', async () => {
      expect(
        await invoke(await t.oidOf(CHIEF), 'overtime.alert.refresh', { alertId: ids.alertId }),
      ).toContain('本人には内密に');
      const stranger = await invoke(await t.oidOf(HR), 'overtime.alert.refresh', { alertId: ids.alertId });
      expect(stranger).not.toContain('中村');
      expect(stranger).toContain('あなた宛てではない');
    });

    it('announcement.ack in a channel does not hand out a draft (or any announcement not posted there)', async () => {
      const [hr] = await t.db.query<{ id: string }>(sql`select id from employee where employee_no = ${HR}`);
      const [draft] = await t.db.query<{ id: string }>(sql`
        insert into announcement (title, body, audience, created_by)
        values ('未公開の人事異動', '課長 交代の件（内示前）', '{"everyone": true}', ${hr?.id}) returning id::text as id`);
      const channel = {
        id: '19:general@thread.tacv2;messageid=9',
        conversationType: 'channel',
        isGroup: true,
        tenantId: TENANT_ID,
      };
      const answer = await invoke(
        await t.oidOf(STAFF),
        'announcement.ack',
        { announcementId: draft?.id },
        channel,
      );
      expect(answer).not.toContain('未公開の人事異動');
      expect(answer).not.toContain('内示前');
      const personal = await invoke(await t.oidOf(STAFF), 'announcement.ack', { announcementId: draft?.id });
      expect(personal).not.toContain('内示前');
    });
  });
});
