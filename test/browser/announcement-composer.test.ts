import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { launchBrowser } from '../harness/browser.ts';
import { openAs } from './browser-helpers.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const HR = 'D00001';
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The composer's issue-20 fields at Teams mobile width: files, reminders, repetition, templates. */
describe('the announcement composer at 400 px', { timeout: 120_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(fileURLToPath(new URL('../../tab/web/dist/index.html', import.meta.url))))
      throw new Error('The tab is not built: run `npm run build:tab`.');
    await mkdir(ARTIFACTS, { recursive: true });
    t = await startTestApp({ authMode: 'dev' });
    await t.db.query(sql`
      insert into setting (key, value) values ('announcements', ${JSON.stringify({ fileDomains: ['mic.sharepoint.com'] })})
      on conflict (key) do update set value = setting.value || excluded.value`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('attaches a file, turns on reminders and a weekly repetition, and registers the series', async () => {
    const { page, errors } = await openAs(browser, t.baseUrl, HR, '?view=announcements', { width: 400 });
    await page.getByRole('heading', { level: 1, name: 'お知らせ' }).waitFor();
    await page.getByLabel('件名').fill('定時退庁日のお知らせ');
    await page.getByLabel('本文').fill('本日は**定時退庁日**です。');

    // A file on another tenant is refused with the Japanese message, naming the field.
    await page.getByRole('button', { name: '資料を追加' }).click();
    await page.getByLabel('ボタンの文字').last().fill('実施要領');
    await page.getByLabel('ファイルの URL（https）').fill('https://other.sharepoint.com/teiji.pdf');
    await page.getByRole('button', { name: '下書きを保存' }).click();
    await page
      .getByText(
        /資料ファイルの URL.*「other\.sharepoint\.com」は、この府省の SharePoint \/ OneDrive のドメインではありません/,
      )
      .waitFor();

    // On the tenant's SharePoint it is a button in the preview, as staff will see it.
    await page.getByLabel('ファイルの URL（https）').fill('https://mic.sharepoint.com/sites/jinji/teiji.pdf');
    await page.getByText('📄 実施要領').waitFor();

    await page.getByRole('switch', { name: /^確認していない人.*にリマインドを送る/ }).check();
    await page.getByLabel('送信から何時間ごと').fill('24');
    await page.getByLabel('最大回数').fill('2');
    await page.getByRole('switch', { name: /繰り返し送る/ }).check();
    await page.getByRole('checkbox', { name: '金' }).check();
    await page.getByRole('radio', { name: '翌営業日に送る' }).check();
    await page.getByText('承認は繰り返し全体に 1 回です', { exact: false }).waitFor();

    // Everything fits the Teams mobile width.
    await page.screenshot({
      path: `${ARTIFACTS}announcement-composer-400.png`,
      fullPage: true,
      animations: 'disabled',
    });
    expect(await sidewaysScroll(page)).toBe(0);

    // Saved as a template on the way.
    await page.getByLabel('テンプレート名').fill('定時退庁日');
    await page.getByRole('button', { name: 'テンプレートとして保存' }).click();
    await page.getByText('テンプレート「定時退庁日」を保存しました。').waitFor();

    await page.getByText(/^宛先: [\d,]+ 人$/).waitFor();
    await page.getByRole('button', { name: '送信する' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '送信する' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect
      .poll(
        async () =>
          (await t.db.query(sql`select content, recurrence, state from announcement_series`)).length,
      )
      .toBe(1);
    const [s] = await t.db.query<{
      content: Record<string, unknown>;
      recurrence: Record<string, unknown>;
      state: string;
    }>(sql`select content, recurrence, state from announcement_series`);
    expect(s?.content).toMatchObject({
      title: '定時退庁日のお知らせ',
      files: [{ title: '実施要領', url: 'https://mic.sharepoint.com/sites/jinji/teiji.pdf' }],
      reminders: { afterHours: 24, max: 2 },
    });
    expect(s?.recurrence).toMatchObject({
      frequency: 'weekly',
      weekdays: [3, 5],
      onHoliday: 'next_working_day',
      time: '09:00',
    });
    // To everyone: the four-eyes rule holds the series for a second person, once.
    expect(s?.state).toBe('pending_approval');
    // The page lists the series with its next dates and its state.
    const list = page.getByRole('region', { name: '繰り返しのお知らせ' });
    await list.getByText('定時退庁日のお知らせ').waitFor();
    await list.getByText('承認待ち').waitFor();
    await list.getByText(/次回:/).waitFor();
    expect(await sidewaysScroll(page)).toBe(0);
    const [tpl] = await t.db.query<{ name: string }>(sql`select name from announcement_template`);
    expect(tpl?.name).toBe('定時退庁日');

    // A fresh composer starts from the template: its text, file and reminders come back.
    await page.goto(`${t.baseUrl}/tab/?view=announcements`);
    await page.getByRole('heading', { level: 1, name: 'お知らせ' }).waitFor();
    await page.getByRole('combobox', { name: 'テンプレートを選ぶ' }).click();
    await page.getByRole('option', { name: '定時退庁日' }).click();
    await page.getByRole('button', { name: 'このテンプレートから始める' }).click();
    await expect.poll(() => page.getByLabel('件名').inputValue()).toBe('定時退庁日のお知らせ');
    expect(await page.getByLabel('ファイルの URL（https）').inputValue()).toBe(
      'https://mic.sharepoint.com/sites/jinji/teiji.pdf',
    );
    expect(await page.getByLabel('最大回数').inputValue()).toBe('2');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
