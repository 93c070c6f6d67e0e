import type { Db } from '../db/db.ts';
import { SqlFragment, sql } from '../db/sql.ts';

/** A constant of this file spliced into SQL (never a value). */
const raw = (text: string) => new SqlFragment({ text, values: [] });

/** Days in a day_mask (bit d − 1 = day d of the month, migration 0017). */
const DAYS_IN = (mask: string) => `length(replace((${mask})::bit(32)::text, '0', ''))`;
/** The per-day arrays of an attendance_month row (migration 0017), in the table's order. */
export const DAY_ARRAYS = [
  'start_time',
  'end_time',
  'ends_next_day',
  'overtime_minutes',
  'leave_type',
  'leave_days',
  'leave_minutes',
  'in_office_minutes',
  'logon_at',
  'logoff_at',
] as const;

/**
 * Deletes the stored days before `cutoff` (a Japan date) and returns how many there were: whole
 * months before the cutoff's month go; in that month the earlier days' slots are emptied (the
 * month's row goes when none is left). The monthly totals (overtime_month …) stay, as retention says.
 */
export async function deleteDaysBefore(tx: Db, cutoff: string): Promise<number> {
  const [gone] = await tx.query<{ n: number }>(sql`
    with cut as (
      select date_trunc('month', ${cutoff}::date)::date as month,
             -- Bits of the days on or after the cutoff within its month.
             (~((1 << (extract(day from ${cutoff}::date)::int - 1)) - 1)) as keep
    ), counted as (
      -- Read before the changes below (one snapshot for the whole statement).
      select coalesce(sum(${raw(DAYS_IN('case when m.month < cut.month then m.day_mask else m.day_mask & ~cut.keep end'))}), 0)::int as n
        from attendance_month m, cut where m.month <= cut.month
    ), deleted as (
      delete from attendance_month m using cut
       where m.month < cut.month or (m.month = cut.month and m.day_mask & cut.keep = 0)
    ), trimmed as (
      update attendance_month m set day_mask = m.day_mask & cut.keep,
             ${raw(DAY_ARRAYS.map((c) => `${c} = attendance_pick(cut.keep, m.${c}, '{}')`).join(', '))},
             updated_at = now()
        from cut
       where m.month = cut.month and m.day_mask & cut.keep <> 0 and m.day_mask & ~cut.keep <> 0
    )
    select n from counted`);
  return gone?.n ?? 0;
}
