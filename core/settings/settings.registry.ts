import { z } from 'zod';
import { DEFAULT_MIN_GROUP_SIZE } from '../shared/privacy.ts';

/**
 * Every setting the 設定 page can change, by key, with its schema. A stored value is any subset of
 * the object; the schema's defaults fill the rest, so a new field never breaks an old row.
 * core/settings holds the plumbing's own two (privacy, quietHours). A capability declares its
 * setting in its *.settings.ts (adding its key to SettingSchemas) and its server module registers
 * it at start: this folder knows none of them. Read a key with readSetting(db, key) (settings.repository.ts).
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

/** The settings' schemas by key. A capability adds its own with `declare module` in its *.settings.ts. */
export interface SettingSchemas {
  privacy: typeof privacySettingsSchema;
  quietHours: typeof quietHoursSettingsSchema;
}

export type SettingKey = keyof SettingSchemas;
export type SettingValue<K extends SettingKey> = z.output<SettingSchemas[K]>;

const schemas = new Map<SettingKey, z.ZodObject>([
  ['privacy', privacySettingsSchema],
  ['quietHours', quietHoursSettingsSchema],
]);

/** The registered keys, in the order they were registered (the 設定 page's order). */
export const SETTING_KEYS: SettingKey[] = [...schemas.keys()];

/** A capability's setting (its server module calls this; registering the same schema again is a no-op). */
export function registerSetting<K extends SettingKey>(key: K, schema: SettingSchemas[K]): void {
  const known = schemas.get(key);
  if (known === schema) return;
  if (known) throw new Error(`setting "${key}" is registered twice, with two schemas`);
  schemas.set(key, schema);
  SETTING_KEYS.push(key);
}

export function settingSchema<K extends SettingKey>(key: K): SettingSchemas[K] {
  const schema = schemas.get(key);
  if (!schema) throw new Error(`setting "${key}" is not registered (its server module registers it)`);
  return schema as SettingSchemas[K];
}

export const isSettingKey = (key: string): key is SettingKey => schemas.has(key as SettingKey);
