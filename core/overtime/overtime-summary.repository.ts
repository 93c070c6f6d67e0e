import type { Db } from '../db/db.ts';
import { one } from '../db/db.ts';
import { prepared } from '../db/sql.ts';
import type { YearMonth } from '../shared/year-month.ts';

/** What a summary is computed from: the six months up to this one, the year so far, a 他律 past. */
export interface SummaryFigures {
  /** Oldest first; a month without a record has 0 minutes and no last day. */
  months: { month: YearMonth; minutes: number; last: string | null }[];
  yearToDateMinutes: number;
  /** In a 他律 section earlier in this overtime year (only asked for a standard section now). */
  movedFromHeteronomous: boolean;
}

/** What 残業 shows besides the summary: the settings in force, the 100 h alerts still waiting. */
export interface CommandExtras {
  /** The stored overrides of the 'overtime' setting ({} when nothing was changed). */
  storedSettings: Record<string, unknown>;
  /** Open 100 h alerts this person is to follow up (manager or escalated to), newest first. */
  openAlertIds: number[];
}

export interface FiguresQuery {
  employeeId: string;
  heteronomous: boolean;
  /** The summary's month and the first month of its six. */
  month: YearMonth;
  firstMonth: YearMonth;
  fiscalYear: number;
  /** The overtime year's first month (他律 months from here up to `month` count as moved). */
  yearStart: YearMonth;
}

// One statement: a bot turn waits for each round trip (three reads issued together still cost
// three connections, writes and wake-ups on the server). $1 employee, $2/$3 first and last month,
// $4 fiscal year, $5 look for a 他律 past, $6 year start.
const FIGURES = `
  (select json_agg(json_build_object('month', to_char(g.month, 'YYYY-MM'),
                                     'minutes', coalesce(m.overtime_minutes, 0),
                                     'last', m.last_work_date::text) order by g.month)
     from generate_series($2::date, $3::date, interval '1 month') as g(month)
     left join overtime_month m on m.employee_id = $1::uuid and m.month = g.month::date) as months,
  (select overtime_minutes from overtime_year where employee_id = $1::uuid and fiscal_year = $4::int) as year_minutes,
  ($5::boolean and exists (
     select 1 from overtime_month m join section s on s.id = m.section_id
      where m.employee_id = $1::uuid and s.heteronomous
        and m.month >= $6::date and m.month < $3::date)) as moved`;

const values = (q: FiguresQuery) => [
  q.employeeId,
  `${q.firstMonth}-01`,
  `${q.month}-01`,
  q.fiscalYear,
  !q.heteronomous,
  `${q.yearStart}-01`,
];

interface FiguresRecord {
  months: { month: string; minutes: number; last: string | null }[] | null;
  year_minutes: number | null;
  moved: boolean;
}

const toFigures = (r: FiguresRecord): SummaryFigures => ({
  months: (r.months ?? []).map((m) => ({ month: m.month, minutes: Number(m.minutes), last: m.last })),
  yearToDateMinutes: r.year_minutes ?? 0,
  movedFromHeteronomous: r.moved === true,
});

export async function readSummaryFigures(db: Db, q: FiguresQuery): Promise<SummaryFigures> {
  return toFigures(
    await one<FiguresRecord>(
      db,
      prepared('overtime-summary', { text: `select ${FIGURES}`, values: values(q) }),
    ),
  );
}

/** The summary's figures, the 'overtime' setting and the open 100 h alerts: one round trip. */
export async function readCommandFigures(
  db: Db,
  q: FiguresQuery,
  openAlertLimit: number,
): Promise<SummaryFigures & CommandExtras> {
  const row = await one<
    FiguresRecord & { stored_settings: Record<string, unknown> | null; open_ids: (number | string)[] | null }
  >(
    db,
    prepared('overtime-command', {
      text: `select ${FIGURES},
      (select value from setting where key = 'overtime') as stored_settings,
      (select json_agg(a.id order by a.raised_on desc, a.id desc)
         from (select id, raised_on from overtime_alert
                where follow_up = 'open' and (manager_id = $1::uuid or escalated_to = $1::uuid)
                order by raised_on desc, id desc limit $7::int) a) as open_ids`,
      values: [...values(q), openAlertLimit],
    }),
  );
  return {
    ...toFigures(row),
    storedSettings: row.stored_settings ?? {},
    openAlertIds: (row.open_ids ?? []).map(Number),
  };
}
