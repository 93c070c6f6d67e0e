import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';

/** Serious and critical axe findings (Tabster's focus sentinels excepted, as in tab.test.ts). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through DevTools: the tab's CSP (script-src 'self') refuses an inline script tag.
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

/** Opens the tab as a dev persona (the picker's choice, set before the page loads). */
export async function openAs(
  browser: Browser,
  baseUrl: string,
  persona: string,
  query: string,
  options: { locale?: 'ja' | 'en'; width?: number } = {},
): Promise<{ page: Page; errors: string[] }> {
  const locale = options.locale ?? 'ja';
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: locale === 'ja' ? 'ja-JP' : 'en-GB',
  });
  await context.addInitScript(
    ([p, l]) => {
      try {
        sessionStorage.setItem('kinmu.devPersona', p as string);
        localStorage.setItem('kinmu.locale', l as string);
      } catch {
        // about:blank (a test's own host page) has no storage
      }
    },
    [persona, locale],
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  if (query !== '') await page.goto(`${baseUrl}/tab/${query}`);
  return { page, errors };
}
