import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { goldenWeekPeriod } from '../../core/leave/period-presets.rules.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

/**
 * A leave-plan campaign end to end (spec §4): HR opens it through the tab API, the reminder job
 * reaches a non-responder through the connector, the person answers on the card, later reminders
 * skip them, a late answer is refused, the section chief reads and exports the table.
 */

type Card = Record<string, unknown>;
const cardOf = (activity: Record<string, unknown> | undefined): Card =>
  (activity?.attachments as { content: Card }[] | undefined)?.[0]?.content as Card;
const text = (card: unknown) => JSON.stringify(card);
const at = (date: string, time: string) => new Date(`${date}T${time}:00+09:00`);

describe('leave-plan campaign through the bot and the tab API', () => {
  let t: TestApp;
  let clock = at('2027-03-01', '09:00');
  let staffOid: string;
  let hrToken: string;
  let chiefToken: string;
  let staffToken: string;
  let sectionId: string;
  let campaignId: string;
  let runJob: () => Promise<void>;

  const api = async (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}/api/tab${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });
  const invoke = async (oid: string, verb: string, data: Record<string, unknown>) => {
    const res = await t.sendActivity(
      t.personalActivity(oid, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    );
    return (res.body as { value: Card }).value;
  };
  /** Plan cards of the test's campaign (first answer or reminder) that reached a person. */
  const sentTo = (oid: string) =>
    t.connector
      .sent()
      .filter(
        (c) =>
          c.conversationId === `a:${oid}` &&
          text(c.activity).includes('leave.plan.submit') &&
          text(c.activity).includes(campaignId),
      );
  const planVersion = async () => {
    const rows = await t.db.query<{
      v: number;
    }>(sql`select p.current_version as v from leave_plan p join employee e on e.id = p.employee_id
                                                     where p.campaign_id = ${campaignId} and e.employee_no = 'D00003'`);
    return rows[0]?.v;
  };

  beforeAll(async () => {
    t = await startTestApp({ overrides: { now: () => clock, workJobs: false } });
    staffOid = await t.oidOf('D00003');
    hrToken = await t.signSsoToken(await t.oidOf('D00001'));
    chiefToken = await t.signSsoToken(await t.oidOf('D00002'));
    staffToken = await t.signSsoToken(staffOid);
    const [row] = await t.db.query<{ id: string }>(
      sql`select section_id as id from employee where employee_no = 'D00003'`,
    );
    sectionId = row?.id ?? '';
    const job = t.app.modules
      .find((m) => m.name === 'leave')
      ?.jobs?.find((j) => j.name === 'leave-plan-reminders');
    if (!job) throw new Error('leave reminder job is not registered');
    runJob = () => job.handler({} as never, { jobId: 'test' });
    // The person has talked to the bot once, so the bot can reach them.
    await t.sendActivity(t.personalActivity(staffOid, { type: 'message', text: 'ヘルプ' }));
  }, 60_000);
  afterAll(() => t?.stop());

  it('demo: in late November 2026, 計画 opens the year-end plan card with 12/28 marked as a bridge day', async () => {
    clock = at('2026-11-30', '10:00');
    const call = await t.ask(t.personalActivity(staffOid, { type: 'message', text: '計画' }));
    const card = text(cardOf(call.activity));
    expect(card).toContain('2026年 年末年始の休暇計画表');
    expect(card).toContain('★ 12/28(月)');
    expect(card).toContain('年間目標');
    expect(card).not.toContain('d2026-12-29');
    clock = at('2027-03-01', '09:00');
  });

  it('refuses a campaign with a reversed period and no targets, listing each field, and stores nothing', async () => {
    const res = await api('/leave/campaigns', hrToken, {
      method: 'POST',
      body: JSON.stringify({
        kind: 'custom',
        period: { start: '2027-05-10', end: '2027-05-01' },
        targets: {},
        openingDate: '2027-03-01',
        deadline: '2027-04-01',
        message: { ja: 'x' },
      }),
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { where: string }[] };
    expect(problem.errors.map((e) => e.where)).toEqual(expect.arrayContaining(['period.end', 'targets']));
    const [n] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from leave_campaign where period_start = '2027-05-10'`,
    );
    expect(n?.n).toBe(0);
  });

  it('refuses campaign creation by someone who is neither HR nor a WLB officer', async () => {
    const res = await api('/leave/campaigns', staffToken, {
      method: 'POST',
      body: JSON.stringify({ kind: 'gw', year: 2027, targets: { sectionIds: [sectionId] } }),
    });
    expect(res.status).toBe(403);
  });

  it('HR opens a Golden Week 2027 campaign with the period taken from the holiday calendar', async () => {
    const res = await api('/leave/campaigns', hrToken, {
      method: 'POST',
      body: JSON.stringify({
        kind: 'gw',
        year: 2027,
        targets: { sectionIds: [sectionId] },
        openingDate: '2027-03-01',
        deadline: '2027-04-09',
        message: { ja: 'GWの休暇計画を入力してください', en: 'Plan your Golden Week' },
      }),
    });
    expect(res.status).toBe(200);
    const { campaign } = (await res.json()) as {
      campaign: { id: string; period: { start: string; end: string } };
    };
    expect(campaign.period).toEqual(goldenWeekPeriod(2027));
    campaignId = campaign.id;
  });

  it('sends the opening card once to each target even when two runners race', async () => {
    clock = at('2027-03-01', '09:35');
    const before = t.connector.sent().length;
    await Promise.all([runJob(), runJob()]);
    const mine = sentTo(staffOid);
    expect(mine).toHaveLength(1);
    expect(text(cardOf(mine[0]?.activity))).toContain('休暇計画表の受付が始まりました');
    const [members] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from employee where section_id = ${sectionId} and active and entra_oid is not null`,
    );
    expect(t.connector.sent().length - before).toBe(members?.n);
    await runJob();
    expect(t.connector.sent().length - before).toBe(members?.n);
  });

  it('answers 休暇 with the open campaigns and whether the person has answered', async () => {
    const call = await t.ask(t.personalActivity(staffOid, { type: 'message', text: '休暇' }));
    const card = text(cardOf(call.activity));
    expect(card).toContain('2027年 ゴールデンウィークの休暇計画表');
    expect(card).toContain('未提出');
    expect(card).toContain('leave.plan.open');
  });

  it('saves the plan submitted on the card and answers with the saved plan and an edit button', async () => {
    const card = await invoke(staffOid, 'leave.plan.submit', {
      campaignId,
      planId: '',
      baseVersion: '0',
      'd2027-04-30': 'F',
      note: '帰省します',
    });
    expect(text(card)).toContain('計画を保存しました');
    expect(text(card)).toContain('leave.plan.edit');
    expect(text(card)).toContain('4/30(金)');
    expect(await planVersion()).toBe(1);
  });

  it('refuses a tampered card (a day outside the period, another person’s plan) and keeps the plan as it was', async () => {
    const outside = await invoke(staffOid, 'leave.plan.submit', {
      campaignId,
      baseVersion: '1',
      'd2027-05-10': 'F',
    });
    expect(text(outside)).toContain('うまくいきませんでした');
    expect(text(outside)).toContain('• 5/10(月): 2027年5月10日(月)は期間');
    const [other] = await t.db.query<{ id: string }>(sql`
      select p.id from leave_plan p join employee e on e.id = p.employee_id where e.employee_no <> 'D00003' limit 1`);
    const foreign = await invoke(staffOid, 'leave.plan.submit', {
      campaignId,
      planId: other?.id,
      baseVersion: '1',
    });
    expect(text(foreign)).toContain('あなたのものではありません');
    expect(await planVersion()).toBe(1);
  });

  it('sends the 3-days-before reminder only to those who have not answered', async () => {
    clock = at('2027-04-06', '09:31');
    const mineBefore = sentTo(staffOid).length;
    const before = t.connector.sent().length;
    await runJob();
    expect(sentTo(staffOid).length).toBe(mineBefore);
    expect(t.connector.sent().length).toBeGreaterThan(before);
    expect(text(cardOf(t.connector.sent().at(-1)?.activity))).toContain('提出期限まであと3日');
  });

  it('tells the section chief the day before the deadline that few have answered', async () => {
    clock = at('2027-04-08', '09:40');
    const chiefOid = await t.oidOf('D00002');
    await runJob();
    await runJob();
    const summaries = t.connector
      .sent()
      .filter((c) => c.conversationId === `a:${chiefOid}` && text(c.activity).includes('提出状況'));
    expect(summaries).toHaveLength(1);
    expect(text(cardOf(summaries[0]?.activity))).toMatch(/1\/\d+人/);
  });

  it('accepts an edit until the deadline, keeping the earlier version', async () => {
    clock = at('2027-04-09', '23:50');
    const card = await invoke(staffOid, 'leave.plan.submit', {
      campaignId,
      baseVersion: '1',
      'd2027-04-30': 'AM',
    });
    expect(text(card)).toContain('第2版');
    expect(await planVersion()).toBe(2);
    const [kept] = await t.db.query<{
      n: number;
    }>(sql`select count(*)::int as n from leave_plan_version v join leave_plan p on p.id = v.plan_id
                                                      join employee e on e.id = p.employee_id where e.employee_no = 'D00003' and p.campaign_id = ${campaignId}`);
    expect(kept?.n).toBe(2);
  });

  it('refuses a submit after the deadline with a clear message and sends no more reminders', async () => {
    clock = at('2027-04-10', '00:01');
    const card = await invoke(staffOid, 'leave.plan.submit', {
      campaignId,
      baseVersion: '2',
      'd2027-04-30': 'F',
    });
    expect(text(card)).toContain('締切');
    expect(await planVersion()).toBe(2);
    clock = at('2027-04-12', '09:40');
    const before = t.connector.sent().filter((c) => text(c.activity).includes('leave.plan.submit')).length;
    await runJob();
    expect(t.connector.sent().filter((c) => text(c.activity).includes('leave.plan.submit')).length).toBe(
      before,
    );
    // The first working day after the deadline, the chief gets the section's table with a link.
    const chiefOid = await t.oidOf('D00002');
    const tables = t.connector
      .sent()
      .filter(
        (c) => c.conversationId === `a:${chiefOid}` && text(c.activity).includes('計画表がまとまりました'),
      );
    expect(tables).toHaveLength(1);
    expect(text(cardOf(tables[0]?.activity))).toContain(`view=leave-plans&campaign=${campaignId}`);
  });

  it('lets the section chief read the table and export it as Excel, and audits both', async () => {
    const res = await api(`/leave/campaigns/${campaignId}/sections/${sectionId}/table`, chiefToken);
    expect(res.status).toBe(200);
    const table = (await res.json()) as {
      rows: { employeeNo: string; cells: (string | null)[] }[];
      days: { date: string }[];
      responded: number;
    };
    const col = table.days.findIndex((d) => d.date === '2027-04-30');
    expect(table.rows.find((r) => r.employeeNo === 'D00003')?.cells[col]).toBe('annual_am');
    expect(table.responded).toBe(1);

    const xlsx = await api(
      `/leave/campaigns/${campaignId}/sections/${sectionId}/export?format=xlsx`,
      chiefToken,
    );
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = wb.getWorksheet('休暇計画表');
    const values: string[] = [];
    sheet?.eachRow((row) => values.push(JSON.stringify(row.values)));
    const staffRow = values.find((v) => v.includes('D00003'));
    expect(staffRow).toContain('"前"');

    const csv = await api(
      `/leave/campaigns/${campaignId}/sections/${sectionId}/export?format=csv`,
      chiefToken,
    );
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8')).toMatch(/^\uFEFF職員番号,氏名,2027-04-29,2027-04-30/);

    const audits = await t.db.query<{ action: string }>(
      sql`select action from audit_log where action like 'leave.section_table.%'`,
    );
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['leave.section_table.read', 'leave.section_table.export']),
    );
  });

  it('shows the person their own saved plan in the tab', async () => {
    const res = await api('/leave/my-plans', staffToken);
    const { plans } = (await res.json()) as {
      plans: {
        campaign: { id: string };
        phase: string;
        plan: { version: number; entries: unknown[] } | null;
      }[];
    };
    expect(plans.find((p) => p.campaign.id === campaignId)).toMatchObject({
      phase: 'closed',
      plan: { version: 2, entries: [{ date: '2027-04-30', kind: 'annual_am' }] },
    });
  });

  it('refuses the section table to a member of staff', async () => {
    const res = await api(`/leave/campaigns/${campaignId}/sections/${sectionId}/table`, staffToken);
    expect(res.status).toBe(403);
  });
});
