import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../shared/errors.ts';
import { zodFieldErrors } from '../shared/zod-errors.ts';
import { type SettingKey, type SettingValue, settingSchema } from './settings.registry.ts';

/** The stored overrides of a setting (what someone changed), or {} when nothing was changed. */
export async function storedSetting(db: Db, key: SettingKey): Promise<Record<string, unknown>> {
  const [row] = await db.query<{ value: Record<string, unknown> }>(
    sql`select value from setting where key = ${key}`,
  );
  return row?.value ?? {};
}

/**
 * The effective setting: stored overrides over the defaults. A stored value that no longer parses
 * (a schema tightened since) falls back to the defaults rather than stopping the app.
 */
export async function readSetting<K extends SettingKey>(db: Db, key: K): Promise<SettingValue<K>> {
  return parseSetting(key, await storedSetting(db, key));
}

/** The effective setting from stored overrides read elsewhere (in a statement that reads more). */
export function parseSetting<K extends SettingKey>(key: K, stored: unknown): SettingValue<K> {
  const schema = settingSchema(key);
  const parsed = schema.safeParse(stored ?? {});
  return (parsed.success ? parsed.data : schema.parse({})) as SettingValue<K>;
}

export interface SettingChange {
  key: SettingKey;
  before: Record<string, unknown>;
  after: SettingValue<SettingKey>;
}

/**
 * Validates and stores a whole setting object; the change (old and new value: settings hold no
 * personal data) goes to the audit log in the same transaction. Bad input stores nothing.
 */
export async function writeSetting<K extends SettingKey>(
  db: Db,
  key: K,
  input: unknown,
  actorId: string,
): Promise<SettingValue<K>> {
  // A value with keys the setting does not have is a mistake (a typo, another setting's form): saving
  // it would silently put every field back to its default. Refuse it and name the keys.
  const schema = settingSchema(key);
  const known = Object.keys(schema.shape);
  const unknown =
    input && typeof input === 'object' ? Object.keys(input).filter((k) => !known.includes(k)) : [];
  if (unknown.length > 0)
    throw new AppError(
      'bad_request',
      `The setting "${key}" was not saved: unknown field(s) ${unknown.join(', ')}.`,
      unknown.map((k) => ({ where: `${key}.${k}`, message: `unknown field (known: ${known.join(', ')})` })),
    );
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new AppError(
      'bad_request',
      `The setting "${key}" was not saved: ${parsed.error.issues.length} problem(s).`,
      zodFieldErrors(parsed.error.issues, { prefix: [key] }),
    );
  return db.transaction(async (tx) => {
    const before = await storedSetting(tx, key);
    await tx.query(sql`
      insert into setting (key, value, updated_by, updated_at) values (${key}, ${JSON.stringify(parsed.data)}::jsonb, ${actorId}, now())
      on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`);
    await writeAudit(tx, {
      actorId,
      action: 'setting.change',
      targetType: 'setting',
      targetId: key,
      detail: { before, after: parsed.data },
    });
    return parsed.data as SettingValue<K>;
  });
}

/** The group-size floor in force: the 設定 value, else the deployment's MIN_GROUP_SIZE. */
export async function minGroupSize(db: Db, configured: number): Promise<number> {
  const stored = await storedSetting(db, 'privacy');
  const parsed = settingSchema('privacy').safeParse(stored);
  return parsed.success && 'minGroupSize' in stored ? parsed.data.minGroupSize : configured;
}

export interface SettingMeta {
  key: string;
  updatedAt: string;
  /** The name of who changed it last, null when that person is gone. */
  updatedBy: string | null;
}

/** When and by whom each stored setting was last changed (a setting never changed has no row). */
export async function settingsMeta(db: Db): Promise<SettingMeta[]> {
  const rows = await db.query<{ key: string; updated_at: string; updated_by: string | null }>(sql`
    select st.key, st.updated_at::text as updated_at, e.family_name || ' ' || e.given_name as updated_by
      from setting st left join employee e on e.id = st.updated_by`);
  return rows.map((r) => ({ key: r.key, updatedAt: r.updated_at, updatedBy: r.updated_by }));
}
