import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { addFourPersonRoom, DAY, pulseDraft, T0 } from '../../core/surveys/survey.test-data.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

/**
 * A pulse survey end to end: HR composes it in the tab, the job sends the card through the outbox
 * to the connector emulator, 300 demo people answer on the card (Action.Execute), one edits with
 * the receipt the card gave them, a second answer is refused, and the results page hides the
 * 4-person room.
 */

type Card = { body?: unknown[]; actions?: { verb?: string; data?: Record<string, unknown> }[] };
const text = (v: unknown) => JSON.stringify(v);

describe('pulse survey (e2e)', () => {
  let t: TestApp;
  let clock = new Date(T0.getTime() - DAY);
  let hrToken: string;
  let surveyId: string;
  let room: { smallSectionId: string; bureauId: string };
  let runJob: () => Promise<void>;
  let oids: { oid: string; no: string }[] = [];

  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}/api/tab${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
  const invoke = async (oid: string, verb: string, data: Record<string, unknown>): Promise<Card> => {
    const res = await t.sendActivity(
      t.personalActivity(oid, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    );
    return (res.body as { value: Card }).value;
  };

  beforeAll(async () => {
    t = await startTestApp({ overrides: { now: () => clock, workJobs: false } });
    room = await addFourPersonRoom(t.db, 'B03');
    hrToken = await t.signSsoToken(await t.oidOf('D00001'));
    const job = t.app.modules.find((m) => m.name === 'surveys')?.jobs?.[0];
    if (!job) throw new Error('the surveys job is not registered');
    runJob = () => job.handler({} as never, { jobId: 'test' });
    oids = await t.db.query<{ oid: string; no: string }>(
      sql`select entra_oid::text as oid, employee_no as no from employee where active order by employee_no`,
    );
  }, 120_000);
  afterAll(async () => t?.stop());

  it('HR composes and sends it; each person gets one card in a 1:1 chat', async () => {
    const created = await api('/surveys', hrToken, { method: 'POST', body: text(pulseDraft()) });
    expect(created.status).toBe(200);
    surveyId = ((await created.json()) as { id: string }).id;
    expect((await api(`/surveys/${surveyId}/launch`, hrToken, { method: 'POST' })).status).toBe(200);
    // The tenant's service URL is known once anyone has talked to the bot (as in Teams).
    await t.sendActivity(t.personalActivity(await t.oidOf('D00001'), { type: 'message', text: 'help' }));
    clock = new Date(T0.getTime() + 60_000);
    await runJob();
    const cards = t.connector.sent().filter((c) => text(c.activity).includes('survey.submit'));
    expect(cards.length).toBe(oids.length);
    expect(new Set(cards.map((c) => c.conversationId)).size).toBe(oids.length);
    expect(cards.every((c) => c.conversationId.startsWith('a:'))).toBe(true);
  }, 120_000);

  it('300 people answer on the card; each gets their answers and a receipt back', async () => {
    let i = 0;
    for (const p of oids) {
      const card = await invoke(p.oid, 'survey.submit', {
        surveyId,
        q0: String((i % 5) + 1),
        q1: String(i % 3),
        q2: i % 3 === 0 ? `提案 ${i}` : '',
      });
      expect(card.actions?.[0]?.verb).toBe('survey.edit');
      i++;
    }
    const [n] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from survey_answer where survey_id = ${surveyId}`,
    );
    expect(n?.n).toBe(oids.length);
    expect(oids.length).toBeGreaterThanOrEqual(300);
  }, 180_000);

  it('a second answer is refused, on any card, and stores nothing', async () => {
    const me = oids[10] as { oid: string };
    const again = await invoke(me.oid, 'survey.submit', { surveyId, q0: '1', q1: '0' });
    expect(text(again)).toContain('すでに回答済み');
    const first = await invoke(oids[11]?.oid as string, 'survey.submit', { surveyId, q0: '1', q1: '0' });
    expect(text(first)).toContain('すでに回答済み');
    const [row] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from survey_answer where survey_id = ${surveyId}`,
    );
    expect(row?.n).toBe(oids.length);
  });

  it('a tampered card (bad id, forged receipt) gets a clear error card and changes nothing', async () => {
    const me = oids[20] as { oid: string };
    expect(text(await invoke(me.oid, 'survey.submit', { surveyId: 'not-an-id', q0: '1' }))).toContain(
      'このカードは古くなっています',
    );
    const snapshot = () =>
      t.db.query<{ a: string }>(
        sql`select string_agg(answers::text, '|' order by id) as a from survey_answer where survey_id = ${surveyId}`,
      );
    const before = await snapshot();
    const forged = await invoke(me.oid, 'survey.submit', {
      surveyId,
      receipt: 'A'.repeat(26),
      q0: '1',
      q1: '0',
    });
    expect(text(forged)).toContain('控えコードに一致する回答がありません');
    expect(await snapshot()).toEqual(before);
  });

  it('answers can be edited until the close, not after', async () => {
    const [extra] = await t.db.query<{ oid: string }>(sql`
      insert into employee (employee_no, entra_oid, family_name, given_name, section_id)
      select 'LATE-1', gen_random_uuid(), '遅', '刻', id from section where code like 'B01%' limit 1 returning entra_oid::text as oid`);
    await t.db.query(
      sql`insert into survey_invitee (survey_id, employee_id, section_id) select ${surveyId}, id, section_id from employee where employee_no = 'LATE-1'`,
    );
    const answered = await invoke(extra?.oid as string, 'survey.submit', { surveyId, q0: '2', q1: '1' });
    const edit = answered.actions?.[0];
    expect(edit?.verb).toBe('survey.edit');
    const form = await invoke(extra?.oid as string, 'survey.edit', edit?.data ?? {});
    expect(text(form)).toContain('"value":"2"');
    const receipt = edit?.data?.receipt as string;
    const saved = await invoke(extra?.oid as string, 'survey.submit', {
      surveyId,
      receipt,
      q0: '5',
      q1: '2',
    });
    expect(text(saved)).toContain('回答を修正しました');
    const mine = await api(`/surveys/${surveyId}/my-answers`, await t.signSsoToken(extra?.oid as string), {
      method: 'POST',
      body: text({ receipt }),
    });
    expect(((await mine.json()) as { answers: unknown }).answers).toEqual([5, 2, null]);
    clock = new Date(T0.getTime() + 7 * DAY + 1);
    const late = await invoke(extra?.oid as string, 'survey.submit', { surveyId, receipt, q0: '1', q1: '0' });
    expect(text(late)).toContain('回答期間外');
    clock = new Date(T0.getTime() + 60_000);
  });

  it('the results hide the 4-person room, and HR reads them (audited); a plain employee is refused (audited)', async () => {
    clock = new Date(T0.getTime() + 7 * DAY);
    const res = await api(`/surveys/${surveyId}/results`, hrToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      groups: { id: string; hidden: string | null; respondents: number | null }[];
    };
    expect(body.groups.find((g) => g.id === room.smallSectionId)).toMatchObject({
      hidden: 'small_group',
      respondents: null,
    });
    expect(body.groups.find((g) => g.id === room.bureauId)?.hidden).toBeNull();
    const plain = await api(`/surveys/${surveyId}/results`, await t.signSsoToken(await t.oidOf('D00003')));
    expect(plain.status).toBe(403);
    const audit = await t.db.query<{ action: string }>(
      sql`select action from audit_log where target_id = ${surveyId} or action like 'denied%' order by id`,
    );
    expect(audit.map((a) => a.action)).toContain('survey.results.read');
    const [denial] = await t.db.query<{ n: number }>(sql`
      select count(*)::int as n from audit_log where action = 'access.denied' and target_id like '%/surveys/:id/results'`);
    expect(denial?.n).toBe(1);
  });

  it('the CSV opens from a signed link and shows the room as "<5"', async () => {
    const link = await api('/download-links', hrToken, {
      method: 'POST',
      body: text({ path: `/api/tab/surveys/${surveyId}/results.csv` }),
    });
    expect(link.status).toBe(200);
    const { url } = (await link.json()) as { url: string };
    const csv = await fetch(url.startsWith('http') ? url : `${t.baseUrl}${url}`);
    expect(csv.status).toBe(200);
    const body = await csv.text();
    expect(body.startsWith('level,bureau,section')).toBe(true);
    expect(body).toMatch(/section,[^,]*,四人室,4,<5,small_group/);
  });
});
