import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAMS_CLIENT_APPS } from '../../core/config/config.ts';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, TENANT_ID, type TestApp } from '../harness/app.ts';
import { FIXTURE_MONTH, seedDashboardFixtures } from './dashboard-fixtures.ts';

/**
 * Every tab API route of the dashboard, admin and personal pages × every role, over real SSO tokens:
 * who gets 200, who gets 403 (with nothing about the target in the answer), 401 without a valid
 * token, 400 with the field for bad parameters.
 */

type Persona = 'hr' | 'chief' | 'staff' | 'executive' | 'wlb' | 'otherExec';
const PERSONAS: Record<Persona, string> = {
  hr: 'D00001', // 人事課, hr + admin
  chief: 'D00002', // 情報政策課長 (B03)
  staff: 'D00003', // 情報政策課 係員
  executive: 'D00004', // 情報通信局長 (B03), executive
  wlb: 'D00005', // 情報通信局 WLB担当, not a manager
  otherExec: '', // 大臣官房 (B01) head, executive of B01: filled in beforeAll
};

describe('privacy matrix: tab API routes × roles', () => {
  let t: TestApp;
  const tokens = {} as Record<Persona, string>;
  const ids = {
    b01: '',
    b03: '',
    jinji: '',
    johoSeisaku: '',
    unknown: '00000000-0000-4000-8000-00000000abcd',
  };

  beforeAll(async () => {
    t = await startTestApp({ seedDemo: false, overrides: { now: () => new Date('2026-11-05T03:00:00Z') } });
    await seedDashboardFixtures(t.db);
    const [head] = await t.db.query<{ employee_no: string }>(sql`
      select e.employee_no from employee e join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
       where b.code = 'B01' and e.manager_id is null`);
    PERSONAS.otherExec = head?.employee_no ?? '';
    for (const [p, no] of Object.entries(PERSONAS))
      tokens[p as Persona] = await t.signSsoToken(await t.oidOf(no));
    const q = async (text: ReturnType<typeof sql>) => (await t.db.query<{ id: string }>(text))[0]?.id ?? '';
    ids.b01 = await q(sql`select id::text as id from bureau where code = 'B01'`);
    ids.b03 = await q(sql`select id::text as id from bureau where code = 'B03'`);
    ids.jinji = await q(
      sql`select s.id::text as id from section s join bureau b on b.id = s.bureau_id where b.code = 'B01' and s.name = '人事課'`,
    );
    ids.johoSeisaku = await q(sql`select section_id::text as id from employee where employee_no = 'D00002'`);
  });
  afterAll(() => t?.stop());

  const call = async (
    who: Persona | null,
    path: string,
    init: { method?: string; body?: unknown; token?: string } = {},
  ) => {
    const token = init.token ?? (who ? tokens[who] : undefined);
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    const isJson = /json/.test(res.headers.get('content-type') ?? '');
    return {
      status: res.status,
      text,
      json: text && isJson ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  };

  const orgCsv = Buffer.from(
    '職員番号,姓,名,局コード,局名,局区分,課コード,課名\nX1,山田,太郎,B01,大臣官房,本省内部部局,B01-001,人事課\n',
  ).toString('base64');

  // [route, method, body, the roles that get 200]; everyone else gets 403.
  const matrix: [string, string, () => string, unknown, Persona[]][] = [
    [
      'dashboard overview',
      'GET',
      () => `/dashboard?month=${FIXTURE_MONTH}`,
      undefined,
      ['hr', 'chief', 'executive', 'wlb', 'otherExec'],
    ],
    ['bureau B03', 'GET', () => `/dashboard/bureaus/${ids.b03}`, undefined, ['hr', 'executive', 'wlb']],
    ['bureau B01', 'GET', () => `/dashboard/bureaus/${ids.b01}`, undefined, ['hr', 'otherExec']],
    ['an unknown bureau', 'GET', () => `/dashboard/bureaus/${ids.unknown}`, undefined, []],
    [
      'section 情報政策課',
      'GET',
      () => `/dashboard/sections/${ids.johoSeisaku}`,
      undefined,
      ['hr', 'chief', 'executive', 'wlb'],
    ],
    ['section 人事課', 'GET', () => `/dashboard/sections/${ids.jinji}`, undefined, ['hr', 'otherExec']],
    ['an unknown section', 'GET', () => `/dashboard/sections/${ids.unknown}`, undefined, []],
    [
      'export of bureau B01',
      'GET',
      () => `/dashboard/export?view=bureau&id=${ids.b01}&format=csv`,
      undefined,
      ['hr', 'otherExec'],
    ],
    ['settings', 'GET', () => '/settings', undefined, ['hr']],
    [
      'settings change',
      'PUT',
      () => '/settings/quietHours',
      { value: { start: '21:00', end: '07:30' } },
      ['hr'],
    ],
    ['role list', 'GET', () => '/settings/roles', undefined, ['hr']],
    ['audit log', 'GET', () => '/audit', undefined, ['hr']],
    ['audit export', 'GET', () => '/audit/export', undefined, ['hr']],
    [
      'org import preview',
      'POST',
      () => '/import/org/preview',
      { fileName: 'org.csv', contentBase64: orgCsv },
      ['hr'],
    ],
    [
      'my summary',
      'GET',
      () => '/me/summary',
      undefined,
      ['hr', 'chief', 'staff', 'executive', 'wlb', 'otherExec'],
    ],
  ];

  for (const [name, method, path, body, allowed] of matrix) {
    it(`${name}: 200 for ${allowed.join(', ') || 'nobody'}, 403 for the rest, 401 without a valid token`, async () => {
      for (const who of Object.keys(PERSONAS) as Persona[]) {
        const res = await call(who, path(), { method, body });
        expect({ who, status: res.status }).toEqual({ who, status: allowed.includes(who) ? 200 : 403 });
        if (res.status === 403) {
          // Nothing about the target: not its name, not whether it exists.
          expect(res.json?.title).toBe('You do not have access to this.');
          for (const leak of ['人事課', '情報政策課', '大臣官房', '情報通信局'])
            expect(res.text).not.toContain(leak);
        }
      }
      expect((await call(null, path(), { method, body })).status).toBe(401);
      const forged = await t.issuer.forge(
        { oid: await t.oidOf('D00001'), tid: TENANT_ID, scp: 'access_as_user', azp: TEAMS_CLIENT_APPS[0] },
        { issuer: t.ssoIssuer, audience: t.config.sso.clientId ?? '' },
      );
      expect((await call(null, path(), { method, body, token: forged })).status).toBe(401);
      const expired = await t.signSsoToken(
        await t.oidOf('D00001'),
        {},
        { expiresIn: Math.floor(Date.now() / 1000) - 3600 },
      );
      expect((await call(null, path(), { method, body, token: expired })).status).toBe(401);
    });
  }

  it('the overview holds exactly the bureaus of the viewer’s scope; a chief without one sees his sections', async () => {
    const names = async (who: Persona) =>
      (((await call(who, `/dashboard?month=${FIXTURE_MONTH}`)).json?.rows ?? []) as { name: string }[]).map(
        (r) => r.name,
      );
    expect((await names('hr')).length).toBe(8);
    expect(await names('executive')).toEqual(['情報通信局']);
    expect(await names('wlb')).toEqual(['情報通信局']);
    expect(await names('otherExec')).toEqual(['大臣官房']);
    expect(await names('chief')).toEqual(['情報政策課']);
  });

  it('lists people only to their managers: the chief and the bureau head, not HR or the WLB officer', async () => {
    const people = async (who: Persona) =>
      (await call(who, `/dashboard/sections/${ids.johoSeisaku}?month=${FIXTURE_MONTH}`)).json?.people as
        | { employeeNo: string }[]
        | null;
    expect((await people('chief'))?.map((p) => p.employeeNo)).toContain('D00003');
    expect((await people('executive'))?.map((p) => p.employeeNo)).toContain('D00003');
    expect(await people('hr')).toBeNull();
    expect(await people('wlb')).toBeNull();
  });

  const firstField = (json: Record<string, unknown> | null) =>
    (json?.errors as { where: string }[] | undefined)?.[0]?.where;

  it('answers 400 problem JSON naming the field for bad parameters', async () => {
    const badMonth = await call('hr', '/dashboard?month=2026-13');
    expect(badMonth.status).toBe(400);
    expect(badMonth.json?.errors).toEqual([
      { where: 'month', message: 'must be a month YYYY-MM', key: 'invalid_month', params: {} },
    ]);
    const badId = await call('hr', '/dashboard/bureaus/not-an-id');
    expect(badId.status).toBe(400);
    expect(firstField(badId.json)).toBe('id');
    const badFormat = await call('hr', '/dashboard/export?format=pdf');
    expect(firstField(badFormat.json)).toBe('format');
    const badSetting = await call('hr', '/settings/privacy', {
      method: 'PUT',
      body: { value: { minGroupSize: 1 } },
    });
    expect(badSetting.status).toBe(400);
    expect(firstField(badSetting.json)).toBe('privacy.minGroupSize');
    const badRole = await call('hr', '/settings/roles', {
      method: 'POST',
      body: { employeeNo: 'D00003', role: 'king' },
    });
    expect(firstField(badRole.json)).toBe('role');
  });

  it('stores nothing when a refused or invalid settings change is sent', async () => {
    const before = await t.db.query(sql`select value from setting where key = 'privacy'`);
    expect(
      (await call('executive', '/settings/privacy', { method: 'PUT', body: { value: { minGroupSize: 9 } } }))
        .status,
    ).toBe(403);
    expect(
      (await call('hr', '/settings/privacy', { method: 'PUT', body: { value: { minGroupSize: 'x' } } }))
        .status,
    ).toBe(400);
    expect(await t.db.query(sql`select value from setting where key = 'privacy'`)).toEqual(before);
  });
});
