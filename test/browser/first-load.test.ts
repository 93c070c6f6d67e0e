import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { launchBrowser } from '../harness/browser.ts';
import { openAs } from './browser-helpers.ts';

const HR = 'D00001';

/** Compressed bytes of the JavaScript a page fetched (what crosses a slow Teams mobile link). */
function scriptBytes(page: Page): () => { total: number; files: string[]; without(part: string): number } {
  const seen: { url: string; bytes: number }[] = [];
  page.on('response', async (res) => {
    if (!res.url().endsWith('.js')) return;
    const length = Number(res.headers()['content-length'] ?? 0);
    seen.push({ url: res.url(), bytes: length });
  });
  return () => ({
    total: seen.reduce((n, s) => n + s.bytes, 0),
    files: seen.map((s) => s.url),
    without: (part) => seen.filter((s) => !s.url.includes(part)).reduce((n, s) => n + s.bytes, 0),
  });
}

describe('first load of the tab', { timeout: 90_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(fileURLToPath(new URL('../../tab/web/dist/index.html', import.meta.url))))
      throw new Error('The tab is not built: run `npm run build:tab`.');
    t = await startTestApp({ authMode: 'dev' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('serves a visible shell before any script runs, and compresses text assets', async () => {
    const html = await (await fetch(`${t.baseUrl}/tab/`)).text();
    expect(html).toContain('読み込み中');
    const js = /src="(\/tab\/assets\/main-[^"]+\.js)"/.exec(html)?.[1];
    if (!js) throw new Error('no main script in index.html');
    const plain = await fetch(`${t.baseUrl}${js}`, { headers: { 'accept-encoding': 'identity' } });
    const raw = (await plain.arrayBuffer()).byteLength;
    for (const encoding of ['br', 'gzip']) {
      const res = await fetch(`${t.baseUrl}${js}`, { headers: { 'accept-encoding': encoding } });
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(Number(res.headers.get('content-length'))).toBeLessThan(raw / 2);
    }
    // A page with JavaScript off still shows the app's name, not a blank page.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/tab/`);
    expect(await page.getByRole('status').innerText()).toContain('読み込み中');
    await context.close();
  });

  it('needs far less JavaScript for 自分 and for the dashboard’s figures than the whole app', async () => {
    const me = await openAs(browser, t.baseUrl, HR, '');
    const meBytes = scriptBytes(me.page);
    await me.page.goto(`${t.baseUrl}/tab/?view=me`);
    await me.page.getByRole('heading', { level: 1, name: '自分' }).waitFor();
    await me.page.waitForLoadState('networkidle');
    const mine = meBytes();
    expect(mine.files.some((f) => f.includes('dashboard'))).toBe(false);
    expect(mine.total).toBeLessThan(200_000);

    const dash = await openAs(browser, t.baseUrl, HR, '');
    const dashBytes = scriptBytes(dash.page);
    await dash.page.goto(`${t.baseUrl}/tab/?view=dashboard`);
    await dash.page.getByRole('group', { name: '残業時間の合計' }).waitFor();
    await dash.page.waitForLoadState('networkidle');
    const all = dashBytes();
    // The figures do not wait for the charts' library (it comes in its own chunk, after them).
    expect(all.files.some((f) => f.includes('dashboard-charts'))).toBe(true);
    // On main the dashboard's first load pulled 437 KB gzipped; its figures now need a fraction.
    const firstPaint = all.without('dashboard-charts');
    // Well under half of it (the merged pages of issues 12–16 added a few hundred bytes to 218 KB).
    expect(firstPaint).toBeLessThan(240_000);
    console.info(
      `first load, compressed JS: 自分 ${mine.total} B, dashboard ${firstPaint} B (+charts ${all.total - firstPaint} B)`,
    );
  });
});
