import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { launchBrowser } from '../harness/browser.ts';
import { accessibilityProblems, openAs } from './browser-helpers.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const HR = 'D00001'; // sees every page

const PAGES: [view: string, heading: string][] = [
  ['me', '自分'],
  ['dashboard', 'ダッシュボード'],
  ['leave-plans', '休暇計画表'],
  ['childcare', '育児'],
  ['announcements', 'お知らせ'],
  ['surveys', 'アンケート'],
  ['import', 'データ取込'],
  ['settings', '設定'],
];

/** How far the page itself scrolls sideways (0: it fits; wide tables scroll inside their own box). */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Every page at desktop width and at Teams mobile width (400 px), with screenshots to look at. */
describe('every page at 1280 and 400 px', { timeout: 120_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(fileURLToPath(new URL('../../tab/web/dist/index.html', import.meta.url))))
      throw new Error('The tab is not built: run `npm run build:tab`.');
    await mkdir(ARTIFACTS, { recursive: true });
    t = await startTestApp({ authMode: 'dev' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  for (const width of [1280, 400])
    it(`fits ${width} px without scrolling the page sideways`, async () => {
      const { page, errors } = await openAs(browser, t.baseUrl, HR, '', { width });
      const wide: string[] = [];
      for (const [view, heading] of PAGES) {
        await page.goto(`${t.baseUrl}/tab/?view=${view}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.waitForLoadState('networkidle');
        await page.waitForFunction(
          () => !document.querySelector('[role="progressbar"][aria-busy], .fui-Spinner'),
        );
        await page.screenshot({
          path: `${ARTIFACTS}page-${view}-${width}.png`,
          fullPage: true,
          animations: 'disabled',
        });
        if ((await sidewaysScroll(page)) > 0) wide.push(view);
      }
      // 設定's sub-tabs, each on its own.
      await page.goto(`${t.baseUrl}/tab/?view=settings`);
      await page.getByRole('heading', { level: 1, name: '設定' }).waitFor();
      for (const tab of await page.getByRole('tablist', { name: '設定' }).getByRole('tab').all()) {
        await tab.click();
        await page.waitForLoadState('networkidle');
        if ((await sidewaysScroll(page)) > 0) wide.push(`settings/${await tab.innerText()}`);
      }
      await page.screenshot({ path: `${ARTIFACTS}page-settings-audit-${width}.png`, fullPage: true });
      expect(wide).toEqual([]);
      if (width === 400) expect(await accessibilityProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
});
