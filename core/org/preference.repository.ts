import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';

export interface Preferences {
  quietStart: string;
  quietEnd: string;
}

export const DEFAULT_PREFERENCES: Preferences = { quietStart: '20:00', quietEnd: '08:00' };

export async function getPreferences(db: Db, employeeId: string): Promise<Preferences> {
  const [row] = await db.query<{ quiet_start: string; quiet_end: string }>(
    sql`select to_char(quiet_start, 'HH24:MI') as quiet_start, to_char(quiet_end, 'HH24:MI') as quiet_end
          from employee_preference where employee_id = ${employeeId}`,
  );
  return row ? { quietStart: row.quiet_start, quietEnd: row.quiet_end } : DEFAULT_PREFERENCES;
}

export async function savePreferences(db: Db, employeeId: string, prefs: Preferences): Promise<void> {
  await db.query(sql`
    insert into employee_preference (employee_id, quiet_start, quiet_end)
    values (${employeeId}, ${prefs.quietStart}::time, ${prefs.quietEnd}::time)
    on conflict (employee_id) do update set quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, updated_at = now()`);
}
