import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MySummary } from '../../contracts/tab-api/me.contract.ts';
import type { GroupView } from '../../core/dashboard/dashboard.service.ts';
import { sql } from '../../core/db/sql.ts';
import { seedDashboardFixtures } from '../e2e/dashboard-fixtures.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { launchBrowser } from '../harness/browser.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const BUILT_TAB = fileURLToPath(new URL('../../tab/web/dist/index.html', import.meta.url));

/** Serious and critical axe findings (Tabster's focus sentinels excepted, as in tab.test.ts). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the tab's CSP (script-src 'self') rightly blocks an inline tag.
  await page.evaluate(axe.source);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run({
      include: [document],
      exclude: ['[data-tabster-dummy]'],
    }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const fmt = (locale: 'ja' | 'en', v: number, digits = 1) =>
  new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: digits }).format(v);

describe('dashboard, 自分 and admin pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(BUILT_TAB))
      throw new Error('The tab is not built: run `npm run build:tab` (npm test does).');
    await mkdir(ARTIFACTS, { recursive: true });
    t = await startTestApp({
      authMode: 'dev',
      seedDemo: false,
      overrides: { now: () => new Date('2026-10-20T03:00:00Z') },
    });
    await seedDashboardFixtures(t.db);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const api = async <T>(persona: string, path: string) =>
    (await (
      await fetch(`${t.baseUrl}/api/tab${path}`, { headers: { 'x-dev-persona': persona } })
    ).json()) as T;

  /** Opens the tab as a persona (the picker's choice, set before the page loads). */
  async function open(
    persona: string,
    query: string,
    locale: 'ja' | 'en' = 'ja',
  ): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: locale === 'ja' ? 'ja-JP' : 'en-GB',
    });
    await context.addInitScript(
      ([p, l]) => {
        sessionStorage.setItem('kinmu.devPersona', p as string);
        localStorage.setItem('kinmu.locale', l as string);
      },
      [persona, locale],
    );
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${t.baseUrl}/tab/${query}`);
    return { page, errors };
  }

  it('shows HR the month at a glance with the API’s numbers, drills into a bureau with "<5" for small rooms (ja, light)', async () => {
    const view = await api<GroupView>('D00001', '/dashboard?opening=complete');
    const { page, errors } = await open('D00001', '?view=dashboard');
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
    const total = page.getByRole('group', { name: '残業時間の合計' });
    await total.waitFor();
    expect(await total.innerText()).toContain(`${fmt('ja', view.total.thisMonth?.totalHours ?? -1, 0)} 時間`);
    const avg = page.getByRole('group', { name: '1人あたり平均（非管理職）' });
    expect(await avg.innerText()).toContain(`${fmt('ja', view.total.thisMonth?.avgHours ?? -1)} 時間`);
    // Open alerts of any month at the top (main counted only the month shown).
    expect(
      await page.getByRole('group', { name: '100時間アラート（未対応・月を問わず）' }).innerText(),
    ).toContain('1 件');
    // One row per bureau; sorting by a heading reorders them.
    const grid = page.getByRole('grid', { name: '局ごとの集計（列見出しで並べ替え）' });
    expect(await grid.getByRole('row').count()).toBe(view.rows.length + 1);
    await page.screenshot({
      path: `${ARTIFACTS}dashboard-hr-ja.png`,
      fullPage: true,
      animations: 'disabled',
    });
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole('button', { name: '統計局 を開く' }).click();
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード: 統計局' }).waitFor();
    // The bureau's section grid (the wellbeing panel below has rows of the same sections).
    const sections = page.getByRole('grid').first();
    const small = sections.getByRole('row', { name: /小規模3人室/ });
    await small.waitFor();
    expect(await small.innerText()).toContain('<5');
    expect(await sections.getByRole('row', { name: /小規模5人室/ }).innerText()).not.toContain('<5');
    await page.screenshot({
      path: `${ARTIFACTS}dashboard-bureau-ja.png`,
      fullPage: true,
      animations: 'disabled',
    });
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows the section chief his section and his people, in English and the dark theme', async () => {
    const { page, errors } = await open('D00002', '?view=dashboard&theme=dark', 'en');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    // The dashboard opens on the last complete month; the running month is one choice away.
    await page.getByRole('combobox', { name: 'Month' }).selectOption('2026-10');
    await page
      .getByRole('combobox', { name: 'Month' })
      .evaluate((el) => (el as HTMLSelectElement).value === '2026-10');
    await page
      .getByRole('button', { name: /^Open / })
      .first()
      .click();
    const people = page.getByRole('grid', { name: 'Per person (only the people you manage)' });
    await people.waitFor();
    const row = people.getByRole('row', { name: /中村 健太/ });
    expect(await row.innerText()).toMatch(/D00003[\s\S]*105[\s\S]*Open/);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe('rgb(255, 255, 255)');
    await page.screenshot({
      path: `${ARTIFACTS}dashboard-chief-en-dark.png`,
      fullPage: true,
      animations: 'disabled',
    });
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  for (const [persona, role, locale, theme] of [
    ['D00004', 'executive', 'en', 'contrast'],
    ['D00005', 'WLB officer', 'ja', 'dark'],
  ] as const) {
    it(`shows the ${role} their bureau against last year (${locale}, ${theme})`, async () => {
      const view = await api<GroupView>(persona, '/dashboard?opening=complete');
      const { page, errors } = await open(persona, `?view=dashboard&theme=${theme}`, locale);
      const label = locale === 'ja' ? '1人あたり平均（非管理職）' : 'Average per person (non-managerial)';
      const tile = page.getByRole('group', { name: label });
      await tile.waitFor();
      expect(await tile.innerText()).toContain(fmt(locale, view.total.thisMonth?.avgHours ?? -1));
      expect(view.rows.map((r) => r.name)).toEqual(['情報通信局']);
      expect(
        await page
          .getByRole('button', { name: locale === 'ja' ? '情報通信局 を開く' : 'Open 情報通信局' })
          .isVisible(),
      ).toBe(true);
      await page.screenshot({
        path: `${ARTIFACTS}dashboard-${persona}-${locale}-${theme}.png`,
        fullPage: true,
        animations: 'disabled',
      });
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }

  it('gives an employee their own month, projection, leave and plans on 自分', async () => {
    const summary = await api<MySummary>('D00003', '/me/summary');
    const { page, errors } = await open('D00003', '?view=me');
    const overtime = page.getByRole('region', { name: '今月の残業' });
    await overtime.waitFor();
    await overtime
      .getByText(`${fmt('ja', summary.overtime?.hours ?? -1)} 時間`, { exact: false })
      .first()
      .waitFor();
    expect(await overtime.innerText()).toContain(`${fmt('ja', summary.overtime?.projectedHours ?? -1)}`);
    expect(await page.getByRole('region', { name: '年次休暇' }).innerText()).toContain('6');
    expect(await page.getByRole('region', { name: '休暇計画' }).innerText()).toContain('夏季休暇 2026');
    await page.screenshot({ path: `${ARTIFACTS}me-staff-ja.png`, fullPage: true, animations: 'disabled' });
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('previews an org CSV with every line error before anything is stored', async () => {
    const before = (await t.db.query<{ n: number }>(sql`select count(*)::int as n from employee`))[0]?.n;
    const { page, errors } = await open('D00001', '?view=import');
    await page.getByRole('heading', { level: 1, name: 'データ取込' }).waitFor();
    const csv =
      '職員番号,姓,名,局コード,局名,局区分,課コード,課名\nX1,山田,太郎,B01,大臣官房,本省内部部局,B01-001,人事課\nX2,,花子,B01,大臣官房,本省内部部局,B01-001,人事課\nX3,鈴木,一郎,B01,大臣官房,宇宙局,B01-001,人事課\n';
    await page
      .getByLabel('CSV ファイル')
      .setInputFiles({ name: 'org.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const problems = page.getByRole('list', { name: /行のエラー/ });
    await problems.waitFor();
    expect(await problems.getByRole('listitem').count()).toBeGreaterThanOrEqual(2);
    // Lines and columns as people count them, in Japanese (main showed `line 3, column family_name`).
    expect(await problems.innerText()).toContain('3 行目・「姓」列: 入力してください。');
    expect(await problems.innerText()).toContain(
      '4 行目・「局区分」列: 「宇宙局」は局区分（本省内部部局・外局・地方支分部局）ではありません。',
    );
    expect(await page.getByRole('button', { name: '取り込む' }).isDisabled()).toBe(true);
    await page.screenshot({
      path: `${ARTIFACTS}import-errors-ja.png`,
      fullPage: true,
      animations: 'disabled',
    });
    expect(await accessibilityProblems(page)).toEqual([]);
    expect((await t.db.query<{ n: number }>(sql`select count(*)::int as n from employee`))[0]?.n).toBe(
      before,
    );
    expect(errors).toEqual([]);
  });

  it('lets HR change the group-size floor in 設定 and shows the change in the admin’s audit log', async () => {
    const { page, errors } = await open('D00001', '?view=settings');
    await page.getByRole('heading', { level: 1, name: '設定' }).waitFor();
    const floor = page.getByLabel('集計を表示する最小人数');
    await floor.fill('6');
    await page.getByRole('button', { name: 'プライバシーを保存' }).click();
    await page.getByText('保存しました').first().waitFor();
    expect(
      (await api<{ settings: { privacy: { value: { minGroupSize: number } } } }>('D00001', '/settings'))
        .settings.privacy.value.minGroupSize,
    ).toBe(6);
    await page.screenshot({ path: `${ARTIFACTS}settings-ja.png`, fullPage: true, animations: 'disabled' });
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole('tab', { name: '監査ログ' }).click();
    const log = page.getByRole('grid', { name: '監査ログ' });
    await log.waitFor();
    // Readable: what was done and to what, in words (main showed `setting.change` and raw JSON).
    const latest = await log.getByRole('row').nth(1).innerText();
    expect(latest).toContain('設定の変更');
    expect(latest).toContain('設定: privacy');
    expect(latest).toContain('変更前と変更後を記録');
    expect(latest).not.toContain('{');
    await page.screenshot({ path: `${ARTIFACTS}audit-ja.png`, fullPage: true, animations: 'disabled' });
    expect(await accessibilityProblems(page)).toEqual([]);
    await fetch(`${t.baseUrl}/api/tab/settings/privacy`, {
      method: 'PUT',
      headers: { 'x-dev-persona': 'D00001', 'content-type': 'application/json' },
      body: JSON.stringify({ value: { minGroupSize: 5 } }),
    });
    expect(errors).toEqual([]);
  });

  it('lets the administrator set the announcement and childcare settings in 設定, and refuses a bad value naming the field', async () => {
    const { page, errors } = await open('D00001', '?view=settings');
    await page.getByRole('heading', { level: 1, name: '設定' }).waitFor();
    await page.getByRole('tab', { name: 'お知らせの配信' }).click();
    await page.getByLabel('送信前に別の人事担当者の承認を必要とする').check();
    await page.getByLabel('送信の上限（件/秒）').fill('20');
    await page.getByRole('button', { name: 'お知らせの配信設定を保存' }).click();
    await page.getByText('保存しました').first().waitFor();
    type Settings = { settings: Record<string, { value: Record<string, unknown> }> };
    expect((await api<Settings>('D00001', '/settings')).settings.announcements?.value).toMatchObject({
      requireSecondApprover: true,
      ratePerSecond: 20,
    });
    await page.screenshot({
      path: `${ARTIFACTS}settings-announcements-ja.png`,
      fullPage: true,
      animations: 'disabled',
    });
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole('tab', { name: '育児の目標' }).click();
    await page.getByLabel('男の産休（日）').fill('0');
    await page.getByRole('button', { name: '育児の目標を保存' }).click();
    // The field as the form calls it, in Japanese (main showed `childcare.targets.specialLeaveDays`).
    await page
      .getByText(/^男の産休（日）: .+以上の値にしてください。$/)
      .first()
      .waitFor();
    const stored = await t.db.query(sql`select 1 from setting where key = 'childcare'`);
    expect(stored).toHaveLength(0);
    await page.screenshot({
      path: `${ARTIFACTS}settings-childcare-error-ja.png`,
      fullPage: true,
      animations: 'disabled',
    });
    await page.getByLabel('男の産休（日）').fill('6');
    await page.getByLabel('育児休業2週間以上（%）').fill('90');
    await page.getByRole('button', { name: '育児の目標を保存' }).click();
    await page.getByText('保存しました').first().waitFor();
    expect((await api<Settings>('D00001', '/settings')).settings.childcare?.value).toMatchObject({
      targets: { specialLeaveDays: 6 },
      rates: { childcareLeave2Weeks: { target: 0.9 } },
    });
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows a section chief the childcare plan his staff shared with him, and no 育児 page to that staff member', async () => {
    const { seedChildcareDemo } = await import('../../core/childcare/childcare.demo.ts');
    await seedChildcareDemo(t.db, new Date('2026-10-20T03:00:00Z')); // D00003's plan, shared with D00002
    const { page, errors } = await open('D00002', '?view=childcare');
    const shared = page.getByRole('table', { name: '部下から共有された育児計画' });
    await shared.waitFor();
    const row = await shared.getByRole('row').nth(1).innerText();
    expect(row).toContain('D00003');
    expect(row).toContain('産後パパ育休 2027-02-01 – 2027-02-14');
    // The bureau list and the invitation form are the WLB officer's: not offered to a chief.
    expect(await page.getByText('局内の育児シート').count()).toBe(0);
    expect(await page.getByRole('button', { name: '案内を送る' }).count()).toBe(0);
    await page.screenshot({
      path: `${ARTIFACTS}childcare-manager-ja.png`,
      fullPage: true,
      animations: 'disabled',
    });
    expect(await accessibilityProblems(page)).toEqual([]);

    const staff = await open('D00003', '?view=childcare');
    await staff.page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await staff.page.getByRole('tab', { name: '育児' }).count()).toBe(0);
    expect(await staff.page.getByText('部下から共有された育児計画').count()).toBe(0);
    expect([...errors, ...staff.errors]).toEqual([]);
  });
});
