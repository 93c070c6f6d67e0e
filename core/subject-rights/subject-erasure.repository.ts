import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { deleteRowsOf, employeeColumns, repoint } from './subject-references.repository.ts';

export interface SubjectIdentity {
  id: string;
  employeeNo: string;
  entraOid: string | null;
  upn: string | null;
}

/** Rows that exist only for this person and mean nothing without them: deleted, not re-pointed. */
const PERSONAL_ONLY_TABLES = new Set([
  'role_assignment',
  'employee_preference',
  'graph_user',
  'leave_on_time_opt_out',
]);
/** Columns that carry an identity outside the employee table (ids of Entra, sign-in names). */
const IDENTITY_COPY_COLUMNS = ['aad_object_id', 'entra_oid', 'upn'];

export interface ErasureCounts {
  repointed: number;
  deleted: number;
  identityCopies: number;
  auditEntries: number;
}

/**
 * Erasure that keeps the aggregates: the person's rows (hours, leave, alerts, deliveries…) are moved
 * to an anonymous stand-in employee in the same section (same gender and grade, so the ministry's
 * figures do not change) that has no name, number, Entra id or sign-in name; rows that exist only
 * for the person are deleted; childcare answers (spouse and family details) are wiped; copies of
 * the Entra id elsewhere are removed; the audit log keeps every event, with the person replaced by
 * a pseudonym that appears nowhere else. Must run in the caller's transaction.
 */
export async function eraseSubjectRows(
  tx: Db,
  subject: SubjectIdentity,
): Promise<{ pseudonym: string; counts: ErasureCounts }> {
  const standIn = randomUUID();
  const pseudonym = randomUUID();
  await tx.query(sql`
    insert into employee (id, employee_no, family_name, given_name, section_id, is_managerial, gender, active)
    select ${standIn}::uuid, ${`erased-${standIn}`}, '（削除済み）', '', section_id, is_managerial, gender, false
      from employee where id = ${subject.id}::uuid`);

  const counts: ErasureCounts = { repointed: 0, deleted: 0, identityCopies: 0, auditEntries: 0 };
  for (const col of await employeeColumns(tx)) {
    if (PERSONAL_ONLY_TABLES.has(col.table)) counts.deleted += await deleteRowsOf(tx, col, subject.id);
    else counts.repointed += await repoint(tx, col, subject.id, standIn);
  }
  // Family details of a childcare case (spouse, due date, situation) go; the case (counted in the
  // uptake figures) stays.
  await tx.query(sql`
    update childcare_sheet_version set answers = '{"erased": true}'::jsonb
     where case_id in (select id from childcare_case where employee_id = ${standIn}::uuid)`);
  await tx.query(sql`
    update childcare_wlb_sheet set answers = '{"erased": true}'::jsonb where employee_id = ${standIn}::uuid`);
  await tx.query(sql`
    update childcare_case set due_date = null, birth_date = null where employee_id = ${standIn}::uuid`);

  counts.repointed += await eraseFromOutbox(tx, subject, standIn);
  counts.identityCopies =
    (await removeIdentityCopies(tx, subject, standIn)) + (await forgetChats(tx, standIn));
  counts.auditEntries = await pseudonymiseAudit(tx, subject, pseudonym);
  await tx.query(sql`delete from employee where id = ${subject.id}::uuid`);
  return { pseudonym, counts };
}

/** Any other column named like an identity (conversation refs, Graph cache, channel acks…). */
async function removeIdentityCopies(tx: Db, subject: SubjectIdentity, standIn: string): Promise<number> {
  const values = [subject.entraOid, subject.upn].filter((v): v is string => Boolean(v));
  if (values.length === 0) return 0;
  const columns = await tx.query<{ table: string; column: string; nullable: string; type: string }>(sql`
    select c.table_name::text as "table", c.column_name::text as "column", c.is_nullable::text as nullable,
           c.data_type::text as type
      from information_schema.columns c join information_schema.tables t
        on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
     where c.table_schema = current_schema() and c.column_name = any(${IDENTITY_COPY_COLUMNS}::text[])
       and c.table_name <> 'employee'`);
  const withEmployee = new Set((await employeeColumns(tx)).map((c) => c.table));
  let n = 0;
  for (const c of columns) {
    if (!/^[a-z_][a-z0-9_]*$/.test(c.table) || !/^[a-z_][a-z0-9_]*$/.test(c.column)) continue;
    // A table with no employee column is only about the identity (chat references): the row goes.
    if (!withEmployee.has(c.table)) {
      const rows = await tx.query({
        text: `delete from "${c.table}" where lower("${c.column}"::text) = any($1::text[]) returning 1`,
        values: [values.map((v) => v.toLowerCase())],
      });
      n += rows.length;
      continue;
    }
    const where = `lower(${c.column}::text) = any($1::text[])`;
    const args = [values.map((v) => v.toLowerCase())];
    // Nullable: forget the copy; a text key: a pseudonymous value keeps counts; otherwise the row goes.
    const statement =
      c.nullable === 'YES'
        ? `update "${c.table}" set "${c.column}" = null where ${where} returning 1`
        : c.type === 'text'
          ? `update "${c.table}" set "${c.column}" = $2 where ${where} returning 1`
          : `delete from "${c.table}" where ${where} returning 1`;
    const rows = await tx.query({
      text: statement,
      values: c.nullable !== 'YES' && c.type === 'text' ? [...args, `erased:${standIn}`] : args,
    });
    n += rows.length;
  }
  return n;
}

