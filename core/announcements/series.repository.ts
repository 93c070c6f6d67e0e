import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { DraftInput } from './announcement.schema.ts';
import type { AnnouncementRow } from './announcement.table.ts';
import type { Recurrence } from './recurrence.rules.ts';

export type SeriesState = 'pending_approval' | 'active' | 'stopped';

export interface SeriesRow {
  id: string;
  content: DraftInput;
  recurrence: Recurrence;
  state: SeriesState;
  created_by: string;
  approved_by: string | null;
  updated_by: string | null;
  stopped_at: Date | null;
  effective_from: Date;
  created_at: Date;
  updated_at: Date;
}

export async function insertSeries(
  db: Db,
  by: string,
  content: DraftInput,
  recurrence: Recurrence,
  state: SeriesState,
  now: Date,
): Promise<SeriesRow> {
  const [row] = await db.query<SeriesRow>(sql`
    insert into announcement_series (content, recurrence, state, created_by, effective_from)
    values (${JSON.stringify(content)}::jsonb, ${JSON.stringify(recurrence)}::jsonb, ${state}, ${by}::uuid, ${now})
    returning *`);
  return row as SeriesRow;
}

export const findSeries = (db: Db, id: string) =>
  maybeOne<SeriesRow>(db, sql`select * from announcement_series where id = ${id}::uuid`);

export const listSeries = (db: Db) =>
  db.query<SeriesRow>(sql`select * from announcement_series order by created_at desc limit 100`);

export const activeSeries = (db: Db) =>
  db.query<SeriesRow>(sql`select * from announcement_series where state = 'active'`);

/** A state change only from the given states (two approvers at once: one wins). */
export function setSeriesState(
  db: Db,
  id: string,
  from: SeriesState[],
  to: SeriesState,
  extra: { approvedBy?: string; now?: Date } = {},
): Promise<SeriesRow | undefined> {
  return maybeOne<SeriesRow>(
    db,
    sql`
    update announcement_series set state = ${to}, updated_at = now(),
           effective_from = coalesce(${extra.now ?? null}::timestamptz, effective_from),
           approved_by = case when ${to} = 'active' then coalesce(${extra.approvedBy ?? null}::uuid, approved_by) else approved_by end,
           stopped_at = case when ${to} = 'stopped' then now() else stopped_at end
     where id = ${id}::uuid and state = any(${from}::text[]) returning *`,
  );
}

export function updateSeries(
  db: Db,
  id: string,
  by: string,
  content: DraftInput,
  recurrence: Recurrence,
  state: SeriesState,
  now: Date,
): Promise<SeriesRow | undefined> {
  return maybeOne<SeriesRow>(
    db,
    sql`
    update announcement_series set effective_from = ${now}, content = ${JSON.stringify(content)}::jsonb, recurrence = ${JSON.stringify(recurrence)}::jsonb,
           state = ${state}, updated_by = ${by}::uuid, updated_at = now(),
           approved_by = case when ${state} = 'pending_approval' then null else approved_by end
     where id = ${id}::uuid and state in ('pending_approval', 'active') returning *`,
  );
}

/**
 * The occurrence of `date` as a scheduled announcement, once (the unique index): a second process
 * making the same one gets nothing back. Approved by the series' approver.
 */
export async function insertOccurrence(
  db: Db,
  s: SeriesRow,
  date: string,
  at: Date,
): Promise<AnnouncementRow | undefined> {
  const c = s.content;
  return maybeOne<AnnouncementRow>(
    db,
    sql`
    insert into announcement (title, body, image_url, links, ack_enabled, language, audience, created_by, approved_by,
                              reminder_after_minutes, reminder_max, state, scheduled_at, series_id, occurrence_date, files)
    values (${c.title}, ${c.body}, ${c.imageUrl ?? null}, ${JSON.stringify(c.links ?? [])}::jsonb, ${c.ackEnabled}, ${c.language},
            ${JSON.stringify(c.audience)}::jsonb, ${s.created_by}::uuid, ${s.approved_by}::uuid,
            ${c.reminders ? c.reminders.afterHours * 60 : null}, ${c.reminders?.max ?? 0},
            'scheduled', ${at}, ${s.id}::uuid, ${date}::date, ${JSON.stringify(c.files ?? [])}::jsonb)
    on conflict (series_id, occurrence_date) where series_id is not null do nothing
    returning *`,
  );
}

/**
 * Occurrences not sent yet leave the series' future: deleted after an edit (nothing of them went
 * out; the next one is made again from the edited series), cancelled when the series stops.
 */
export async function dropUnsentOccurrences(
  db: Db,
  seriesId: string,
  how: 'delete' | 'cancel',
): Promise<number> {
  const rows =
    how === 'delete'
      ? await db.query(
          sql`delete from announcement where series_id = ${seriesId}::uuid and state = 'scheduled' returning id`,
        )
      : await db.query(
          sql`update announcement set state = 'cancelled', updated_at = now()
               where series_id = ${seriesId}::uuid and state = 'scheduled' returning id`,
        );
  return rows.length;
}

export interface OccurrenceSummary {
  id: string;
  occurrence_date: string;
  scheduled_at: Date;
  state: string;
  recipient_count: number | null;
  acked: number;
}

export function occurrencesOf(db: Db, seriesId: string): Promise<OccurrenceSummary[]> {
  return db.query<OccurrenceSummary>(sql`
    select a.id, to_char(a.occurrence_date, 'YYYY-MM-DD') as occurrence_date, a.scheduled_at, a.state, a.recipient_count,
           (select count(*)::int from announcement_ack k where k.announcement_id = a.id) as acked
      from announcement a where a.series_id = ${seriesId}::uuid order by a.occurrence_date desc limit 200`);
}
