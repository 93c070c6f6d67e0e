import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { messagesTo } from '../delivery/delivery-records.repository.ts';
import { AppError } from '../shared/errors.ts';
import { type ErasureCounts, eraseSubjectRows, type SubjectIdentity } from './subject-erasure.repository.ts';
import { type EmployeeColumn, employeeColumns, rowsOf } from './subject-references.repository.ts';
import { renderSubjectSummary } from './subject-summary.ts';

/**
 * Data-subject rights (個人情報の保護に関する法律 第76条以下 for 行政機関等: 開示 第76条, 訂正 第90条,
 * 利用停止 第98条; for the private sector the same rights are 第33–35条). Admin-only, each use
 * audit-logged. Correction goes through the normal paths (org import, the person's own screens);
 * this module gives the export of everything held and the erasure that keeps aggregates.
 */
export interface SubjectExport {
  generatedAt: string;
  subject: Record<string, unknown>;
  /** Rows of every table that refers to the person, keyed "table.column". */
  records: Record<string, Record<string, unknown>[]>;
  /** Copies of the person's Entra id or sign-in name elsewhere (chat references, Graph cache). */
  identityCopies: Record<string, Record<string, unknown>[]>;
  /** Audit entries by or about the person. */
  audit: Record<string, unknown>[];
}

async function findSubject(
  db: Db,
  employeeNo: string,
): Promise<SubjectIdentity & { row: Record<string, unknown> }> {
  const [row] = await db.query<
    Record<string, unknown> & { id: string; entra_oid: string | null; upn: string | null }
  >(sql`
    select e.*, e.entra_oid::text as entra_oid, s.code as section_code, s.name as section_name,
           b.code as bureau_code, b.name as bureau_name, m.employee_no as manager_employee_no
      from employee e join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
      left join employee m on m.id = e.manager_id
     where e.employee_no = ${employeeNo}`);
  if (!row) throw new AppError('not_found', `No employee ${employeeNo}.`);
  return { id: row.id, employeeNo, entraOid: row.entra_oid, upn: row.upn, row };
}

/**
 * The part of a row the person is given. A row found by its `employee_id` is about them: all of it.
 * A row found by another column (manager_id, acted_by, recipient_id, submitted_by, …) is about
 * someone else — their staff member's 100 h alert, a father's shared plan — and names the person
 * only as who acted or received: they get that fact (the column, the row's id, its dates), never
 * the other person's data (個人情報の保護に関する法律 第78条第1項第2号: information about another
 * individual is not disclosed to a requester). Decided here, for every table, by the column.
 */
function ownPart(col: EmployeeColumn, row: Record<string, unknown>): Record<string, unknown> {
  if (col.column === 'employee_id') return row;
  const kept: Record<string, unknown> = { [col.column]: row[col.column] };
  for (const [k, v] of Object.entries(row)) if (k === 'id' || k === 'at' || /_(at|on)$/.test(k)) kept[k] = v;
  return kept;
}

export async function exportSubject(
  db: Db,
  employeeNo: string,
  actorId: string,
  now: Date,
): Promise<{ data: SubjectExport; summary: string }> {
  const subject = await findSubject(db, employeeNo);
  const records: SubjectExport['records'] = {};
  for (const col of await employeeColumns(db)) {
    if (col.table === 'employee') continue; // the subject row itself, and their reports' manager_id
    const rows = await rowsOf(db, col, subject.id);
    if (rows.length > 0) records[`${col.table}.${col.column}`] = rows.map((r) => ownPart(col, r));
  }
  const reports = await db.query<{ employee_no: string }>(
    sql`select employee_no from employee where manager_id = ${subject.id}::uuid order by employee_no`,
  );
  if (reports.length > 0) records['employee.manager_id'] = reports;
  // The outbox names people in text columns (no foreign key): every message to them, one source.
  const messages = await messagesTo(db, { id: subject.id, entraOid: subject.entraOid });
  if (messages.length > 0) records['delivery.recipient'] = messages;
  const identityCopies: SubjectExport['identityCopies'] = {};
  if (subject.entraOid) {
    const refs = await db.query(
      sql`select * from conversation_ref where aad_object_id = ${subject.entraOid}`,
    );
    if (refs.length > 0) identityCopies.conversation_ref = refs;
    const graph = await db.query(sql`select * from graph_user where entra_oid = ${subject.entraOid}::uuid`);
    if (graph.length > 0) identityCopies.graph_user = graph;
  }
  // Entries about the person in full; what they did to others: when and what kind, never whom.
  const audit = await db.query(sql`
    select id, at, actor_id, action, target_type,
           case when target_id = ${subject.id} then target_id end as target_id,
           case when target_id = ${subject.id} then detail end as detail
      from audit_log
     where actor_id = ${subject.id}::uuid or target_id = ${subject.id} order by id`);
  const data: SubjectExport = {
    generatedAt: now.toISOString(),
    subject: subject.row,
    records,
    identityCopies,
    audit,
  };
  await writeAudit(db, {
    actorId,
    action: 'subject.export',
    targetType: 'employee',
    targetId: subject.id,
    detail: { tables: Object.keys(records).length, auditEntries: audit.length },
  });
  return { data, summary: renderSubjectSummary(data) };
}

/** Erasure (consent withdrawn, or the retention of a departed person ended). Irreversible. */
export async function eraseSubject(
  db: Db,
  input: { employeeNo: string; confirmEmployeeNo: string; reason: string },
  actorId: string,
): Promise<{ pseudonym: string; counts: ErasureCounts }> {
  if (input.confirmEmployeeNo !== input.employeeNo)
    throw new AppError('bad_request', 'Type the employee number again to confirm the erasure.', [
      {
        where: 'confirmEmployeeNo',
        message: 'does not match the employee number',
        key: 'subject.confirm_mismatch',
      },
    ]);
  return db.transaction(async (tx) => {
    const subject = await findSubject(tx, input.employeeNo);
    if (subject.id === actorId)
      throw new AppError('forbidden', 'You cannot erase your own record; ask another administrator.');
    const result = await eraseSubjectRows(tx, subject);
    await tx.query(sql`
      insert into subject_erasure (pseudonym, erased_by, reason) values (${result.pseudonym}::uuid, ${actorId}::uuid, ${input.reason})`);
    await writeAudit(tx, {
      actorId,
      action: 'subject.erase',
      targetType: 'subject_erasure',
      targetId: result.pseudonym,
      detail: { reason: input.reason, ...result.counts },
    });
    return result;
  });
}
