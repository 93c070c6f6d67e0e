import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { launchBrowser } from '../harness/browser.ts';
import { accessibilityProblems, openAs } from './browser-helpers.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const BUILT_TAB = fileURLToPath(new URL('../../tab/web/dist/index.html', import.meta.url));
const HR = 'D00001';

/** The tab as Teams hosts it: a frame that may forbid modals, popups of its own, blob downloads. */
describe('the tab inside a Teams-like frame', { timeout: 60_000 }, () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(BUILT_TAB)) throw new Error('The tab is not built: run `npm run build:tab`.');
    await mkdir(ARTIFACTS, { recursive: true });
    t = await startTestApp({ authMode: 'dev' });
    // This file tests the frame, not approval: the all-ministry second approver (on by default,
    // test/e2e/four-eyes.test.ts) is switched off so that a send goes out.
    await t.db.query(sql`
      insert into setting (key, value) values ('announcements', '{"requireSecondApproverForEveryone": false}')
      on conflict (key) do update set value = setting.value || excluded.value`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const api = async <T>(path: string) =>
    (await (await fetch(`${t.baseUrl}/api/tab${path}`, { headers: { 'x-dev-persona': HR } })).json()) as T;

  it('sends an announcement after a confirmation, inside a sandboxed frame without allow-modals', async () => {
    const { page, errors } = await openAs(browser, t.baseUrl, HR, '');
    // The CSP lets only Teams' hosts and the app's own origin frame the tab: the host page stands
    // on the app's origin (a blank page would be refused by frame-ancestors).
    await page.goto(`${t.baseUrl}/healthz`);
    await page.setContent(
      `<iframe title="tab" sandbox="allow-scripts allow-same-origin allow-forms allow-popups"
        src="${t.baseUrl}/tab/?view=announcements" style="width:1260px;height:2000px;border:0"></iframe>`,
    );
    const tab = page.frameLocator('iframe');
    const title = `避難訓練のお知らせ ${Date.now()}`;
    // On the app's origin the frame may start with the page's persona or ask for one, as a
    // developer would see it: choose it there when asked.
    const picker = tab.getByRole('button', { name: /D00001|佐藤 美咲 として開く/ });
    const heading = tab.getByRole('heading', { level: 1, name: 'お知らせ' });
    await picker.or(heading).first().waitFor();
    if (await picker.isVisible()) await picker.click();
    await heading.waitFor();
    await tab.getByLabel('件名').fill(title);
    await tab.getByLabel('本文').fill('12月10日 14時から避難訓練を行います。');
    await tab.getByText(/^宛先: [\d,]+ 人$/).waitFor();

    await tab.getByRole('button', { name: '送信する' }).click();
    const dialog = tab.getByRole('alertdialog', { name: 'お知らせを送信しますか？' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/[\d,]+ 人に送信します/);
    await dialog.getByRole('button', { name: '送信する' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The send went through: the server holds it as submitted, no longer a draft.
    await expect
      .poll(async () => {
        const list = await api<{ announcements: { title: string; state: string }[] }>('/announcements');
        return list.announcements.find((a) => a.title === title)?.state;
      })
      .toMatch(/^(pending_approval|scheduled|sending|sent)$/);

    // Once sending ends the badge says so (main kept 送信中), and the bar shows what the words say.
    const card = tab.locator('.fui-Card', { has: tab.getByRole('heading', { name: title }) });
    await card.getByText('送信済み', { exact: true }).waitFor({ timeout: 45_000 });
    const progress = card.getByRole('progressbar');
    const [sent, total] = ((await card.getByText(/人に送信/).innerText()).match(/[\d,]+/g) ?? []).map((v) =>
      Number(v.replace(/,/g, '')),
    );
    const value = Number(await progress.getAttribute('aria-valuenow'));
    const max = Number((await progress.getAttribute('aria-valuemax')) ?? 1);
    expect(value / max).toBeCloseTo((sent ?? 0) / (total ?? 1), 5);
    expect(errors).toEqual([]);
  });

  it('cancelling the confirmation sends nothing', async () => {
    const { page, errors } = await openAs(browser, t.baseUrl, HR, '?view=announcements');
    const title = `取りやめるお知らせ ${Date.now()}`;
    await page.getByLabel('件名').fill(title);
    await page.getByLabel('本文').fill('本文');
    await page.getByText(/^宛先: [\d,]+ 人$/).waitFor();
    await page.getByRole('button', { name: '送信する' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const list = await api<{ announcements: { title: string; state: string }[] }>('/announcements');
    expect(list.announcements.find((a) => a.title === title)?.state ?? 'draft').toBe('draft');
    expect(errors).toEqual([]);
  });

  it('exports through a signed one-minute URL that opens in a browser with no sign-in, not a blob link', async () => {
    const { page, errors } = await openAs(browser, t.baseUrl, HR, '');
    // Outside Teams the tab opens the link in a new window; record it instead of opening it.
    await page.addInitScript(() => {
      const opened: string[] = [];
      (window as unknown as { opened: string[] }).opened = opened;
      window.open = (url?: string | URL) => {
        opened.push(String(url));
        return {} as Window;
      };
    });
    const blobs: string[] = [];
    page.on('request', (r) => r.url().startsWith('blob:') && blobs.push(r.url()));
    await page.goto(`${t.baseUrl}/tab/?view=dashboard`);
    await page.getByRole('button', { name: 'CSV をダウンロード' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { opened: string[] }).opened.length))
      .toBe(1);
    const url = await page.evaluate(() => (window as unknown as { opened: string[] }).opened[0] ?? '');
    expect(url).toMatch(new RegExp(`^${t.baseUrl}/api/tab/dashboard/export\\?.*&sig=`));

    // What Teams' browser gets: the file itself, without any token of the tab.
    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''.+\.csv$/);
    expect(file.headers.get('cache-control')).toBe('no-store');
    expect(await file.text()).toContain('局');
    expect(blobs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('says a bad settings value in Japanese with the labels of the form, and in English when chosen', async () => {
    for (const locale of ['ja', 'en'] as const) {
      const { page, errors } = await openAs(browser, t.baseUrl, HR, '?view=settings', { locale });
      const ja = locale === 'ja';
      await page.getByRole('tab', { name: ja ? '残業のしきい値' : 'Overtime thresholds' }).click();
      await page.getByLabel(ja ? '月の注意レベル（時間）' : /Monthly notice level/i).fill('90');
      await page.getByRole('button', { name: ja ? '残業のしきい値を保存' : /save overtime/i }).click();
      const alert = page.getByText(
        ja
          ? '月の注意・警告レベル: 「注意レベル」＜「警告レベル」＜「医師による面接指導」の順に大きくしてください。'
          : /^Monthly notice and warning levels: Make "Notice level"/,
      );
      await alert.waitFor();
      const text = await page.locator('main').innerText();
      for (const developerWord of [
        'month45',
        'monthLevels',
        'doctorInterviewMinutes',
        'is required',
        'overtime.',
      ])
        expect(text).not.toContain(developerWord);
      if (ja) expect(text).toContain('入力内容を確認してください。');
      await page.screenshot({ path: `${ARTIFACTS}settings-overtime-error-${locale}.png`, fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('says a missing announcement title as 件名, not `title: is required`', async () => {
    const { page, errors } = await openAs(browser, t.baseUrl, HR, '?view=announcements');
    await page.getByLabel('本文').fill('本文だけ');
    await page.getByRole('button', { name: '下書きを保存' }).click();
    await page.getByText('件名: 入力してください。').waitFor();
    expect(await page.locator('main').innerText()).not.toContain('title');
    expect(errors).toEqual([]);
  });

  it('drills down with the keyboard alone: Enter or Space on a bureau’s cell opens it', async () => {
    const { page, errors } = await openAs(browser, t.baseUrl, HR, '?view=dashboard');
    const grid = page.getByRole('grid', { name: '局ごとの集計（列見出しで並べ替え）' });
    await grid.waitFor();
    for (const key of ['Enter', ' '] as const) {
      const cell = grid.getByRole('gridcell', { name: /を開く$/ }).first();
      const name = (await cell.innerText()).trim();
      await cell.focus(); // where the grid's arrow keys put focus
      await page.keyboard.press(key);
      await page.getByRole('heading', { level: 1, name: `ダッシュボード: ${name}` }).waitFor();
      await page.getByRole('button', { name: '全体' }).press('Enter');
      await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
    }
    expect(errors).toEqual([]);
  });

  it('lists who has not submitted a leave plan, on the page and in the export', async () => {
    const chief = 'D00002';
    const get = async <T>(path: string) =>
      (await (
        await fetch(`${t.baseUrl}/api/tab${path}`, { headers: { 'x-dev-persona': chief } })
      ).json()) as T;
    const { campaigns } = await get<{ campaigns: { id: string }[] }>('/leave/campaigns');
    let found: { campaign: string; section: string; missing: string[] } | null = null;
    for (const c of campaigns) {
      const { sections } = await get<{ sections: { id: string }[] }>(`/leave/campaigns/${c.id}/sections`);
      for (const sec of sections) {
        const table = await get<{ rows: { name?: string; employeeNo: string; responded: boolean }[] }>(
          `/leave/campaigns/${c.id}/sections/${sec.id}/table`,
        );
        const missing = table.rows.filter((r) => !r.responded).map((r) => r.name ?? r.employeeNo);
        if (missing.length > 0 && missing.length < table.rows.length) {
          found = { campaign: c.id, section: sec.id, missing };
          break;
        }
      }
      if (found) break;
    }
    if (!found) throw new Error('the demo has no section with both answered and missing plans');
    const { page, errors } = await openAs(
      browser,
      t.baseUrl,
      chief,
      `?view=leave-plans&campaign=${found.campaign}&section=${found.section}`,
    );
    const list = page.getByText(`未提出（${found.missing.length} 人）:`);
    await list.waitFor();
    const line = await list.locator('..').innerText();
    for (const name of found.missing) expect(line).toContain(name);

    const link = await fetch(`${t.baseUrl}/api/tab/download-links`, {
      method: 'POST',
      headers: { 'x-dev-persona': chief, 'content-type': 'application/json' },
      body: JSON.stringify({
        path: `/api/tab/leave/campaigns/${found.campaign}/sections/${found.section}/export?format=csv`,
      }),
    });
    const csv = await (await fetch(`${t.baseUrl}${((await link.json()) as { url: string }).url}`)).text();
    expect(csv.split('\r\n')[0]).toMatch(/,計画日数,提出$/);
    expect(csv.match(/,未提出\r\n/g)?.length).toBe(found.missing.length);
    expect(errors).toEqual([]);
  });

  it('titles a 局長’s single-bureau dashboard with the bureau, not 全体', async () => {
    const { page, errors } = await openAs(browser, t.baseUrl, 'D00004', '?view=dashboard');
    const current = page
      .getByRole('navigation', { name: '表示している階層' })
      .locator('[aria-current="page"]');
    await current.waitFor();
    // The crumb names the bureau once the page knows the viewer's scope (it may say 全体 for a moment).
    await expect.poll(() => current.innerText()).toBe('情報通信局');
    expect(errors).toEqual([]);
  });
});
