import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { parseSetting, readSetting } from '../settings/settings.repository.ts';
import { type PersonRead, readPerson } from './person-read.ts';

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
 * both read in one statement, a read of `me` (設定 reads it with the turn's identity).
 */
export function preferencesRead(): PersonRead<Preferences> {
  return {
    name: 'preferences',
    columns: `(select json_build_object('start', to_char(p.quiet_start, 'HH24:MI'), 'end', to_char(p.quiet_end, 'HH24:MI'))
                 from employee_preference p where p.employee_id = me.id) as own_quiet_hours,
              (select value from setting where key = 'quietHours') as org_quiet_hours`,
    values: [],
    read(row) {
      const own = row.own_quiet_hours as { start: string | null; end: string | null } | null;
      if (own?.start && own.end) return { quietStart: own.start, quietEnd: own.end };
      const org = parseSetting('quietHours', row.org_quiet_hours);
      return { quietStart: org.start, quietEnd: org.end };
    },
  };
}

export const getPreferences = (db: Db, employeeId: string): Promise<Preferences> =>
  readPerson(db, { id: employeeId }, preferencesRead());

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
