import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

interface ProblemBody {
  status: number;
  code: string;
  key: string;
  errors?: { where: string; key: string; params: Record<string, unknown> }[];
}

/**
 * Issue 17: a declared route's params, query and body are checked against its contract
 * (contracts/tab-api/) in one place, the tab router, before the handler runs. A bad input is the
 * same 400 problem JSON the tab's forms read (a message key per field) and nothing is stored.
 */
describe('the one validation of declared routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev' });
  }, 60_000);
  afterAll(() => t?.stop());

  const call = async (persona: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
      method,
      headers: {
        'x-dev-persona': persona,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as ProblemBody,
    };
  };
  const COUNTS = {
    childcare_case: sql`select count(*)::int as n from childcare_case`,
    setting: sql`select count(*)::int as n from setting`,
    audit_log: sql`select count(*)::int as n from audit_log`,
  };
  const count = async (table: keyof typeof COUNTS) => (await t.db.query<{ n: number }>(COUNTS[table]))[0]!.n;

  it('refuses a body that does not meet the contract, field by field, and starts no case', async () => {
    const before = await count('childcare_case');
    // The WLB officer of 情報通信局 records a report with an impossible date and no employee number.
    const res = await call('D00005', 'POST', '/childcare/reports', { employeeNo: '', dueDate: '2027-02-30' });
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, code: 'bad_request', key: 'error.bad_request' });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ where: 'employeeNo', key: 'required' }),
        expect.objectContaining({ where: 'dueDate', key: 'invalid_date' }),
      ]),
    );
    expect(await count('childcare_case')).toBe(before);
  });

  it('refuses a path parameter that cannot be an id with 400, not a query that fails', async () => {
    const res = await call('D00003', 'GET', '/childcare/cases/1%20or%201=1');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ where: 'id', key: 'invalid_format' })]);
  });

  it('refuses a query parameter out of range', async () => {
    const res = await call('D00001', 'GET', '/childcare/take-up?fiscalYear=1999');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ where: 'fiscalYear', key: 'too_small', params: { min: 2000 } }),
    ]);
  });

  it('refuses a setting whose value is not an object, and stores nothing', async () => {
    const [settings, audit] = [await count('setting'), await count('audit_log')];
    const res = await call('D00001', 'PUT', '/settings/privacy', { value: 3 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ where: 'value', key: 'invalid_type' })]);
    expect([await count('setting'), await count('audit_log')]).toEqual([settings, audit]);
  });

  it('refuses a receipt code that cannot be one before any survey is looked at', async () => {
    const path = '/surveys/00000000-0000-4000-8000-000000000000/my-answers';
    const bad = await call('D00003', 'POST', path, { receipt: 'not-a-receipt' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ where: 'receipt', key: 'invalid_format' })]);
    // A well-formed code (spaces and hyphens as printed on the card) reaches the survey: there is none.
    const good = await call('D00003', 'POST', path, { receipt: 'abcd-efgh ijkl-mnop qrst-uvwx yz' });
    expect(good.status).toBe(404);
  });

  it('checks access before the input: a person without the role gets 403, not a field list', async () => {
    const res = await call('D00003', 'GET', '/audit?limit=nope');
    expect(res.status).toBe(403);
  });
});
