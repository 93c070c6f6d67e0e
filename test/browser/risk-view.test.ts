import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RiskView } from '../../core/dashboard/risk.service.ts';
import { sql } from '../../core/db/sql.ts';
import { projectMonthEnd } from '../../core/overtime/overtime.rules.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { launchBrowser } from '../harness/browser.ts';
import { accessibilityProblems, openAs } from './browser-helpers.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const CHIEF = 'D00002'; // 情報政策課長; D00003 reports to him
const TODAY = '2026-10-09'; // 7 of October's 21 working days (10/12 is スポーツの日)

/** The 課長's risk view: the month-end projection per person, and open alerts of any month. */
describe('the section chief’s risk view', { timeout: 90_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  const so = { D00003: 30 * 60, D00005: 12 * 60 }; // month-to-date minutes up to TODAY

  beforeAll(async () => {
    if (!existsSync(fileURLToPath(new URL('../../tab/web/dist/index.html', import.meta.url))))
      throw new Error('The tab is not built: run `npm run build:tab`.');
    await mkdir(ARTIFACTS, { recursive: true });
    t = await startTestApp({ authMode: 'dev', overrides: { now: () => new Date(`${TODAY}T03:00:00Z`) } });
    for (const [no, minutes] of Object.entries(so))
      await t.db.query(sql`
        insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, days_recorded, last_work_date)
        select id, '2026-10-01', section_id, is_managerial, ${minutes}, 7, ${TODAY}::date from employee where employee_no = ${no}
        on conflict (employee_id, month) do update set overtime_minutes = excluded.overtime_minutes, last_work_date = excluded.last_work_date`);
    // An alert about August that nobody has followed up yet.
    await t.db.query(sql`
      insert into overtime_alert (employee_id, period, level, value_minutes, threshold_minutes, raised_on, follow_up, manager_id)
      select e.id, '2026-08-01', 'month100', 6120, 6000, '2026-09-01', 'open', m.id
        from employee e, employee m where e.employee_no = 'D00003' and m.employee_no = ${CHIEF}
      on conflict do nothing`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('projects each of his people to month end with the bot’s pace rule and keeps older open alerts', async () => {
    const res = await fetch(`${t.baseUrl}/api/tab/dashboard/risk`, { headers: { 'x-dev-persona': CHIEF } });
    expect(res.status).toBe(200);
    const risk = (await res.json()) as RiskView;
    const nakamura = risk.people.find((p) => p.employeeNo === 'D00003');
    const expected = projectMonthEnd({ month: '2026-10', asOf: TODAY, minutesSoFar: so.D00003 });
    expect(nakamura).toMatchObject({ projectedMinutes: expected.projectedMinutes, basis: 'pace' });
    expect(expected.projectedMinutes).toBeGreaterThanOrEqual(80 * 60);
    expect(expected.projectedMinutes).toBeLessThan(100 * 60);
    expect(nakamura?.level).toBe('over80');
    // D00005 is projected under 45 h: counted, not named (nor audited as read).
    expect(risk.people.map((p) => p.employeeNo)).not.toContain('D00005');
    expect(risk.people.every((p) => p.level !== 'none')).toBe(true);
    expect(risk.atRiskTotal).toBe(risk.people.length);
    expect(risk.peopleWithData).toBeGreaterThan(risk.atRiskTotal);
    expect(risk.openAlerts.map((a) => a.month)).toContain('2026-08');
    // Names only for one's own people: the bureau's WLB officer (no staff of her own) gets a count.
    const officer = await fetch(`${t.baseUrl}/api/tab/dashboard/risk`, {
      headers: { 'x-dev-persona': 'D00005' },
    });
    const seen = (await officer.json()) as RiskView;
    expect(seen.people).toEqual([]);
    expect(seen.openAlerts).toEqual([]);
    expect(seen.openAlertCount).toBeGreaterThanOrEqual(1);
  });

  it('shows him the person projected over 80 h at a glance, and the August alert, on opening the dashboard', async () => {
    const { page, errors } = await openAs(browser, t.baseUrl, CHIEF, '?view=dashboard');
    const panel = page.getByRole('region', { name: '今月の見込み（あなたの部下）' });
    await panel.waitFor();
    const row = panel.getByRole('row', { name: /中村 健太/ });
    expect(await row.innerText()).toMatch(/30\s+90\s+80時間超の見込み/);
    expect(await panel.innerText()).toMatch(/ほか \d+ 人は月末 45 時間未満の見込みです。/);
    expect(await panel.innerText()).toContain('未対応の100時間アラート（月を問わず）');
    expect(await panel.innerText()).toContain('2026-08');
    expect(
      await page.getByRole('group', { name: '100時間アラート（未対応・月を問わず）' }).innerText(),
    ).toMatch(/[1-9]\d* 件/);
    // Opens on the last complete month, the running month one choice away.
    expect(await page.getByRole('combobox', { name: '対象月' }).inputValue()).toBe('2026-09');
    await page.screenshot({ path: `${ARTIFACTS}dashboard-chief-risk-ja.png`, fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
