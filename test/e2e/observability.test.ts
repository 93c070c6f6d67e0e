import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../core/access/role-assignment.repository.ts';
import { sql } from '../../core/db/sql.ts';
import { importOrgCsv } from '../../core/org/org-import.service.ts';
import { eachDay, isWorkingDay, tokyoInstant } from '../../core/shared/calendar.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { createHttpServer } from '../../server/http.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { createTestDatabase } from '../harness/db.ts';

type LogLine = Record<string, unknown> & { msg?: string };

/** Free text a person might type: a name, a spouse's due date. None of it may reach a log line. */
const FREE_TEXT = '妻の中村由香の出産予定日は2026年12月1日です';

// A fixed clock (Thursday 2026-06-25, 10:00 in Japan): alerts raised now are outside quiet hours.
const NOW = tokyoInstant('2026-06-25', '10:00');

/** One sample of a counter in the Prometheus text (0 when the label set has not been seen). */
const sample = (text: string, name: string, labels: Record<string, string>) => {
  const key = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`)
    .join(',');
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${key}} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
};

describe('observability: request and turn ids, no personal data in logs, metrics, readiness', () => {
  let t: TestApp;
  const raw: string[] = [];
  const lines = () => raw.map((l) => JSON.parse(l) as LogLine);
  let oid: string;
  let hrOid: string;

  beforeAll(async () => {
    const logger = createLogger('debug', { write: (chunk: string) => void raw.push(chunk) });
    // A small register (the demo ministry takes long to seed): a manager, his staff member, HR.
    t = await startTestApp({ seedDemo: false, overrides: { logger, now: () => NOW } });
    oid = '5d1c0a7e-0000-4000-8000-000000000703';
    hrOid = '5d1c0a7e-0000-4000-8000-000000000701';
    const csv = [
      'employee_no,family_name,given_name,family_name_kana,given_name_kana,upn,entra_oid,bureau_code,bureau_name,bureau_kind,section_code,section_name,manager_employee_no,gender,roles',
      `D00001,佐藤,美咲,サトウ,ミサキ,sato.misaki@example.go.jp,${hrOid},B01,大臣官房,本省内部部局,B01-01,人事課,,女性,`,
      'D00002,高橋,誠,タカハシ,マコト,takahashi.makoto@example.go.jp,5d1c0a7e-0000-4000-8000-000000000702,B02,行政局,本省内部部局,B02-01,企画課,,男性,',
      `D00003,中村,健太,ナカムラ,ケンタ,nakamura.kenta@example.go.jp,${oid},B02,行政局,本省内部部局,B02-01,企画課,D00002,男性,`,
    ].join('\n');
    await importOrgCsv(t.db, new TextEncoder().encode(csv), { id: null, label: 'test' });
    // Roles are an administrator's grant, never an import column.
    await grantRole(t.db, { employeeNo: 'D00001', role: 'hr', bureauId: null }, null);

    // A full conversation: install, every command, free text, a card action, a tampered card action.
    const send = (fields: Record<string, unknown>, who = oid) =>
      t.sendActivity(t.personalActivity(who, fields));
    await send({
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:11111111-2222-4333-8444-555555555555' }],
    });
    for (const text of ['ヘルプ', '残業', '休暇', '計画', '育児', '設定', FREE_TEXT])
      await send({ type: 'message', text });
    const execute = (verb: string, data: Record<string, unknown>) =>
      send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
      });
    await execute('settings.save', { locale: 'ja', quietStart: '21:00', quietEnd: '07:30' });
    await execute('settings.save', { locale: 'fr', quietStart: FREE_TEXT, quietEnd: '07:00' });
    await execute('childcare.save', { caseId: 'x', spouseDueDate: '2026-12-01', note: FREE_TEXT });

    // A tab session: who am I, an HR screen, a setting change carrying text.
    const tab = async (path: string, who: string, init: RequestInit = {}) =>
      fetch(`${t.baseUrl}/api/tab${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${await t.signSsoToken(who)}`,
          'content-type': 'application/json',
          'x-request-id': 'req-from-teams-42',
        },
      });
    await tab('/me', oid);
    await tab('/admin/graph-sync', hrOid);
    await tab('/admin/department-mappings', hrOid, {
      method: 'PUT',
      body: JSON.stringify({ mappings: [{ department: FREE_TEXT, sectionCode: 'no-such' }] }),
    });
    await tab('/me/calendar-events', oid, {
      method: 'POST',
      body: JSON.stringify({ subject: FREE_TEXT, start: '2026-08-10', end: '2026-08-11' }),
    });
  }, 60_000);
  afterAll(() => t?.stop());

  it('logs nothing personal: no names, kana, UPNs, spouse details or typed text', async () => {
    const people = await t.db.query<{ name: string; kana: string | null; upn: string | null }>(sql`
      select family_name || ' ' || given_name as name, family_name_kana || ' ' || given_name_kana as kana, upn
        from employee where employee_no in ('D00001', 'D00002', 'D00003')`);
    expect(people).toHaveLength(3);
    const forbidden = [
      FREE_TEXT,
      '中村由香',
      '2026-12-01',
      ...people.flatMap((p) => [p.name, p.name.replace(' ', ''), p.kana ?? '', p.upn ?? '']),
    ].filter(Boolean);
    const all = raw.join('');
    expect(raw.length).toBeGreaterThan(10);
    for (const value of forbidden) expect(all, `log contains "${value}"`).not.toContain(value);
  });

  it("every HTTP request has a request id (the caller's x-request-id when given) and every bot turn a turn id", () => {
    const requests = lines().filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.every((l) => typeof l.requestId === 'string' && typeof l.status === 'number')).toBe(true);
    expect(requests.some((l) => l.requestId === 'req-from-teams-42' && l.route === '/api/tab/me')).toBe(true);
    const turns = lines().filter((l) => l.msg === 'bot turn');
    expect(turns.length).toBeGreaterThanOrEqual(11);
    expect(turns.every((l) => typeof l.turnId === 'string' && l.turnId !== '')).toBe(true);
    expect(new Set(turns.map((l) => l.turnId)).size).toBe(turns.length);
    expect(turns.some((l) => l.type === 'invoke' && l.invoke === 'adaptiveCard/action')).toBe(true);
  });

  it('echoes the request id to the caller', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const fresh = await fetch(`${t.baseUrl}/healthz`, {
      headers: { 'x-request-id': 'bad id with spaces and {json}' },
    });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exposes counters in the Prometheus text format at /metrics', async () => {
    const res = await fetch(`${t.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE kinmu_bot_turns_total counter');
    expect(text).toMatch(/kinmu_bot_turns_total\{outcome="ok",type="message"\} \d+/);
    expect(text).toMatch(/kinmu_http_requests_total\{group="tab",status="2xx"\} \d+/);
    expect(text).toContain('kinmu_messages_sent_total');
    expect(text).not.toContain('中村');
  });

  it('counts imports, overtime alerts and proactive sends at /metrics as they happen', async () => {
    const metricsText = async () => (await fetch(`${t.baseUrl}/metrics`)).text();
    const upload = async (csv: string) =>
      fetch(`${t.baseUrl}/api/tab/attendance/import`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await t.signSsoToken(hrOid)}`,
        },
        body: JSON.stringify({
          fileName: 'june.csv',
          contentBase64: Buffer.from(csv, 'utf8').toString('base64'),
        }),
      });
    const before = await metricsText();
    const attendance = (outcome: string) => ({ kind: 'attendance', outcome });
    const direct = { kind: 'send', outcome: 'sent' };
    const month100 = { threshold: 'month100' };
    // The org import of the setup was counted.
    expect(sample(before, 'kinmu_imports_total', { kind: 'org', outcome: 'done' })).toBeGreaterThanOrEqual(1);

    const header = '職員番号,日付,出勤時刻,退勤時刻,超過勤務時間\n';
    expect((await upload(`${header}NOBODY,2026/6/1,9:00,18:00,1:00\n`)).status).toBe(400);
    // D00003 reaches 100 h in June: the alerts job raises the alert and messages him and his manager.
    const days = eachDay('2026-06-01', '2026-06-24').filter(isWorkingDay);
    const perDay = Math.ceil((101 * 60) / days.length / 15) * 15;
    const csv = `${header}${days.map((d) => `D00003,${d},9:00,23:00,${perDay}`).join('\n')}\n`;
    expect((await upload(csv)).status).toBe(200);

    let after = await metricsText();
    const deadline = Date.now() + 20_000;
    while (
      sample(after, 'kinmu_messages_sent_total', direct) <
        sample(before, 'kinmu_messages_sent_total', direct) + 2 &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 100));
      after = await metricsText();
    }
    const moved = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(moved('kinmu_imports_total', attendance('done'))).toBe(1);
    expect(moved('kinmu_imports_total', attendance('rejected'))).toBe(1);
    expect(moved('kinmu_alerts_total', month100)).toBe(1);
    expect(moved('kinmu_messages_sent_total', direct)).toBeGreaterThanOrEqual(2);
    const [raised] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from overtime_alert a join employee e on e.id = a.employee_id where e.employee_no = 'D00003' and a.level = 'month100'`,
    );
    expect(raised?.n).toBe(1);
  });

  it('/readyz answers 503 when the database is gone', async () => {
    const database = await createTestDatabase({ migrate: false });
    const server = createHttpServer({
      config: {
        bot: { allowedServiceUrls: [], skipAuth: false, appType: 'SingleTenant' },
        http: { rateLimitPerSecond: 0, rateLimitBurst: 1 },
      },
      db: database.db,
      adapter: {} as never,
      botAuth: {} as never,
      bot: {} as never,
      logger: createLogger('silent'),
      tabDistDir: '/nonexistent',
      jobsHealthy: () => true,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${server.address().port}/readyz`;
    try {
      expect((await fetch(url)).status).toBe(200);
      await database.db.close();
      const res = await fetch(url);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'not ready', checks: { database: false, jobs: true } });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.drop().catch(() => undefined);
    }
  });
});
