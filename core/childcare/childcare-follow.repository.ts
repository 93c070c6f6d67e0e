import type { Db } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';
import type { IsoDate } from '../shared/calendar.ts';
import { bureauAtBirth } from './childcare.repository.ts';

/** SQL of the manager follow sheet (childcare_manager_follow, migration 0011). */

export interface FollowRow {
  case_id: string;
  manager_id: string;
  explained_at: string | null;
  encouraged_at: string | null;
  cover_arranged_at: string | null;
  talk_date: string | null;
  completed_at: string | null;
  sent_on: string | null;
  last_reminded_on: string | null;
  reminders: number;
}

const columns = fragment`case_id, manager_id, explained_at::text, encouraged_at::text, cover_arranged_at::text,
  talk_date::text, completed_at::text, sent_on::text, last_reminded_on::text, reminders`;

export async function findFollow(db: Db, caseId: string): Promise<FollowRow | undefined> {
  const [row] = await db.query<FollowRow>(
    sql`select ${columns} from childcare_manager_follow where case_id = ${caseId}`,
  );
  return row;
}

/** Creates the follow for the case once; true when this call created it (and so sends the card). */
export async function createFollow(db: Db, caseId: string, managerId: string, on: IsoDate): Promise<boolean> {
  const rows = await db.query(sql`
    insert into childcare_manager_follow (case_id, manager_id, sent_on) values (${caseId}, ${managerId}, ${on})
    on conflict (case_id, manager_id) do nothing returning case_id`);
  return rows.length > 0;
}

/** Records the steps ticked (a tick is never taken back) and the talk date; completes when all four. */
export async function recordSteps(
  db: Db,
  caseId: string,
  managerId: string,
  steps: { explained: boolean; encouraged: boolean; coverArranged: boolean; talkDate: IsoDate | null },
): Promise<FollowRow | undefined> {
  const [row] = await db.query<FollowRow>(sql`
    update childcare_manager_follow set
      explained_at = coalesce(explained_at, case when ${steps.explained} then now() end),
      encouraged_at = coalesce(encouraged_at, case when ${steps.encouraged} then now() end),
      cover_arranged_at = coalesce(cover_arranged_at, case when ${steps.coverArranged} then now() end),
      talk_date = coalesce(${steps.talkDate}::date, talk_date)
     where case_id = ${caseId} and manager_id = ${managerId}
    returning ${columns}`);
  if (!row) return undefined;
  if (!row.completed_at && row.explained_at && row.encouraged_at && row.cover_arranged_at && row.talk_date) {
    const [done] = await db.query<FollowRow>(sql`
      update childcare_manager_follow set completed_at = now() where case_id = ${caseId} and manager_id = ${managerId}
      returning ${columns}`);
    return done;
  }
  return row;
}

/** Claims today's reminder for open follows whose interval has passed (one runner wins each). */
export async function claimDueFollowReminders(
  db: Db,
  on: IsoDate,
  settings: { intervalDays: number; maxReminders: number },
): Promise<FollowRow[]> {
  return db.query<FollowRow>(sql`
    update childcare_manager_follow f set last_reminded_on = ${on}, reminders = f.reminders + 1
      from childcare_case c
     where c.id = f.case_id and c.status <> 'closed' and c.consent
       and f.completed_at is null and f.reminders < ${settings.maxReminders}
       and coalesce(f.last_reminded_on, f.sent_on) <= ${on}::date - ${settings.intervalDays}::int
    returning f.case_id, f.manager_id, f.explained_at::text, f.encouraged_at::text, f.cover_arranged_at::text,
      f.talk_date::text, f.completed_at::text, f.sent_on::text, f.last_reminded_on::text, f.reminders`);
}

/** Follow sheets of open cases per bureau, each under the bureau of the birth (bureauAtBirth). */
export async function followCompletionByBureau(
  db: Db,
  bureauIds: readonly string[] | null,
): Promise<{ bureau_id: string; bureau_name: string; follows: number; completed: number }[]> {
  return db.query(sql`
    select b.id as bureau_id, b.name as bureau_name, count(*)::int as follows, count(f.completed_at)::int as completed
      from childcare_manager_follow f
      join childcare_case c on c.id = f.case_id
      join bureau b on b.id = ${bureauAtBirth}
     where c.status <> 'closed' and (${bureauIds === null} or b.id = any(${bureauIds ?? []}::uuid[]))
     group by b.id, b.name, b.sort_order
     order by b.sort_order, b.name`);
}
