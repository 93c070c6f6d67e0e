import { z } from 'zod';
import { announcementSettingsSchema } from '../announcements/announcement.settings.ts';
import { childcareSettingsSchema } from '../childcare/childcare.settings.ts';
import { overtimeSettingsSchema } from '../overtime/overtime.settings.ts';
import { DEFAULT_MIN_GROUP_SIZE } from '../shared/privacy.ts';
import { retentionSettingsSchema } from '../subject-rights/retention.settings.ts';
import { wellbeingSettingsSchema } from '../wellbeing/wellbeing.settings.ts';

/**
 * Every setting the 設定 page can change, by key, with its schema. A stored value is any subset of
 * the object; the schema's defaults fill the rest, so a new field never breaks an old row.
 * Capabilities read their key with readSetting(db, key) (settings.repository.ts).
 */

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00–23:59)');

export const privacySettingsSchema = z.object({
  /** Aggregates over fewer people are shown as "<N" (SPEC §2). Below 2 would show individuals. */
  minGroupSize: z.number().int().min(2).max(50).default(DEFAULT_MIN_GROUP_SIZE),
});

export const quietHoursSettingsSchema = z.object({
  /** No proactive message from start to end (next morning) or on holidays (SPEC §8). */
  start: clock.default('20:00'),
  end: clock.default('08:00'),
  /** The 100 h alert to managers is sent even in quiet hours (SPEC §8). */
  alert100Exempt: z.boolean().default(true),
});

export const SETTING_SCHEMAS = {
  overtime: overtimeSettingsSchema,
  childcare: childcareSettingsSchema,
  privacy: privacySettingsSchema,
  quietHours: quietHoursSettingsSchema,
  /** Partial: what is not stored keeps the capability's default (the rate: the deployment's). */
  announcements: announcementSettingsSchema,
  /** How long details are kept (data-subject rights, admin only). */
  retention: retentionSettingsSchema,
  /** 勤務間インターバル and the in-office gap thresholds (issue 19). */
  wellbeing: wellbeingSettingsSchema,
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTING_SCHEMAS)[K]>;

export const SETTING_KEYS = Object.keys(SETTING_SCHEMAS) as SettingKey[];

export const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(SETTING_SCHEMAS, key);
