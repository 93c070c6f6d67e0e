import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { launchBrowser } from '../harness/browser.ts';
import { openAs } from './browser-helpers.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const HR = 'D00001';

const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The demo ministry's rest, gap and annual-target figures on the dashboard, at 1280 and 400 px. */
describe('wellbeing figures on the dashboard (demo ministry)', { timeout: 180_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(fileURLToPath(new URL('../../tab/web/dist/index.html', import.meta.url))))
      throw new Error('The tab is not built: run `npm run build:tab`.');
    await mkdir(ARTIFACTS, { recursive: true });
    t = await startTestApp({ authMode: 'dev' });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('has plausible values for every new figure in the demo', async () => {
    const get = async (path: string) =>
      (await fetch(`${t.baseUrl}/api/tab${path}`, { headers: { 'x-dev-persona': HR } })).json();
    // The dashboard opens on the last complete month (the running one looks empty): ask for that one.
    const month = (await get('/dashboard?opening=complete')).month as string;
    const signals = await get(`/wellbeing/signals?month=${month}`);
    const sum = (k: string) =>
      signals.bureaus.reduce((n: number, b: Record<string, number | null>) => n + (b[k] ?? 0), 0);
    const [rests, gaps, answered] = [sum('shortRests'), sum('officeGaps'), sum('gapsAnswered')];
    // ~300 people × ~20 working days: some short rests and gaps, fewer answers than gaps (this month's wait).
    expect(rests).toBeGreaterThan(0);
    expect(gaps).toBeGreaterThan(20);
    expect(gaps).toBeLessThan(600);
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(gaps);
    const targets = await get(`/wellbeing/annual-targets?month=${month}`);
    const total = targets.leave.find((r: { group: string }) => r.group === 'total');
    expect(total.thisYear.perPerson).toBeGreaterThan(1);
    expect(total.thisYear.perPerson).toBeLessThan(20);
    // Last year's leave is a figure too (the demo's year before has leave days), not a zero.
    expect(total.lastYearSamePeriod.perPerson).toBeGreaterThan(1);
    const overtime = targets.overtime.find((r: { group: string }) => r.group === 'total');
    expect(overtime.thisYear.perPerson).toBeGreaterThan(10);
    expect(overtime.lastYearSamePeriod.perPerson).toBeGreaterThan(10);
    // Childcare take-up from the sheets and from the attendance data: same births, each source named;
    // the demo's May father came back early without updating his sheet (one fewer at 2 weeks).
    const takeUp = await get('/childcare/take-up?fiscalYear=2026');
    expect(takeUp.sources).toEqual({ figures: 'plan', fromAttendance: 'attendance' });
    expect(takeUp.fromAttendance.total.births).toBe(takeUp.total.births);
    expect(takeUp.fromAttendance.total.childcareLeave2Weeks.met).toBe(
      takeUp.total.childcareLeave2Weeks.met - 1,
    );
    expect(takeUp.fromAttendance.total.specialLeave5Days.met).toBe(takeUp.total.specialLeave5Days.met);
  });

  for (const width of [1280, 400])
    it(`shows them at ${width} px without scrolling the page sideways`, async () => {
      const { page, errors } = await openAs(browser, t.baseUrl, HR, '', { width });
      await page.goto(`${t.baseUrl}/tab/?view=dashboard`);
      await page.getByRole('heading', { level: 2, name: '勤務間インターバルと在庁時間の乖離' }).waitFor();
      await page.getByRole('heading', { level: 2, name: '計画の年間目標' }).waitFor();
      await page.waitForLoadState('networkidle');
      const panel = page.getByRole('region', { name: '勤務間インターバルと在庁時間の乖離' });
      const header = await panel.getByRole('columnheader').allInnerTexts();
      expect(header).toEqual(['局・課室', 'インターバル不足', '在庁時間の乖離', 'うち回答済み']);
      expect(await panel.getByRole('row').count()).toBeGreaterThan(5);
      await page
        .getByRole('heading', { level: 2, name: '勤務間インターバルと在庁時間の乖離' })
        .scrollIntoViewIfNeeded();
      await page.screenshot({
        path: `${ARTIFACTS}wellbeing-dashboard-${width}.png`,
        fullPage: true,
        animations: 'disabled',
      });
      await panel.screenshot({ path: `${ARTIFACTS}wellbeing-panel-${width}.png`, animations: 'disabled' });
      await page
        .getByRole('region', { name: '計画の年間目標' })
        .screenshot({ path: `${ARTIFACTS}wellbeing-targets-${width}.png`, animations: 'disabled' });
      // The follow-up report in one click (CSV and Excel), with each figure's definition and source.
      const followUp = page.getByRole('region', { name: '取組計画フォローアップ報告' });
      await followUp.scrollIntoViewIfNeeded();
      for (const term of [
        '一人当たりの超過勤務時間',
        '月100時間以上の超過勤務を行った職員数',
        '年次休暇の一人当たり平均取得日数',
        '勤務間インターバルが基準未満だった件数',
        '登庁・退庁の記録と申告の乖離があった件数',
        '男性職員の育児に伴う休暇・休業の取得率（3指標）',
      ])
        await followUp.getByRole('term').filter({ hasText: term }).waitFor();
      await followUp.screenshot({
        path: `${ARTIFACTS}wellbeing-follow-up-${width}.png`,
        animations: 'disabled',
      });
      const link = page.waitForResponse((r) => r.url().endsWith('/api/tab/download-links'));
      await followUp.getByRole('button', { name: 'CSV をダウンロード' }).click();
      expect((await link).status()).toBe(200);
      expect(((await (await link).request().postDataJSON()) as { path: string }).path).toMatch(
        /^\/api\/tab\/wellbeing\/follow-up-report\/export\?month=\d{4}-\d{2}&format=csv$/,
      );
      await followUp.getByRole('button', { name: 'Excel をダウンロード' }).waitFor();
      expect(await sidewaysScroll(page)).toBe(0);
      // 育児: the take-up table names the source of each total.
      await page.goto(`${t.baseUrl}/tab/?view=childcare`);
      await page.getByText('合計（勤怠データの休暇種別から）').waitFor();
      await page.getByText('合計（育児シートの取得済み期間から）').waitFor();
      await page.waitForLoadState('networkidle');
      await page.screenshot({
        path: `${ARTIFACTS}wellbeing-childcare-${width}.png`,
        fullPage: true,
        animations: 'disabled',
      });
      expect(await sidewaysScroll(page)).toBe(0);
      expect(errors).toEqual([]);
    });
});
