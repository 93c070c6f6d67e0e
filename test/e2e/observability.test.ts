import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { importOrgCsv } from '../../core/org/org-import.service.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { createHttpServer } from '../../server/http.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { createTestDatabase } from '../harness/db.ts';

type LogLine = Record<string, unknown> & { msg?: string };

/** Free text a person might type: a name, a spouse's due date. None of it may reach a log line. */
const FREE_TEXT = '妻の中村由香の出産予定日は2026年12月1日です';

describe('observability: request and turn ids, no personal data in logs, metrics, readiness', () => {
  let t: TestApp;
  const raw: string[] = [];
  const lines = () => raw.map((l) => JSON.parse(l) as LogLine);
  let oid: string;
  let hrOid: string;

  beforeAll(async () => {
    const logger = createLogger('debug', { write: (chunk: string) => void raw.push(chunk) });
    // A small register (the demo ministry takes long to seed): a manager, his staff member, HR.
    t = await startTestApp({ seedDemo: false, overrides: { logger } });
    oid = '5d1c0a7e-0000-4000-8000-000000000703';
    hrOid = '5d1c0a7e-0000-4000-8000-000000000701';
    const csv = [
      'employee_no,family_name,given_name,family_name_kana,given_name_kana,upn,entra_oid,bureau_code,bureau_name,bureau_kind,section_code,section_name,manager_employee_no,gender,roles',
      `D00001,佐藤,美咲,サトウ,ミサキ,sato.misaki@example.go.jp,${hrOid},B01,大臣官房,本省内部部局,B01-01,人事課,,女性,hr`,
      'D00002,高橋,誠,タカハシ,マコト,takahashi.makoto@example.go.jp,5d1c0a7e-0000-4000-8000-000000000702,B02,行政局,本省内部部局,B02-01,企画課,,男性,',
      `D00003,中村,健太,ナカムラ,ケンタ,nakamura.kenta@example.go.jp,${oid},B02,行政局,本省内部部局,B02-01,企画課,D00002,男性,`,
    ].join('\n');
    await importOrgCsv(t.db, new TextEncoder().encode(csv), { id: null, label: 'test' });

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

  it('/readyz answers 503 when the database is gone', async () => {
    const database = await createTestDatabase({ migrate: false });
    const server = createHttpServer({
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
