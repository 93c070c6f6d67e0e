import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateDisclosures } from '../../core/access/disclosure.service.ts';
import { storeDays } from '../../core/attendance/attendance-import.service.ts';
import { sql } from '../../core/db/sql.ts';
import { writeDemoOrg } from '../../core/demo/demo.seed.ts';
import { employeeNos, generateAttendance } from '../../core/wellbeing/wellbeing.test-data.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

/** The wellbeing routes end to end: who may ask what, bad input, the report files, the audit trail. */
describe('wellbeing API', () => {
  let t: TestApp;
  const call = async (employeeNo: string, path: string, init: RequestInit = {}) => {
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
      ...init,
      headers: { 'x-dev-persona': employeeNo, 'content-type': 'application/json', ...init.headers },
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, body: type.includes('json') ? await res.json() : await res.text() };
  };
  let hrNo: string;
  let managerNo: string;
  let staffNo: string;

  beforeAll(async () => {
    t = await startTestApp({
      authMode: 'dev',
      seedDemo: false,
      overrides: { now: () => new Date('2026-11-05T03:00:00Z') },
    });
    await writeDemoOrg(t.db, 200);
    await storeDays(
      t.db,
      generateAttendance(await employeeNos(t.db), '2026-09-24', '2026-10-31'),
      { id: null, label: 'test' },
      {
        source: 'api',
      },
    );
    invalidateDisclosures();
    const [hr] = await t.db.query<{ employee_no: string }>(sql`
      select e.employee_no from employee e join role_assignment r on r.employee_id = e.id where r.role = 'hr' limit 1`);
    const [mgr] = await t.db.query<{ employee_no: string; staff: string }>(sql`
      select m.employee_no, (select e.employee_no from employee e where e.manager_id = m.id
                 and not exists (select 1 from employee x where x.manager_id = e.id)
                 and not exists (select 1 from role_assignment r where r.employee_id = e.id) order by e.employee_no limit 1) as staff
        from employee m where exists (select 1 from employee e where e.manager_id = m.id)
         and not exists (select 1 from role_assignment r where r.employee_id = m.id)
       order by (select count(*) from employee e where e.manager_id = m.id) desc limit 1`);
    hrNo = hr!.employee_no;
    managerNo = mgr!.employee_no;
    staffNo = mgr!.staff;
  }, 120_000);
  afterAll(() => t?.stop());

  it('serves section counts to a manager and refuses them to a plain employee', async () => {
    const ok = await call(managerNo, '/wellbeing/signals?month=2026-10');
    expect(ok.status).toBe(200);
    expect(ok.body.sections.length).toBeGreaterThan(0);
    expect((await call(staffNo, '/wellbeing/signals?month=2026-10')).status).toBe(403);
    expect((await call(managerNo, '/wellbeing/signals?month=2026-13')).status).toBe(400);
  });

  it('keeps the annual targets and the follow-up report to executives and HR, and audits the export', async () => {
    expect((await call(managerNo, '/wellbeing/annual-targets?month=2026-10')).status).toBe(403);
    expect((await call(managerNo, '/wellbeing/follow-up-report?format=csv')).status).toBe(403);
    const targets = await call(hrNo, '/wellbeing/annual-targets?month=2026-10');
    expect(targets.status).toBe(200);
    expect(targets.body.overtime.map((r: { group: string }) => r.group)).toEqual([
      'other',
      'regional',
      'total',
    ]);
    const csv = await call(hrNo, '/wellbeing/follow-up-report?month=2026-10&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.body).toContain('２．超過勤務時間の縮減');
    const [audit] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'wellbeing.follow_up.export'`,
    );
    expect(audit!.n).toBe(1);
  });

  it('opens the follow-up report in one click: a signed link to the CSV or Excel file, for executives and HR only', async () => {
    const link = async (no: string, format: string) =>
      call(no, '/download-links', {
        method: 'POST',
        body: JSON.stringify({
          path: `/api/tab/wellbeing/follow-up-report/export?month=2026-10&format=${format}`,
        }),
      });
    const issued = await link(hrNo, 'xlsx');
    expect(issued.status).toBe(200);
    // The browser Teams opens has no persona header: the link alone signs it in, once.
    const file = await fetch(`${t.baseUrl}${issued.body.url}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    expect(file.headers.get('content-disposition')).toContain('attachment');
    const csv = await fetch(`${t.baseUrl}${(await link(hrNo, 'csv')).body.url}`);
    expect(await csv.text()).toContain('２．超過勤務時間の縮減');
    const refused = await link(managerNo, 'csv');
    if (refused.status === 200) expect((await fetch(`${t.baseUrl}${refused.body.url}`)).status).toBe(403);
    else expect(refused.status).toBe(403);
    const [audit] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'wellbeing.follow_up.export'`,
    );
    expect(audit!.n).toBe(3);
  });

  it('lets the manager review a gap of their staff; bad input is refused with where it is wrong and stores nothing', async () => {
    const list = await call(managerNo, '/wellbeing/gaps?month=2026-10');
    expect(list.status).toBe(200);
    const item = list.body.items[0];
    expect(item).toBeDefined();
    const bad = await call(managerNo, '/wellbeing/gaps/review', {
      method: 'POST',
      body: JSON.stringify({ employeeId: item.employeeId, date: item.date, outcome: 'other' }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('comment');
    const wrong = await call(managerNo, '/wellbeing/gaps/review', {
      method: 'POST',
      body: JSON.stringify({ employeeId: item.employeeId, date: '2026-02-30', outcome: 'standby' }),
    });
    expect(wrong.status).toBe(400);
    expect(await t.db.query(sql`select 1 from office_gap_review`)).toHaveLength(0);
    const ok = await call(managerNo, '/wellbeing/gaps/review', {
      method: 'POST',
      body: JSON.stringify({ employeeId: item.employeeId, date: item.date, outcome: 'standby' }),
    });
    expect(ok.status).toBe(200);
    expect(ok.body.outcome).toBe('standby');
    // The person sees their own days; a colleague without reports gets 403.
    const [person] = await t.db.query<{ employee_no: string }>(
      sql`select employee_no from employee where id = ${item.employeeId}`,
    );
    const own = await call(person!.employee_no, `/wellbeing/people/${item.employeeId}?month=2026-10`);
    expect(own.status).toBe(200);
    expect(own.body.officeGaps.some((g: { date: string }) => g.date === item.date)).toBe(true);
    if (person!.employee_no !== staffNo)
      expect((await call(staffNo, `/wellbeing/people/${item.employeeId}?month=2026-10`)).status).toBe(403);
  });
});
