import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { fragment, type SqlFragment, sql } from '../db/sql.ts';
import type { DraftInput } from './announcement.schema.ts';
import type { AnnouncementRow, AnnouncementState, AudienceSpec } from './announcement.table.ts';

/** Active employees the audience names (alias e = employee, s = section). */
export function audienceWhere(a: AudienceSpec): SqlFragment {
  const wantsManager = a.roles.includes('manager');
  const roles = a.roles.filter((r) => r !== 'manager');
  return fragment`e.active and (
    ${a.everyone}::boolean
    or s.bureau_id = any(${a.bureauIds}::uuid[])
    or e.section_id = any(${a.sectionIds}::uuid[])
    or e.id = any(${a.employeeIds}::uuid[])
    or exists (select 1 from role_assignment ra where ra.employee_id = e.id and ra.role = any(${roles}::text[]))
    or (${wantsManager}::boolean and exists (select 1 from employee r where r.manager_id = e.id and r.active))
    or exists (select 1 from entra_group_member gm
                where gm.group_id = any(${a.entraGroupIds ?? []}::uuid[]) and gm.employee_id = e.id))`;
}

export async function countAudience(db: Db, audience: AudienceSpec): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql`
    select count(*)::int as n from employee e join section s on s.id = e.section_id where ${audienceWhere(audience)}`);
  return row?.n ?? 0;
}

/** Resolves uploaded UPNs / employee numbers; unknown entries come back with their line. */
export async function resolvePeople(
  db: Db,
  entries: { line: number; value: string }[],
): Promise<{ employeeIds: string[]; unknown: { line: number; value: string }[] }> {
  const values = entries.map((e) => e.value.toLowerCase());
  const rows = await db.query<{ id: string; upn: string | null; employee_no: string }>(sql`
    select id, lower(upn) as upn, lower(employee_no) as employee_no from employee
     where active and (lower(upn) = any(${values}::text[]) or lower(employee_no) = any(${values}::text[]))`);
  const byKey = new Map<string, string>();
  for (const r of rows) {
    if (r.upn) byKey.set(r.upn, r.id);
    byKey.set(r.employee_no, r.id);
  }
  const ids = new Set<string>();
  const unknown: { line: number; value: string }[] = [];
  for (const e of entries) {
    const id = byKey.get(e.value.toLowerCase());
    if (id) ids.add(id);
    else unknown.push(e);
  }
  return { employeeIds: [...ids], unknown };
}

const reminderMinutes = (d: DraftInput) => (d.reminders ? d.reminders.afterHours * 60 : null);

export async function insertDraft(db: Db, createdBy: string, d: DraftInput): Promise<AnnouncementRow> {
  const [row] = await db.query<AnnouncementRow>(sql`
    insert into announcement (title, body, image_url, links, ack_enabled, language, audience, created_by,
                              reminder_after_minutes, reminder_max, files)
    values (${d.title}, ${d.body}, ${d.imageUrl}, ${JSON.stringify(d.links)}, ${d.ackEnabled}, ${d.language}, ${JSON.stringify(d.audience)}, ${createdBy},
            ${reminderMinutes(d)}, ${d.reminders?.max ?? 0}, ${JSON.stringify(d.files ?? [])}::jsonb)
    returning *`);
  return row as AnnouncementRow;
}

/** Edits a draft only: a submitted announcement is changed with "update" after sending. */
export async function updateDraft(db: Db, id: string, d: DraftInput): Promise<AnnouncementRow | undefined> {
  return maybeOne<AnnouncementRow>(
    db,
    sql`
    update announcement set title = ${d.title}, body = ${d.body}, image_url = ${d.imageUrl}, links = ${JSON.stringify(d.links)},
           ack_enabled = ${d.ackEnabled}, language = ${d.language}, audience = ${JSON.stringify(d.audience)},
           reminder_after_minutes = ${reminderMinutes(d)}, reminder_max = ${d.reminders?.max ?? 0},
           files = ${JSON.stringify(d.files ?? [])}::jsonb, updated_at = now()
     where id = ${id} and state = 'draft' returning *`,
  );
}

export const findAnnouncement = (db: Db, id: string) =>
  maybeOne<AnnouncementRow>(db, sql`select * from announcement where id = ${id}`);

export async function listAnnouncements(db: Db, limit = 50): Promise<AnnouncementRow[]> {
  return db.query<AnnouncementRow>(sql`select * from announcement order by created_at desc limit ${limit}`);
}

/** A state change that only happens from the given states (two clicks or two instances: one wins). */
export async function transition(
  db: Db,
  id: string,
  from: AnnouncementState[],
  to: AnnouncementState,
  extra: { approvedBy?: string; scheduledAt?: Date | null } = {},
): Promise<AnnouncementRow | undefined> {
  return maybeOne<AnnouncementRow>(
    db,
    sql`
    update announcement set state = ${to}, updated_at = now(),
           approved_by = coalesce(${extra.approvedBy ?? null}::uuid, approved_by),
           scheduled_at = case when ${extra.scheduledAt !== undefined} then ${extra.scheduledAt ?? null}::timestamptz else scheduled_at end,
           send_started_at = case when ${to} = 'sending' then coalesce(send_started_at, now()) else send_started_at end
     where id = ${id} and state = any(${from}::text[]) returning *`,
  );
}

/** Scheduled announcements whose time has come (the caller's clock, so tests can move it). */
export async function dueScheduled(db: Db, now: Date): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    sql`select id from announcement where state = 'scheduled' and scheduled_at <= ${now}`,
  );
  return rows.map((r) => r.id);
}

/** Settings of this capability (one row in `setting`), merged over the defaults by the caller. */
export async function readAnnouncementSettings(db: Db): Promise<Record<string, unknown>> {
  const row = await maybeOne<{ value: Record<string, unknown> }>(
    db,
    sql`select value from setting where key = 'announcements'`,
  );
  return row?.value ?? {};
}

/** Parks an edit of a sent announcement until a second person approves it (four eyes). */
export async function setPendingUpdate(
  db: Db,
  id: string,
  content: DraftInput,
  by: string,
): Promise<AnnouncementRow | undefined> {
  return maybeOne<AnnouncementRow>(
    db,
    sql`
    update announcement set pending_update = ${JSON.stringify(content)}::jsonb, pending_update_by = ${by}::uuid,
           updated_at = now()
     where id = ${id} and state in ('sending', 'sent') and recalled_at is null returning *`,
  );
}

/** Takes the parked edit (once: two approvers clicking at once get it only once). */
export async function takePendingUpdate(
  db: Db,
  id: string,
  approver: string,
): Promise<DraftInput | undefined> {
  const row = await maybeOne<{ pending_update: DraftInput }>(
    db,
    sql`
    update announcement a set pending_update = null, pending_update_by = null, approved_by = ${approver}::uuid
      from (select id, pending_update from announcement where id = ${id} for update) old
     where a.id = old.id and old.pending_update is not null
     returning old.pending_update`,
  );
  return row?.pending_update;
}

/** The bureaus and sections an audience can name, in the register's order. */
export async function audienceUnits(db: Db): Promise<{
  bureaus: { id: string; name: string }[];
  sections: { id: string; name: string; bureauId: string }[];
}> {
  const bureaus = await db.query<{ id: string; name: string }>(
    sql`select id, name from bureau order by sort_order, code`,
  );
  const sections = await db.query<{ id: string; name: string; bureau_id: string }>(
    sql`select id, name, bureau_id from section order by code`,
  );
  return { bureaus, sections: sections.map((s) => ({ id: s.id, name: s.name, bureauId: s.bureau_id })) };
}