/**
 * The 1:1 chat ids kept on the person's delivery rows would still reach them: forgotten (the rows,
 * counted in the delivery figures, stay with the stand-in).
 */
async function forgetChats(tx: Db, standIn: string): Promise<number> {
  const columns = await tx.query<{ table: string }>(sql`
    select c.table_name::text as "table" from information_schema.columns c
     where c.table_schema = current_schema() and c.column_name = 'conversation_id' and c.is_nullable = 'YES'`);
  let n = 0;
  for (const col of await employeeColumns(tx)) {
    if (!columns.some((c) => c.table === col.table) || col.table === 'employee') continue;
    const rows = await tx.query({
      text: `update "${col.table}" set conversation_id = null where "${col.column}" = $1::uuid and conversation_id is not null returning 1`,
      values: [standIn],
    });
    n += rows.length;
  }
  return n;
}

/**
 * The audit trail stays complete (every event, its time and kind) but no longer names the person:
 * their id becomes the pseudonym, their number and Entra id disappear from the details, and the
 * old and new values of changes to their own record keep only the field names.
 * Permitted by the audit guard only inside this transaction (migration 0010).
 */
async function pseudonymiseAudit(tx: Db, subject: SubjectIdentity, pseudonym: string): Promise<number> {
  await tx.exec(`set local kinmu.audit_pseudonymise = 'on'`);
  const needles = [subject.id, subject.entraOid, subject.upn].filter((v): v is string => Boolean(v));
  const quotedNo = `"${subject.employeeNo}"`;
  const touched = await tx.query<{ id: string }>(sql`
    update audit_log set
      actor_id = case when actor_id = ${subject.id}::uuid then ${pseudonym}::uuid else actor_id end,
      actor_label = case when actor_id = ${subject.id}::uuid then null else actor_label end,
      target_id = case when target_id = any(${needles}::text[]) then ${pseudonym} else target_id end,
      detail = case when detail is null then null else (
        select replace(replace(replace(replace(detail::text, ${subject.id}, ${pseudonym}),
                       ${quotedNo}, '"erased"'), ${subject.entraOid ?? subject.id}, ${pseudonym}),
                       ${subject.upn ?? subject.id}, ${pseudonym})::jsonb) end
     where actor_id = ${subject.id}::uuid or target_id = any(${needles}::text[])
        or detail::text like any(${needles.map((n) => `%${n}%`).concat([`%${quotedNo}%`])}::text[])
    returning id::text`);
  // Their own record's changes: which fields changed stays, the values (names, ids) go.
  await tx.query(sql`
    update audit_log set detail = jsonb_set(detail, '{changes}',
      coalesce((select jsonb_agg(jsonb_build_object('field', c->'field')) from jsonb_array_elements(detail->'changes') c), '[]'::jsonb))
     where target_id = ${pseudonym} and jsonb_typeof(detail->'changes') = 'array'`);
  await tx.exec(`set local kinmu.audit_pseudonymise = 'off'`);
  return touched.length;
}

/**
 * The outbox (core/delivery) names people in text columns, not by foreign key: its recipient is an
 * employee id as text (announcements, alerts) or the Entra object id (cards sent through
 * sendCard: reminders, nudges, reports, childcare), and a card sent to someone else (a manager's 100 h card) may carry the
 * person's name or number. Their own rows move to the stand-in without the chat they went to;
 * cards that mention them lose their content (already delivered) or, not yet sent, are cancelled.
 */
async function eraseFromOutbox(tx: Db, subject: SubjectIdentity, standIn: string): Promise<number> {
  const own = await tx.query(sql`
    update delivery set recipient = ${standIn}, aad_object_id = null, conversation_id = null, service_url = null
     where recipient = any(${[subject.id, subject.entraOid].filter((v): v is string => !!v)}::text[])
        or (${subject.entraOid}::text is not null and aad_object_id = ${subject.entraOid})
     returning 1`);
  const [person] = await tx.query<{ family: string; given: string }>(
    sql`select family_name as family, given_name as given from employee where id = ${subject.id}::uuid`,
  );
  // The full name as cards print it (with a space, an ideographic space or none); a family name
  // alone would also match namesakes.
  const names = person?.given ? [' ', '　', ''].map((sep) => `${person.family}${sep}${person.given}`) : [];
  const needles = [subject.id, subject.employeeNo, ...names].filter((v) => v.trim().length > 1);
  const mentions = await tx.query(sql`
    update delivery
       set card = null, summary = null,
           state = case when state in ('due', 'in_flight') then 'cancelled' else state end
     where (card is not null or summary is not null)
       and exists (select 1 from unnest(${needles}::text[]) n
                    where strpos(coalesce(card::text, '') || coalesce(summary, ''), n) > 0)
    returning 1`);
  return own.length + mentions.length;
}
