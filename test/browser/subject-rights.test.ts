import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { launchBrowser } from '../harness/browser.ts';
import { accessibilityProblems, openAs } from './browser-helpers.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const BUILT_TAB = fileURLToPath(new URL('../../tab/web/dist/index.html', import.meta.url));
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
/** The demo's HR person, who is also the administrator. */
const ADMIN = 'D00001';
const SUBJECT = 'D00003';

/** 設定 → 本人の権利: what an administrator does after the ministry decides a person's request. */
describe('data-subject rights in the tab', { timeout: 90_000 }, () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(BUILT_TAB)) throw new Error('The tab is not built: run `npm run build:tab`.');
    await mkdir(ARTIFACTS, { recursive: true });
    t = await startTestApp({ authMode: 'dev' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const openPanel = async (width: number) => {
    const opened = await openAs(browser, t.baseUrl, ADMIN, '?view=settings', { width });
    const { page } = opened;
    await page.addInitScript(() => {
      const urls: string[] = [];
      (window as unknown as { opened: string[] }).opened = urls;
      window.open = (url?: string | URL) => {
        urls.push(String(url));
        return {} as Window;
      };
    });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '設定' }).waitFor();
    await page.getByRole('tab', { name: '本人の権利' }).click();
    return opened;
  };

  it('exports what is held on a person through a signed link, not a blob, and says a mismatch in Japanese', async () => {
    const { page, errors } = await openPanel(1280);
    await page.getByRole('textbox', { name: /^職員番号/ }).fill(SUBJECT);
    await page.getByRole('button', { name: '書き出す（JSON）' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { opened: string[] }).opened.length))
      .toBe(1);
    const url = await page.evaluate(() => (window as unknown as { opened: string[] }).opened[0] ?? '');
    expect(url).toMatch(new RegExp(`^${t.baseUrl}/api/tab/admin/subjects/${SUBJECT}/export\\?.*sig=`));
    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(file.headers.get('cache-control')).toBe('no-store');
    const body = (await file.json()) as { summary: string };
    expect(body.summary).toContain(SUBJECT);

    // Erasure with a confirmation number that does not match: refused, said in words on the form.
    await page.getByLabel('確認のため職員番号をもう一度入力').fill('D00004');
    await page.getByLabel('理由（受付番号など）').first().fill('利用停止請求 2026-12-01 受付第12号');
    await page.getByRole('button', { name: '消去する' }).click();
    const dialog = page.getByRole('alertdialog', { name: `職員番号 ${SUBJECT} の記録を消去しますか？` });
    await dialog.getByRole('button', { name: '消去する' }).click();
    await page.getByText('上の職員番号と同じ番号を入力してください。').waitFor();
    const [still] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from employee where employee_no = ${SUBJECT}`,
    );
    expect(still?.n).toBe(1);
    expect(errors).toEqual([]);
  });

  it('erases after the confirmation dialog, and the record is gone', async () => {
    const { page, errors } = await openPanel(400);
    await page.getByRole('textbox', { name: /^職員番号/ }).fill(SUBJECT);
    await page.getByLabel('確認のため職員番号をもう一度入力').fill(SUBJECT);
    await page.getByLabel('理由（受付番号など）').first().fill('利用停止請求 2026-12-01 受付第12号');
    await page.screenshot({ path: `${ARTIFACTS}settings-subjects-400.png`, fullPage: true });
    expect(await sidewaysScroll(page)).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);

    // Cancelling changes nothing.
    await page.getByRole('button', { name: '消去する' }).click();
    const dialog = page.getByRole('alertdialog', { name: `職員番号 ${SUBJECT} の記録を消去しますか？` });
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.waitFor({ state: 'detached' });
    const count = async () =>
      (
        await t.db.query<{ n: number }>(
          sql`select count(*)::int as n from employee where employee_no = ${SUBJECT}`,
        )
      )[0]?.n;
    expect(await count()).toBe(1);

    await page.getByRole('button', { name: '消去する' }).click();
    await dialog.getByRole('button', { name: '消去する' }).click();
    await page
      .getByRole('status')
      .getByText(/消去しました。監査ログでは仮名 [0-9a-f-]{36} で記録されています。/)
      .waitFor();
    expect(await count()).toBe(0);
    const [audit] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action like 'subject.erase%'`,
    );
    expect(audit?.n).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
