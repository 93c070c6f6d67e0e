import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { eachDay, isWorkingDay, tokyoInstant } from '../../core/shared/calendar.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

type Card = {
  body?: unknown[];
  actions?: { verb?: string; title?: string; data?: Record<string, unknown> }[];
  refresh?: { userIds: string[] };
};
const cardOf = (activity: Record<string, unknown> | undefined) =>
  (activity?.attachments as { content: Card }[] | undefined)?.[0]?.content;
const text = (card: Card | undefined) => JSON.stringify(card?.body ?? []);

// A fixed clock: Thursday 2026-06-25, 10:00 in Japan.
const NOW = tokyoInstant('2026-06-25', '10:00');

describe('overtime end to end: import → 100 h card to the manager → follow-up recorded', () => {
  let t: TestApp;
  let chiefOid: string;
  let hrToken: string;
  let target: { employee_no: string; name: string };

  beforeAll(async () => {
    t = await startTestApp({ overrides: { now: () => NOW } });
    chiefOid = await t.oidOf('D00002');
    hrToken = await t.signSsoToken(await t.oidOf('D00001'));
    [target] = (await t.db.query<{ employee_no: string; name: string }>(sql`
      select e.employee_no, e.family_name || ' ' || e.given_name as name from employee e join employee m on m.id = e.manager_id
       where m.employee_no = 'D00002' and e.employee_no <> 'D00003' and not e.is_managerial order by e.employee_no limit 1`)) as [
      { employee_no: string; name: string },
    ];
    // The manager has talked to the bot once, so it can reach them.
    await t.sendActivity(t.personalActivity(chiefOid, { type: 'message', text: 'ヘルプ' }));
  });
  afterAll(() => t?.stop());

  const upload = (csv: string, dryRun = false) =>
    fetch(`${t.baseUrl}/api/tab/attendance/import${dryRun ? '?dryRun=1' : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hrToken}` },
      body: JSON.stringify({
        fileName: 'june.csv',
        contentBase64: Buffer.from(csv, 'utf8').toString('base64'),
      }),
    });

  it('the demo ministry shows a 100 h case in D00002’s section out of the box', async () => {
    const rows = await t.db.query<{ level: string; follow_up: string }>(sql`
      select a.level, a.follow_up from overtime_alert a join employee e on e.id = a.employee_id
       where e.employee_no = 'D00003' and a.level = 'month100'`);
    expect(rows).toEqual([{ level: 'month100', follow_up: 'open' }]);
  });

  it('refuses a bad file with every error and stores nothing; the dry run previews it', async () => {
    const bad = `職員番号,日付,出勤時刻,退勤時刻,超過勤務時間\n${target.employee_no},2026/6/1,9:00,18:00,-1:00\nNOBODY,2026/6/1,9:00,18:00,1:00\n`;
    const preview = (await (await upload(bad, true)).json()) as { ok: boolean; errors: { where: string }[] };
    expect(preview.ok).toBe(false);
    expect(preview.errors.map((e) => e.where)).toEqual(['line 2, column 5', 'line 3, column 1']);
    const res = await upload(bad);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors?: { where: string }[]; fields?: { where: string }[] };
    expect(JSON.stringify(problem)).toContain('line 3, column 1');
  });

  it('an import that takes someone to 100 h sends the 100 h card to their manager, whose action is recorded and refreshes the card', async () => {
    const days = eachDay('2026-06-01', '2026-06-24').filter(isWorkingDay);
    const perDay = Math.ceil((101 * 60) / days.length / 15) * 15;
    const csv = `職員番号,日付,出勤時刻,退勤時刻,超過勤務時間\n${days.map((d) => `${target.employee_no},${d},9:00,23:00,${perDay}`).join('\n')}\n`;
    const before = t.connector.sent().length;
    const res = await upload(csv);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: days.length, months: ['2026-06'] });
    // The import page's history lists it first, with the file name and who ran it.
    const history = await fetch(`${t.baseUrl}/api/tab/attendance/imports`, {
      headers: { authorization: `Bearer ${hrToken}` },
    });
    const [latest] = ((await history.json()) as { imports: { fileName: string; rowCount: number }[] })
      .imports;
    expect(latest).toMatchObject({ fileName: 'june.csv', rowCount: days.length });

    // The alerts job runs (pg-boss) and the card goes out through the connector to the manager.
    const call = await t.connector.waitFor(
      (c) =>
        t.connector.sent().indexOf(c) >= before &&
        c.conversationId === `a:${chiefOid}` &&
        text(cardOf(c.activity)).includes(target.name) &&
        text(cardOf(c.activity)).includes('面接指導'),
      20_000,
    );
    const card = cardOf(call.activity)!;
    const talked = card.actions!.find((a) => a.title === '本人と面談した')!;
    expect(card.refresh?.userIds).toEqual([chiefOid]);

    const invoke = (data: Record<string, unknown>, oid = chiefOid) =>
      t.sendActivity(
        t.personalActivity(oid, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: talked.verb, data } },
        }),
      );
    const answer = await invoke(talked.data!);
    expect(answer.status).toBe(200);
    const refreshed = (answer.body as { value: Card }).value;
    expect(text(refreshed)).toContain('対応済み（高橋 誠）');
    expect(text(refreshed)).toContain('記録しました');
    const audit = await t.db.query<{ action: string; target_id: string }>(
      sql`select action, target_id from audit_log where action = 'overtime.follow_up'`,
    );
    expect(audit).toEqual([{ action: 'overtime.follow_up', target_id: String(talked.data!.alertId) }]);

    // The same click again (a replay) changes nothing and says so.
    const replay = await invoke(talked.data!);
    expect(text((replay.body as { value: Card }).value)).toContain('古くなっています');
    // Someone the alert was not for gets a clear refusal.
    const stranger = await invoke({ ...talked.data!, version: 1 }, await t.oidOf('D00005'));
    expect(text((stranger.body as { value: Card }).value)).toContain('あなた宛てではない');
    const [{ n } = { n: 0 }] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from overtime_alert_action`,
    );
    expect(n).toBe(1);
  });

  it('answers 残業 with the month so far and the projection', async () => {
    const oid = await t.oidOf(target.employee_no);
    const before = t.connector.sent().length;
    const activity = t.personalActivity(oid, { type: 'message', text: '残業' });
    await t.sendActivity(activity);
    // The reply to this message (it carries replyToId): the outbox may send this person a health
    // notice at the same moment.
    const call = await t.connector.waitFor(
      (c) =>
        t.connector.sent().indexOf(c) >= before &&
        c.conversationId === `a:${oid}` &&
        (c.activity as { replyToId?: string } | undefined)?.replyToId === activity.id,
    );
    const body = text(cardOf(call.activity));
    expect(body).toContain('2026年6月の超過勤務');
    expect(body).toContain('月末の見込み');
  });

  it('tab API: bureau figures only for the bureaus in scope (dashboard), alerts only for the viewer’s people', async () => {
    const get = async (path: string, employeeNo: string) => {
      const token = await t.signSsoToken(await t.oidOf(employeeNo));
      const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    // Bureau figures are the dashboard's (cut by the disclosure decision); the old figure routes are gone.
    const director = await get('/dashboard?month=2026-06', 'D00004');
    expect(director.status).toBe(200);
    const bureaus = director.body.rows as { name: string; thisMonth: { ge100All: number } | null }[];
    expect(bureaus.map((b) => b.name)).toEqual(['情報通信局']);
    expect(bureaus[0]!.thisMonth?.ge100All).toBe(2); // D00003 (demo) and the imported colleague
    expect((await get('/dashboard', 'D00003')).status).toBe(403);
    expect((await get('/overtime/bureaus', 'D00004')).status).toBe(404);

    const chief = await get('/overtime/alerts?open=0&month=2026-06', 'D00002');
    const alerts = chief.body.alerts as {
      employeeName: string;
      level: string;
      followUp: string;
      lastAction: string | null;
    }[];
    expect(alerts.find((a) => a.employeeName === target.name && a.level === 'month100')).toMatchObject({
      followUp: 'acted',
      lastAction: 'talked',
    });
    expect(
      alerts.some((a) => a.employeeName === '中村 健太' && a.level === 'month100' && a.followUp === 'open'),
    ).toBe(true);
    expect((await get('/overtime/alerts', 'D00003')).body).toEqual({ alerts: [] });
  });

  it('the chief designates the excess as 特例業務 from the card; HR gets the report by bureau and reason (JSON and CSV)', async () => {
    const call = await t.connector.waitFor(
      (c) =>
        c.conversationId === `a:${chiefOid}` &&
        JSON.stringify(cardOf(c.activity) ?? {}).includes('overtime.specialDuty.designate') &&
        text(cardOf(c.activity)).includes(target.name),
      20_000,
    );
    const card = cardOf(call.activity)!;
    const designate = card.actions!.find((a) => a.verb === 'overtime.specialDuty.designate')!;
    const answer = await t.sendActivity(
      t.personalActivity(chiefOid, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: designate.verb,
            data: { ...designate.data, reason: 'diet' },
          },
        },
      }),
    );
    expect(text((answer.body as { value: Card }).value)).toContain('特例業務として指定済み：国会対応業務');

    const report = async (query: string, employeeNo: string) => {
      const token = await t.signSsoToken(await t.oidOf(employeeNo));
      return fetch(`${t.baseUrl}/api/tab/overtime/special-duty-report${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    };
    expect((await report('?fiscalYear=2026', 'D00002')).status).toBe(403);
    const json = (await (await report('?fiscalYear=2026', 'D00001')).json()) as {
      rows: { bureau: { name: string }; reason: { label: string } | null; excesses: number }[];
    };
    expect(json.rows.some((r) => r.bureau.name === '情報通信局' && r.reason?.label === '国会対応業務')).toBe(
      true,
    );
    const csv = await (await report('?fiscalYear=2026&format=csv', 'D00001')).text();
    expect(csv).toContain('局,特例業務の理由,上限超過の件数,職員数');
    expect(csv).toContain('国会対応業務');
  });
});
