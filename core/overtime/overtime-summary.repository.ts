import type { Db } from '../db/db.ts';
import { type PersonRead, readPerson } from '../org/person-read.ts';
import type { YearMonth } from '../shared/year-month.ts';
import {
  ALERT_VIEW_COLUMNS,
  ALERT_VIEW_FROM,
  type AlertView,
  toAlertView,
} from './overtime-alert-view.repository.ts';

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
  openAlerts: AlertView[];
}

export interface FiguresQuery {
  /** The summary's month and the first month of its six. */
  month: YearMonth;
  firstMonth: YearMonth;
  fiscalYear: number;
  /** The overtime year's first month (他律 months from here up to `month` count as moved). */
  yearStart: YearMonth;
}

// One statement over `me` (the person: me.id, me.heteronomous), so that 残業 reads it with the
// turn's identity (a bot turn waits for each round trip). $1/$2 first and last month, $3 fiscal
// year, $4 year start.
const FIGURES = `
  (select json_agg(json_build_object('month', to_char(g.month, 'YYYY-MM'),
                                     'minutes', coalesce(m.overtime_minutes, 0),
                                     'last', m.last_work_date::text) order by g.month)
     from generate_series($1::date, $2::date, interval '1 month') as g(month)
     -- The range as well: an index range scan of six rows, not every month the person ever had.
     left join overtime_month m on m.employee_id = me.id and m.month = g.month::date
                               and m.month between $1::date and $2::date) as months,
  (select overtime_minutes from overtime_year where employee_id = me.id and fiscal_year = $3::int) as year_minutes,
  (not me.heteronomous and exists (
     select 1 from overtime_month m join section s on s.id = m.section_id
      where m.employee_id = me.id and s.heteronomous
        and m.month >= $4::date and m.month < $2::date)) as moved`;

const values = (q: FiguresQuery) => [
  `${q.firstMonth}-01`,
  `${q.month}-01`,
  q.fiscalYear,
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

export async function readSummaryFigures(
  db: Db,
  employee: { id: string; heteronomous: boolean },
  q: FiguresQuery,
): Promise<SummaryFigures> {
  return readPerson(db, employee, {
    name: 'overtime-summary',
    columns: FIGURES,
    values: values(q),
    read: (row) => toFigures(row as unknown as FiguresRecord),
  });
}

// $5 how many open alerts.
const COMMAND_COLUMNS = `${FIGURES},
      (select value from setting where key = 'overtime') as stored_settings,
      (select json_agg(v order by v.raised_on desc, v.id desc)
         from (select ${ALERT_VIEW_COLUMNS} ${ALERT_VIEW_FROM}
                where a.follow_up = 'open' and (a.manager_id = me.id or a.escalated_to = me.id)
                order by a.raised_on desc, a.id desc limit $5::int) v) as open_alerts`;

/** The summary's figures, the 'overtime' setting and the open 100 h alerts' views: one read of `me`. */
export function commandFiguresRead(
  q: FiguresQuery,
  openAlertLimit: number,
): PersonRead<SummaryFigures & CommandExtras> {
  return {
    name: 'overtime-command',
    columns: COMMAND_COLUMNS,
    values: [...values(q), openAlertLimit],
    read(r) {
      const row = r as unknown as FiguresRecord & {
        stored_settings: Record<string, unknown> | null;
        open_alerts: Parameters<typeof toAlertView>[0][] | null;
      };
      return {
        ...toFigures(row),
        storedSettings: row.stored_settings ?? {},
        openAlerts: (row.open_alerts ?? []).map(toAlertView),
      };
    },
  };
}
