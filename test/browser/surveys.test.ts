import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildViewer } from '../../core/access/viewer.ts';
import { sql } from '../../core/db/sql.ts';
import { findEmployeeByNo } from '../../core/org/org.repository.ts';
import { createSurveyService } from '../../core/surveys/survey.service.ts';
import { addFourPersonRoom, DAY, pulseDraft, T0 } from '../../core/surveys/survey.test-data.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { launchBrowser } from '../harness/browser.ts';
import { accessibilityProblems, openAs } from './browser-helpers.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const HR = 'D00001';

const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * アンケート in a browser: HR composes and sends a survey (the Fluent dialog, not the browser's
 * confirm), a bad form shows its problems and stores nothing, and the results of two closed rounds
 * show bars, the trend and the 4-person room as "<5" — at 1280 and at 400 px.
 */
describe('surveys page', { timeout: 180_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  // Two rounds in the past (closed), one answered by most of the ministry.
  let clock = new Date(T0.getTime() + 40 * DAY);

  beforeAll(async () => {
    if (!existsSync(fileURLToPath(new URL('../../tab/web/dist/index.html', import.meta.url))))
      throw new Error('The tab is not built: run `npm run build:tab`.');
    await mkdir(ARTIFACTS, { recursive: true });
    t = await startTestApp({ authMode: 'dev', overrides: { now: () => clock } });
    await addFourPersonRoom(t.db, 'B03');
    const hr = await buildViewer(t.db, (await findEmployeeByNo(t.db, HR))!);
    for (const [round, offset] of [
      [0, 0],
      [1, 30],
    ] as const) {
      clock = new Date(T0.getTime() + (offset - 1) * DAY);
      const service = createSurveyService({ db: t.db, now: () => clock });
      const s = await service.create(
        hr,
        pulseDraft({
          title: round === 0 ? 'パルスサーベイ 11月' : 'パルスサーベイ 12月',
          opensAt: new Date(T0.getTime() + offset * DAY).toISOString(),
          closesAt: new Date(T0.getTime() + (offset + 7) * DAY).toISOString(),
          remindAt: null,
        }),
      );
      await service.launch(hr, s.id);
      await t.db.query(sql`update survey set state = 'open' where id = ${s.id}`);
      await t.db.query(
        sql`insert into survey_invitee (survey_id, employee_id, section_id) select ${s.id}, id, section_id from employee where active`,
      );
      // Answers written in bulk (the card path has its own tests): every person but one in eleven.
      await t.db.query(sql`
        with p as (select e.id, e.section_id, row_number() over (order by e.employee_no) - 1 as i
                     from employee e where e.active)
        insert into survey_respondent (survey_id, employee_id) select ${s.id}, id from p where i % 11 <> 3`);
      await t.db.query(sql`
        with p as (select e.id, e.section_id, row_number() over (order by e.employee_no) - 1 as i
                     from employee e where e.active)
        insert into survey_answer (survey_id, section_id, receipt_hash, answers)
        select ${s.id}, section_id, sha256(convert_to(id::text || ${s.id}, 'UTF8')),
               jsonb_build_array(((i + ${round * 2}) % 5) + 1, i % 3, case when i % 9 = 0 then '意見 ' || i end)
          from p where i % 11 <> 3`);
      await t.db.query(sql`update survey set state = 'closed' where id = ${s.id}`);
    }
    clock = new Date(T0.getTime() + 40 * DAY);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('a form with problems shows them and stores nothing; a good one is sent after the dialog', async () => {
    const { page, errors } = await openAs(browser, t.baseUrl, HR, '?view=surveys');
    await page.getByRole('heading', { level: 1, name: 'アンケート' }).waitFor();
    const before = (await t.db.query(sql`select id from survey`)).length;
    await page.getByRole('button', { name: '作成して配信' }).click();
    await page
      .getByRole('alertdialog', { name: 'アンケートを配信しますか' })
      .getByRole('button', { name: '配信する' })
      .click();
    await page
      .getByText('入力内容を確認してください', { exact: false })
      .or(page.locator('.fui-MessageBar[data-intent="error"], [role="alert"]'))
      .first()
      .waitFor();
    expect((await t.db.query(sql`select id from survey`)).length).toBe(before);

    await page.getByLabel('タイトル').fill('テレワーク月間アンケート');
    await page.getByRole('textbox', { name: /設問 1/ }).fill('テレワークで仕事がしやすかった');
    await page.getByRole('button', { name: '設問を追加' }).click();
    await page.getByRole('textbox', { name: /設問 2/ }).fill('今月のテレワーク日数');
    await page.getByRole('group', { name: '設問 2' }).getByRole('combobox').selectOption('choice');
    await page.getByLabel('選択肢（1 行に 1 つ）').fill('0日\n1〜4日\n5日以上');
    await page.getByRole('checkbox', { name: '全職員' }).check();
    await page.getByText(/対象: [\d,]+ 人/).waitFor();
    await page.getByLabel('開始').fill('2026-12-20T09:00');
    await page.getByLabel('締切').fill('2026-12-27T17:00');
    await page.screenshot({ path: `${ARTIFACTS}surveys-composer-1280.png`, fullPage: true });
    await page.getByRole('button', { name: '作成して配信' }).click();
    await page
      .getByRole('alertdialog', { name: 'アンケートを配信しますか' })
      .getByRole('button', { name: '配信する' })
      .click();
    await page.getByText('配信を予約しました', { exact: false }).waitFor();
    const [row] = await t.db.query<{ state: string; questions: { kind: string; options?: string[] }[] }>(
      sql`select state, questions from survey where title = 'テレワーク月間アンケート'`,
    );
    expect(row?.state).toBe('scheduled');
    expect(row?.questions[1]).toMatchObject({ kind: 'choice', options: ['0日', '1〜4日', '5日以上'] });
    expect(errors).toEqual([]);
  });

  for (const width of [1280, 400])
    it(`results at ${width} px: bars, the trend, the room as "<5", nothing wider than the screen`, async () => {
      const { page, errors } = await openAs(browser, t.baseUrl, HR, '?view=surveys', { width });
      await page.getByRole('heading', { level: 1, name: 'アンケート' }).waitFor();
      const results = page
        .getByRole('group', { name: '結果' })
        .or(page.locator('[aria-label="結果"]'))
        .first();
      await results.getByText('前回（パルスサーベイ 11月）との比較').waitFor();
      const room = results.locator('li', { hasText: '四人室' });
      await expect(room.getByText('<5（非表示）').count()).resolves.toBe(1);
      expect(await results.getByRole('img').count()).toBeGreaterThan(5);
      expect(await results.getByText(/前回 \d/).count()).toBeGreaterThan(0);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `${ARTIFACTS}surveys-results-${width}.png`, fullPage: true });
      expect(await sidewaysScroll(page)).toBe(0);
      if (width === 400) expect(await accessibilityProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
});
