import type { Db } from '../db/db.ts';
import { prepared, sql } from '../db/sql.ts';
import { parseSetting, readSetting } from '../settings/settings.repository.ts';

export interface Preferences {
  quietStart: string;
  quietEnd: string;
}

/** The org-wide quiet hours (設定 › quietHours): what everyone gets until they choose their own. */
export async function orgPreferences(db: Db): Promise<Preferences> {
  const org = await readSetting(db, 'quietHours');
  return { quietStart: org.start, quietEnd: org.end };
}

/**
 * The person's own quiet hours, else the org-wide ones in force now (not a copy taken earlier):
 * both read in one statement (設定 asks on every turn).
 */
export async function getPreferences(db: Db, employeeId: string): Promise<Preferences> {
  const [row] = await db.query<{ quiet_start: string | null; quiet_end: string | null; org: unknown }>(
    prepared(
      'preferences',
      sql`
    select to_char(p.quiet_start, 'HH24:MI') as quiet_start, to_char(p.quiet_end, 'HH24:MI') as quiet_end,
           (select value from setting where key = 'quietHours') as org
      from (select 1) one left join employee_preference p on p.employee_id = ${employeeId}`,
    ),
  );
  if (row?.quiet_start && row.quiet_end) return { quietStart: row.quiet_start, quietEnd: row.quiet_end };
  const org = parseSetting('quietHours', row?.org);
  return { quietStart: org.start, quietEnd: org.end };
}

/**
 * Quiet hours of many people at once, for senders: everyone gets an answer — their own hours, else
 * the org-wide ones in force now. The one place leave, overtime and childcare read them from.
 */
export async function quietHoursOf(
  db: Db,
  employeeIds: readonly string[],
): Promise<Map<string, { start: string; end: string }>> {
  if (employeeIds.length === 0) return new Map();
  const rows = await db.query<{ employee_id: string; start: string; end: string }>(sql`
    select employee_id, to_char(quiet_start, 'HH24:MI') as start, to_char(quiet_end, 'HH24:MI') as "end"
      from employee_preference where employee_id = any(${employeeIds}::uuid[])`);
  const own = new Map(rows.map((r) => [r.employee_id, { start: r.start, end: r.end }]));
  const org = await orgPreferences(db);
  return new Map(employeeIds.map((id) => [id, own.get(id) ?? { start: org.quietStart, end: org.quietEnd }]));
}

export async function savePreferences(db: Db, employeeId: string, prefs: Preferences): Promise<void> {
  await db.query(sql`
    insert into employee_preference (employee_id, quiet_start, quiet_end)
    values (${employeeId}, ${prefs.quietStart}::time, ${prefs.quietEnd}::time)
    on conflict (employee_id) do update set quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, updated_at = now()`);
}
