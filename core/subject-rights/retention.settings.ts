import { z } from 'zod';

/**
 * How long details are kept (設定 → retention, admin). Defaults are conservative placeholders: each
 * ministry sets them from its 行政文書管理規則 保存期間表 (e.g. 出勤簿・勤務時間関係 are commonly kept
 * 5 years, 育児休業関係 3 years after the matter ends — to be confirmed against the ministry's table).
 */
export const retentionSettingsSchema = z.object({
  /** Childcare family details (spouse, due date, answers) are wiped this many years after the case closed. */
  childcareYearsAfterClose: z.number().int().min(1).max(30).default(3),
  /** Raw attendance days older than this many months are deleted (monthly totals stay). */
  attendanceMonths: z.number().int().min(13).max(120).default(60),
});

export type RetentionSettings = z.output<typeof retentionSettingsSchema>;

declare module '../settings/settings.registry.ts' {
  interface SettingSchemas {
    retention: typeof retentionSettingsSchema;
  }
}
