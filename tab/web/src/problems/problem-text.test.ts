import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { draftSchema } from '../../../../core/announcements/announcement.schema.ts';
import { recurrenceSchema } from '../../../../core/announcements/recurrence.rules.ts';
import { attendanceBatchRowSchema } from '../../../../core/attendance/attendance-batch.schema.ts';
import { childcarePlanInputSchema } from '../../../../core/childcare/childcare-plan.schema.ts';
import { campaignSchema } from '../../../../core/leave/campaign.schema.ts';
import { SETTING_KEYS, settingSchema } from '../../../../core/settings/settings.registry.ts';
import { zodFieldErrors } from '../../../../core/shared/zod-errors.ts';
import { fieldLabel } from './field-labels.ts';
import { fieldMessage, fieldWhere, pickLanguage, problemTitle } from './problem-text.ts';

/** Every leaf field path of a zod object schema (through defaults, optionals, pipes and arrays). */
function leafPaths(schema: z.ZodType, prefix: string[] = []): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) =>
        leafPaths(v, [...prefix, k]),
      );
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return leafPaths(def.innerType as z.ZodType, prefix);
    case 'pipe':
      return leafPaths(def.in as z.ZodType, prefix);
    case 'array':
      return leafPaths(def.element as z.ZodType, [...prefix, '0']);
    default:
      return [prefix.join('.')];
  }
}

const FORMS: [string, z.ZodType, string[]][] = [
  // Every registered setting (test/harness/settings.setup.ts registers what the server modules do).
  ...SETTING_KEYS.map(
    (key) => [`設定 ${key}`, settingSchema(key) as z.ZodType, [key]] as [string, z.ZodType, string[]],
  ),
  ['お知らせ', draftSchema, []],
  ['お知らせの繰り返し', recurrenceSchema, ['recurrence']],
  ['休暇計画の募集', campaignSchema, []],
  ['育児', childcarePlanInputSchema, []],
  ['勤怠の取込', attendanceBatchRowSchema, ['rows', '0']],
];

describe('field labels as people see them', () => {
  // Texts the tab's forms never show (the consultation links and the childcare info set are
  // edited in the deployment's settings file, not on a form) may keep the neutral label.
  const NOT_ON_A_FORM =
    /^(overtime\.(consultationLinks|standard|heteronomous\.(monthlyCap|annualCap|monthsOver))|childcare\.(infoSet|contacts|sanity|participationLeave|spouseChildbirthLeave|childcareLeave\.|postnatalPaternityLeave\.(maxParts|requestLeadDays)|targets\.(firstYearNonWorkingDays|firstYearMonths)|rates\.\w+\.(byFiscalYear|baseline))|announcements\.(leaseSeconds|perConversation|prepareBatchSize)|leave|intendedUse|olderPreschoolChild|childcareArrangement|consentToShareWithManager|ranges\.0\.status|ackEnabled|audience\.everyone|allowedKinds|halfDayAllowed|coverageWarningShare|lowResponseRate|reminders\.atOpening|targets\.(ministryId|bureauIds|sectionIds))/;

  it.each(FORMS)('has a label for every field of %s', (_name, schema, prefix) => {
    const missing = leafPaths(schema, prefix).filter(
      (path) => !NOT_ON_A_FORM.test(path) && fieldLabel(path, 'ja') === '入力内容',
    );
    expect(missing).toEqual([]);
  });

  it('never shows a developer name, whatever field fails', () => {
    for (const [, schema, prefix] of FORMS)
      for (const path of leafPaths(schema, prefix))
        for (const locale of ['ja', 'en'] as const)
          expect(fieldWhere(path, locale)).not.toMatch(/[a-z][A-Z]|\w\.\w|^[a-z]+$/);
  });
});

describe('problem texts', () => {
  it('says a bad overtime setting in Japanese with the labels of the form', () => {
    const parsed = settingSchema('overtime').safeParse({
      monthLevels: { month45: 90 * 60, month80: 80 * 60 },
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const [error] = zodFieldErrors(parsed.error.issues, { prefix: ['overtime'] });
    if (!error) throw new Error('no field error');
    const line = `${fieldWhere(error.where, 'ja')}: ${fieldMessage(error, 'ja')}`;
    expect(line).toBe(
      '月の注意・警告レベル: 「注意レベル」＜「警告レベル」＜「医師による面接指導」の順に大きくしてください。',
    );
    expect(`${fieldWhere(error.where, 'en')}: ${fieldMessage(error, 'en')}`).toMatch(
      /^Monthly notice and warning levels: Make "Notice level"/,
    );
  });

  it('says a missing announcement title as 件名: 入力してください', () => {
    const parsed = draftSchema.safeParse({ title: '', body: 'x', audience: { everyone: true } });
    if (parsed.success) throw new Error('parsed');
    const title = zodFieldErrors(parsed.error.issues).find((e) => e.where === 'title');
    if (!title) throw new Error('no title error');
    expect(`${fieldWhere(title.where, 'ja')}: ${fieldMessage(title, 'ja')}`).toBe('件名: 入力してください。');
  });

  it('numbers list items and file lines the way people count', () => {
    expect(fieldWhere('links.1.url', 'ja')).toBe('リンクボタンの URL（2 件目）');
    expect(fieldWhere('rows[0].overtimeMinutes', 'ja')).toBe('超過勤務（1 件目）');
    expect(fieldWhere('line 12, column 3', 'ja')).toBe('12 行目・3 列目');
    expect(fieldWhere('line 3, column family_name', 'ja', { column: '姓' })).toBe('3 行目・「姓」列');
    expect(fieldWhere('line 4, column 2', 'ja', { column: '日付', columnNo: 2 })).toBe('4 行目・「日付」列');
    expect(fieldWhere('line 3, column family_name', 'en', { column: '姓' })).toBe('Line 3, column "姓"');
  });

  it('picks the viewer’s half of an older "日本語 / English" rule text, and hides English from Japanese readers', () => {
    const text = '締切日が受付開始日より前です / the deadline is before the opening date';
    expect(pickLanguage(text, 'ja')).toBe('締切日が受付開始日より前です');
    expect(pickLanguage(text, 'en')).toBe('the deadline is before the opening date');
    expect(
      fieldMessage(
        { where: 'x', message: 'must be HH:MM', key: 'custom', params: { text: 'must be HH:MM' } },
        'ja',
      ),
    ).toBe('正しくありません。');
  });

  it('titles an answer by its key, then its code, never by the English title', () => {
    expect(
      problemTitle(
        { title: 'Invalid body.', status: 400, code: 'bad_request', key: 'error.bad_request' },
        'ja',
      ),
    ).toBe('入力内容を確認してください。');
    expect(problemTitle({ title: 'Boom', status: 500 }, 'ja')).toMatch(/サーバーでエラー/);
    expect(problemTitle({ title: 'Conflict', status: 409, code: 'conflict' }, 'en')).toMatch(
      /Someone changed/,
    );
  });
});

describe('every key has both languages', () => {
  it('has the same keys in Japanese and English', async () => {
    const { PROBLEM_TEXTS } = await import('./problem.texts.ts');
    expect(Object.keys(PROBLEM_TEXTS.en).sort()).toEqual(Object.keys(PROBLEM_TEXTS.ja).sort());
  });
});
