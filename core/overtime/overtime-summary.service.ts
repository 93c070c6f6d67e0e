import type { OvertimeSummary } from '../../contracts/tab-api/overtime.contract.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { fiscalYearOf, monthOf, tokyoDateOf } from '../shared/calendar.ts';
import { overtimeYearStart, shiftMonth } from '../shared/year-month.ts';
import { capsFor, projectMonthEnd } from './overtime.rules.ts';
import type { OvertimeSettings } from './overtime.settings.ts';
import { heteronomousEarlier } from './special-duty.repository.ts';
import { annualCapFor } from './special-duty.rules.ts';

export type { OvertimeSummary };

export async function overtimeSummary(
  db: Db,
  employee: { id: string; heteronomous: boolean },
  now: Date,
  settings: OvertimeSettings,
): Promise<OvertimeSummary> {
  const today = tokyoDateOf(now);
  const month = monthOf(today);
  // Independent reads, issued together: on PostgreSQL each is its own round trip (the bot turn waits for them).
  const [rows, [year], earlier] = await Promise.all([
    db.query<{ month: string; minutes: number; last: string | null }>(sql`
    select to_char(g.month, 'YYYY-MM') as month, coalesce(m.overtime_minutes, 0) as minutes, m.last_work_date::text as last
      from generate_series(${`${shiftMonth(month, -5)}-01`}::date, ${`${month}-01`}::date, interval '1 month') as g(month)
      left join overtime_month m on m.employee_id = ${employee.id} and m.month = g.month::date
     order by g.month`),
    db.query<{ minutes: number }>(
      sql`select overtime_minutes as minutes from overtime_year where employee_id = ${employee.id} and fiscal_year = ${fiscalYearOf(today)}`,
    ),
    employee.heteronomous
      ? Promise.resolve(new Set<string>())
      : heteronomousEarlier(db, [employee.id], overtimeYearStart(month), month),
  ]);
  const current = rows[rows.length - 1];
  const minutesSoFar = current?.minutes ?? 0;
  const kind = employee.heteronomous ? 'heteronomous' : 'standard';
  const caps = capsFor(kind, settings);
  const moved = !employee.heteronomous && earlier.has(employee.id);
  return {
    month,
    minutesSoFar,
    dataUntil: current?.last ?? null,
    // Projected from the last day with data: days not yet imported are not days without overtime.
    projection: projectMonthEnd({ month, asOf: current?.last ?? today, minutesSoFar }),
    monthlyCapMinutes: caps.monthlyCapMinutes,
    monthlyCapExclusive: employee.heteronomous,
    annualCapMinutes: annualCapFor(kind, moved, settings),
    movedFromHeteronomous: moved,
    yearToDateMinutes: year?.minutes ?? 0,
    months: rows.map((r) => ({ month: r.month, minutes: r.minutes })),
  };
}
