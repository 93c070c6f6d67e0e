import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../shared/errors.ts';

/**
 * The one path that changes who can sign in as a staff record (its Entra binding): an
 * administrator, never for their own record, with a reason, audited with old and new value. The org
 * import may only create a missing binding (core/org/org-changes.repository.ts).
 */
export async function setEntraBinding(
  db: Db,
  input: { employeeNo: string; entraOid: string | null; reason: string },
  actorId: string,
): Promise<{ changed: boolean }> {
  return db.transaction(async (tx) => {
    const [employee] = await tx.query<{ id: string; entra_oid: string | null }>(
      sql`select id::text, entra_oid::text from employee where employee_no = ${input.employeeNo} for update`,
    );
    if (!employee)
      throw new AppError('bad_request', 'No such employee.', [
        { where: 'employeeNo', message: `no employee ${input.employeeNo}` },
      ]);
    if (employee.id === actorId)
      throw new AppError(
        'forbidden',
        'You cannot change your own sign-in binding; ask another administrator.',
      );
    const next = input.entraOid?.toLowerCase() ?? null;
    if ((employee.entra_oid ?? null) === next) return { changed: false };
    if (next) {
      const [owner] = await tx.query<{ employee_no: string }>(
        sql`select employee_no from employee where entra_oid = ${next}::uuid and id <> ${employee.id}::uuid`,
      );
      if (owner)
        throw new AppError('conflict', `That Entra account is bound to employee ${owner.employee_no}.`, [
          { where: 'entraOid', message: `already bound to ${owner.employee_no}` },
        ]);
    }
    await tx.query(
      sql`update employee set entra_oid = ${next}::uuid, updated_at = now() where id = ${employee.id}::uuid`,
    );
    await writeAudit(tx, {
      actorId,
      action: 'identity.binding',
      targetType: 'employee',
      targetId: employee.id,
      detail: { field: 'entra_oid', old: employee.entra_oid, new: next, reason: input.reason },
    });
    return { changed: true };
  });
}
