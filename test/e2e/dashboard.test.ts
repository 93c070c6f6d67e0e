import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MySummary } from '../../contracts/tab-api/me.contract.ts';
import type { GroupView } from '../../core/dashboard/dashboard.service.ts';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { FIXTURE_LAST_YEAR, FIXTURE_MONTH, seedDashboardFixtures } from './dashboard-fixtures.ts';

/** The dashboard's figures against the data, the group-size floor at its boundary, exports and the audit trail. */
describe('dashboard API', () => {
  let t: TestApp;
  const get = async <T>(employeeNo: string, path: string, init: RequestInit = {}) => {
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
      ...init,
      headers: { 'x-dev-persona': employeeNo, 'content-type': 'application/json', ...init.headers },
    });
    return {
      status: res.status,
      body: (res.headers.get('content-type')?.includes('json')
        ? await res.json()
        : await res.arrayBuffer()) as T,
      res,
    };
  };
  const bureauId = async (code: string) =>
    (await t.db.query<{ id: string }>(sql`select id::text as id from bureau where code = ${code}`))[0]?.id ??
    '';
  const auditCount = async (action: string) =>
    (
      await t.db.query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = ${action}`)
    )[0]?.n ?? 0;

  beforeAll(async () => {
    t = await startTestApp({
      authMode: 'dev',
      seedDemo: false,
      overrides: { now: () => new Date('2026-10-20T03:00:00Z') },
    });
    await seedDashboardFixtures(t.db);
  });
  afterAll(() => t?.stop());

  it('shows the month’s totals, averages and ≥100 h counts as the monthly data add up, and the change on last year', async () => {
    const { body } = await get<GroupView>('D00001', '/dashboard');
    expect(body.month).toBe(FIXTURE_MONTH); // the latest month with data
    const [expected] = await t.db.query<{
      total: number;
      nm_avg: number;
      ge100: number;
      ly_total: number;
    }>(sql`
      select sum(overtime_minutes) filter (where month = ${`${FIXTURE_MONTH}-01`}::date)::float8 / 60 as total,
             avg(overtime_minutes) filter (where month = ${`${FIXTURE_MONTH}-01`}::date and not is_managerial)::float8 / 60 as nm_avg,
             count(*) filter (where month = ${`${FIXTURE_MONTH}-01`}::date and overtime_minutes >= 6000)::int as ge100,
             sum(overtime_minutes) filter (where month = ${`${FIXTURE_LAST_YEAR}-01`}::date)::float8 / 60 as ly_total
        from overtime_month`);
    expect(body.total.thisMonth?.totalHours).toBeCloseTo(expected?.total ?? -1, 1);
    expect(body.total.thisMonth?.avgHours).toBeCloseTo(expected?.nm_avg ?? -1, 1);
    expect(body.total.thisMonth?.ge100All).toBe(expected?.ge100);
    expect(body.total.lastYear?.totalHours).toBeCloseTo(expected?.ly_total ?? -1, 1);
    expect(body.rows.map((r) => r.name)).toContain('情報通信局');
    // HQ vs regional branches, as the plan splits its targets.
    expect(body.byKind.map((k) => k.id)).toEqual(['headquarters', 'external_agency', 'regional_branch']);
    // A kind whose managers are fewer than the floor shows no all-staff total (total − the
    // non-managerial figures would give the managers away); the others add up with it.
    for (const k of body.byKind)
      if (k.allStaffHidden) expect(k.thisMonth?.totalHours ?? null).toBeNull();
      else expect(k.thisMonth?.totalHours).toBeGreaterThan(0);
    expect(body.byKind.every((k) => k.hidden === null && k.thisMonth?.avgHours)).toBe(true);
    // Bands add up to the non-managerial staff; the trend ends with the month shown.
    const bands = body.bands;
    expect(bands && bands.under45 + bands.from45to80 + bands.from80to100 + bands.atLeast100).toBeGreaterThan(
      0,
    );
    expect(body.trend.at(-1)?.month).toBe(FIXTURE_MONTH);
    expect(body.trend).toHaveLength(12);
    // The open 100 h alert of D00003 in 情報通信局, and the campaign's response rate (half of 統計局).
    // (情報通信局 has four managers: its all-staff figures, alert counts among them, are hidden.)
    expect(body.rows.find((r) => r.name === '情報通信局')).toMatchObject({
      alerts: null,
      allStaffHidden: 'small_group',
    });
    expect(body.total.alerts).toEqual({ open: 1, acted: 0 });
    expect(body.campaigns[0]?.title).toBe('夏季休暇 2026');
    expect(body.campaigns[0]?.rate).toBeGreaterThan(0);
  });

  it('counts a 100 h alert as acted on once its follow-up is recorded', async () => {
    const alerts = async () => (await get<GroupView>('D00001', '/dashboard')).body.total.alerts;
    await t.db.query(sql`update overtime_alert set follow_up = 'acted' where level = 'month100'`);
    try {
      expect(await alerts()).toEqual({ open: 0, acted: 1 });
    } finally {
      await t.db.query(sql`update overtime_alert set follow_up = 'open' where level = 'month100'`);
    }
    expect(await alerts()).toEqual({ open: 1, acted: 0 });
  });

  it('hides groups of 3 and 4 people as "<5" and shows the group of 5 (floor 5); at floor 6 the group of 5 is hidden too', async () => {
    const b04 = await bureauId('B04');
    const row = (v: GroupView, name: string) => v.rows.find((r) => r.name === name);
    const view = (await get<GroupView>('D00001', `/dashboard/bureaus/${b04}`)).body;
    expect(view.minGroupSize).toBe(5);
    expect(row(view, '小規模3人室')).toMatchObject({
      hidden: 'small_group',
      thisMonth: null,
      leaveAvgDays: null,
      alerts: null,
    });
    expect(row(view, '小規模4人室')).toMatchObject({ hidden: 'small_group', thisMonth: null });
    expect(row(view, '小規模5人室')).toMatchObject({ hidden: null, thisMonth: { staff: 5 } });

    const saved = await get('D00001', '/settings/privacy', {
      method: 'PUT',
      body: JSON.stringify({ value: { minGroupSize: 6 } }),
    });
    expect(saved.status).toBe(200);
    const stricter = (await get<GroupView>('D00001', `/dashboard/bureaus/${b04}`)).body;
    expect(stricter.minGroupSize).toBe(6);
    expect(row(stricter, '小規模5人室')).toMatchObject({ hidden: 'small_group', thisMonth: null });
    await get('D00001', '/settings/privacy', {
      method: 'PUT',
      body: JSON.stringify({ value: { minGroupSize: 5 } }),
    });
  });

  it('hides the next-smallest group when only one would be hidden, so it cannot be worked out from the total', async () => {
    // At floor 4 only the 3-person room is under it: the 4-person room is hidden with it.
    await get('D00001', '/settings/privacy', {
      method: 'PUT',
      body: JSON.stringify({ value: { minGroupSize: 4 } }),
    });
    try {
      const view = (await get<GroupView>('D00001', `/dashboard/bureaus/${await bureauId('B04')}`)).body;
      expect(view.rows.find((r) => r.name === '小規模3人室')?.hidden).toBe('small_group');
      expect(view.rows.find((r) => r.name === '小規模4人室')?.hidden).toBe('complementary');
      expect(view.rows.find((r) => r.name === '小規模5人室')?.hidden).toBeNull();
    } finally {
      await get('D00001', '/settings/privacy', {
        method: 'PUT',
        body: JSON.stringify({ value: { minGroupSize: 5 } }),
      });
    }
  });

  it('shows a small group to the chief who manages all of it, with its people', async () => {
    const overview = (await get<GroupView>('S-FLOOR-4-0', '/dashboard')).body;
    expect(overview.level).toBe('manager');
    expect(overview.rows).toHaveLength(1);
    expect(overview.rows[0]).toMatchObject({
      name: '小規模4人室',
      hidden: null,
      managedByViewer: true,
      thisMonth: { staff: 4 },
    });
    const section = (await get<GroupView>('S-FLOOR-4-0', `/dashboard/sections/${overview.rows[0]?.id}`)).body;
    expect(section.people?.map((p) => p.employeeNo).sort()).toEqual([
      'S-FLOOR-4-0',
      'S-FLOOR-4-1',
      'S-FLOOR-4-2',
      'S-FLOOR-4-3',
    ]);
  });

  it('audits every read of other people’s rows and every export, but not a person reading their own page', async () => {
    const section = (
      await t.db.query<{ id: string }>(
        sql`select section_id::text as id from employee where employee_no = 'D00002'`,
      )
    )[0]?.id;
    const reads = await auditCount('dashboard.people.read');
    const view = (await get<GroupView>('D00002', `/dashboard/sections/${section}`)).body;
    const d3 = view.people?.find((p) => p.employeeNo === 'D00003');
    expect(d3).toMatchObject({ minutes: 6300, alert100: 'open', annualLeaveDays: 6 });
    expect(await auditCount('dashboard.people.read')).toBe(reads + 1);
    const [entry] = await t.db.query<{ actor: string; target_id: string; subjects: number }>(sql`
      select e.employee_no as actor, a.target_id, (a.detail->>'subjects')::int as subjects
        from audit_log a join employee e on e.id = a.actor_id where a.action = 'dashboard.people.read' order by a.id desc limit 1`);
    expect(entry).toEqual({ actor: 'D00002', target_id: section, subjects: (view.people?.length ?? 0) - 1 });

    const exports = await auditCount('dashboard.export');
    const csv = await fetch(`${t.baseUrl}/api/tab/dashboard/export?view=section&id=${section}&format=csv`, {
      headers: { 'x-dev-persona': 'D00002' },
    });
    expect(csv.headers.get('content-disposition')).toContain(`kinmu-section-${FIXTURE_MONTH}.csv`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFF職員番号,氏名,管理職,今月の残業(時間),前年同月(時間),年休 取得日数,100hアラート',
    );
    expect(text).toContain('D00003,中村 健太,,105,');
    expect(await auditCount('dashboard.export')).toBe(exports + 1);

    const before = (await t.db.query<{ n: number }>(sql`select count(*)::int as n from audit_log`))[0]?.n;
    expect((await get('D00003', '/me/summary')).status).toBe(200);
    expect((await t.db.query<{ n: number }>(sql`select count(*)::int as n from audit_log`))[0]?.n).toBe(
      before,
    );
  });

  it('records role changes, filters the admin’s audit log by action and actor, and never changes an entry', async () => {
    const b03 = await bureauId('B03');
    const grant = await get<{ created: boolean }>('D00001', '/settings/roles', {
      method: 'POST',
      body: JSON.stringify({ employeeNo: 'D00003', role: 'wlb_officer', bureauId: b03 }),
    });
    expect(grant.body.created).toBe(true);
    // The new WLB officer now sees the bureau's aggregates.
    expect((await get('D00003', `/dashboard/bureaus/${b03}`)).status).toBe(200);
    const d3 = (
      await t.db.query<{ id: string }>(sql`select id::text as id from employee where employee_no = 'D00003'`)
    )[0]?.id;
    await get('D00001', '/settings/roles/revoke', {
      method: 'POST',
      body: JSON.stringify({ employeeId: d3, role: 'wlb_officer', bureauId: b03 }),
    });
    expect((await get('D00003', `/dashboard/bureaus/${b03}`)).status).toBe(403);

    const log = (
      await get<{ entries: { action: string; actorNo: string; targetId: string }[] }>(
        'D00001',
        '/audit?action=role.&actor=D00001',
      )
    ).body.entries;
    expect(log.map((e) => e.action)).toEqual(['role.revoke', 'role.grant']);
    expect(log.every((e) => e.actorNo === 'D00001' && e.targetId === d3)).toBe(true);
    await expect(t.db.query(sql`update audit_log set action = 'x'`)).rejects.toThrow(/append-only/);
  });

  it('previews an org file with every line error and stores nothing, then imports a clean file once (audited)', async () => {
    const post = (path: string, csv: string) =>
      get<{
        errors?: { where: string }[];
        canCommit?: boolean;
        preview?: unknown[];
        inserted?: number;
        updated?: number;
      }>('D00001', path, {
        method: 'POST',
        body: JSON.stringify({ fileName: 'org.csv', contentBase64: Buffer.from(csv).toString('base64') }),
      });
    const head = '職員番号,姓,名,局コード,局名,局区分,課コード,課名\n';
    const bad = `${head}N1,新井,一,B04,統計局,本省内部部局,B04-900,新設室\nN2,,二,B04,統計局,本省内部部局,B04-900,新設室\nN3,新井,三,B04,統計局,宇宙,B04-900,新設室\n`;
    const preview = await post('/import/org/preview', bad);
    expect(preview.body.errors?.map((e) => e.where.split(',')[0])).toEqual(['line 3', 'line 4']);
    expect(preview.body.canCommit).toBe(false);
    expect(preview.body.preview).toHaveLength(3);
    expect((await post('/import/org', bad)).status).toBe(400);
    const count = async () =>
      (
        await t.db.query<{ n: number }>(
          sql`select count(*)::int as n from employee where employee_no like 'N%'`,
        )
      )[0]?.n;
    expect(await count()).toBe(0);

    const good = `${head}N1,新井,一,B04,統計局,本省内部部局,B04-900,新設室\n`;
    expect((await post('/import/org/preview', good)).body.canCommit).toBe(true);
    expect((await post('/import/org', good)).body.inserted).toBe(1);
    expect((await post('/import/org', good)).body).toMatchObject({ inserted: 0, updated: 0 });
    expect(await count()).toBe(1);
    expect(await auditCount('org.import')).toBe(2);
  });

  it('follows an org import at once: a new report of the chief is his to see on the next request', async () => {
    const before = (await get<GroupView>('D00002', '/dashboard')).body.rows.map((r) => r.name);
    expect(before).toEqual(['情報政策課']); // walked and cached for this chief
    const csv =
      '職員番号,姓,名,局コード,局名,局区分,課コード,課名,上司職員番号\nN9,新井,九,B04,統計局,本省内部部局,B04-901,分室,D00002\n';
    const res = await get('D00001', '/import/org', {
      method: 'POST',
      body: JSON.stringify({ fileName: 'org.csv', contentBase64: Buffer.from(csv).toString('base64') }),
    });
    expect(res.status).toBe(200);
    const after = (await get<GroupView>('D00002', '/dashboard')).body.rows.map((r) => r.name);
    expect(after.sort()).toEqual(['分室', '情報政策課'].sort());
  });

  it('exports the bureau table as Excel with the rows on screen, hidden rows as "<5"', async () => {
    const b04 = await bureauId('B04');
    const view = (await get<GroupView>('D00001', `/dashboard/bureaus/${b04}`)).body;
    const res = await fetch(
      `${t.baseUrl}/api/tab/dashboard/export?view=bureau&id=${b04}&format=xlsx&locale=en`,
      { headers: { 'x-dev-persona': 'D00001' } },
    );
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet?.getRow(1).getCell(2).value).toBe('Name');
    expect(sheet?.rowCount).toBe(view.rows.length + 2); // heading + rows + total
    const small = sheet?.getRows(2, view.rows.length)?.find((r) => r.getCell(2).value === '小規模3人室');
    expect(small?.getCell(4).value).toBe('<5');
  });

  it('gives each person their month, pace, projection, last 12 months and leave against the 15-day goal', async () => {
    const { body } = await get<MySummary>('D00003', '/me/summary');
    expect(body.overtime).toMatchObject({
      month: '2026-10',
      hours: 105,
      basis: 'pace',
      alertLevels: ['month100'],
    });
    expect(body.overtime?.projectedHours).toBeGreaterThan(105);
    expect(body.last12).toHaveLength(12);
    expect(body.last12.at(-1)).toEqual({ month: '2026-10', hours: 105 });
    expect(body.annualLeave).toMatchObject({ year: 2026, usedDays: 6, goalDays: 15 });
    expect(body.leavePlans?.[0]).toMatchObject({ title: '夏季休暇 2026', submitted: false });
    expect(body.childcare).toBeNull();
    expect(body.pending).toEqual({ alertFollowUps: 0, plansToSubmit: 0, childcareSheet: false }); // the deadline has passed
    // His chief has the open 100 h alert waiting for a follow-up.
    expect((await get<MySummary>('D00002', '/me/summary')).body.pending.alertFollowUps).toBe(1);
  });

  it('refuses a bad childcare or announcement setting with a 400 naming the field and stores nothing; a good one is saved and audited', async () => {
    type Problem = { errors?: { where: string; message: string }[] };
    const put = (who: string, key: string, value: unknown) =>
      get<Problem & { value?: Record<string, unknown> }>(who, `/settings/${key}`, {
        method: 'PUT',
        body: JSON.stringify({ value }),
      });
    const stored = async (key: string) =>
      (await t.db.query<{ value: unknown }>(sql`select value from setting where key = ${key}`))[0]?.value;
    const changes = await auditCount('setting.change');

    const badRate = await put('D00001', 'announcements', { requireSecondApprover: true, ratePerSecond: 0 });
    expect(badRate.status).toBe(400);
    expect(badRate.body.errors?.map((e) => e.where)).toEqual(['announcements.ratePerSecond']);
    const badTarget = await put('D00001', 'childcare', { targets: { specialLeaveDays: 0 } });
    expect(badTarget.status).toBe(400);
    expect(badTarget.body.errors?.map((e) => e.where)).toEqual(['childcare.targets.specialLeaveDays']);
    expect(await stored('announcements')).toBeUndefined();
    expect(await stored('childcare')).toBeUndefined();
    expect(await auditCount('setting.change')).toBe(changes);

    // The form shows the values in force before anything is stored: no second approver, the deployment's rate.
    type Entry = { value: Record<string, unknown>; changed: boolean };
    const before = (await get<{ settings: Record<string, Entry> }>('D00001', '/settings')).body.settings;
    expect(before.announcements).toMatchObject({ changed: false, value: { requireSecondApprover: false } });
    expect(typeof before.announcements?.value.ratePerSecond).toBe('number');

    const ok = await put('D00001', 'announcements', {
      ...before.announcements?.value,
      requireSecondApprover: true,
      ratePerSecond: 20,
    });
    expect(ok.status).toBe(200);
    expect(await stored('announcements')).toMatchObject({ requireSecondApprover: true, ratePerSecond: 20 });
    const target = await put('D00001', 'childcare', { rates: { childcareLeave2Weeks: { target: 0.9 } } });
    expect(target.status).toBe(200);
    expect(await stored('childcare')).toMatchObject({
      rates: { childcareLeave2Weeks: { target: 0.9, byFiscalYear: 2030 } },
    });
    expect(await auditCount('setting.change')).toBe(changes + 2);

    // HR may change the childcare targets but not switch off the check on their own announcements.
    const grant = await get('D00001', '/settings/roles', {
      method: 'POST',
      body: JSON.stringify({ employeeNo: 'D00003', role: 'hr' }),
    });
    expect(grant.status).toBe(200);
    expect(
      (await put('D00003', 'childcare', { rates: { childcareLeave2Weeks: { target: 0.95 } } })).status,
    ).toBe(200);
    const byHr = await put('D00003', 'announcements', { requireSecondApprover: false });
    expect(byHr.status).toBe(403);
    expect(await stored('announcements')).toMatchObject({ requireSecondApprover: true });
  });
});
