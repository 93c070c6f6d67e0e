import type { RoleAssignment } from '../../contracts/tab-api/settings.contract.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { AssignableRole } from '../org/org.table.ts';
import { AppError } from '../shared/errors.ts';

/** One role assignment as the 設定 screen lists it (declared once, in the tab's contract). */
export type RoleAssignmentView = RoleAssignment;

export async function listRoleAssignments(db: Db): Promise<RoleAssignmentView[]> {
  const rows = await db.query<{
    employee_id: string;
    employee_no: string;
    name: string;
    section_name: string;
    role: AssignableRole;
    bureau_id: string | null;
    bureau_name: string | null;
  }>(sql`
    select e.id as employee_id, e.employee_no, e.family_name || ' ' || e.given_name as name, s.name as section_name,
           r.role, r.bureau_id, b.name as bureau_name
      from role_assignment r
      join employee e on e.id = r.employee_id
      join section s on s.id = e.section_id
      left join bureau b on b.id = r.bureau_id
     order by r.role, b.sort_order nulls first, e.employee_no`);
  return rows.map((r) => ({
    employeeId: r.employee_id,
    employeeNo: r.employee_no,
    name: r.name,
    sectionName: r.section_name,
    role: r.role,
    bureauId: r.bureau_id,
    bureauName: r.bureau_name,
  }));
}

const roleLabel = (role: AssignableRole, bureauId: string | null) =>
  bureauId ? `${role}@${bureauId}` : role;

/** Bureau-scoped roles name their bureau; org-wide roles (hr, admin) must not. */
export const BUREAU_SCOPED: ReadonlySet<AssignableRole> = new Set(['executive', 'wlb_officer']);

export async function grantRole(
  db: Db,
  input: { employeeNo: string; role: AssignableRole; bureauId: string | null },
  /** null: a script run by an operator (tests, bootstrap), recorded as such. */
  actorId: string | null,
): Promise<{ created: boolean }> {
  const scoped = BUREAU_SCOPED.has(input.role);
  if (scoped && !input.bureauId)
    throw new AppError('bad_request', 'Choose a bureau.', [
      { where: 'bureauId', message: `${input.role} needs a bureau` },
    ]);
  const bureauId = scoped ? input.bureauId : null;
  return db.transaction(async (tx) => {
    const [employee] = await tx.query<{ id: string }>(
      sql`select id from employee where employee_no = ${input.employeeNo} and active`,
    );
    if (!employee)
      throw new AppError('bad_request', 'No such employee.', [
        { where: 'employeeNo', message: `no active employee ${input.employeeNo}` },
      ]);
    if (bureauId) {
      const [bureau] = await tx.query(sql`select 1 from bureau where id::text = ${bureauId}`);
      if (!bureau)
        throw new AppError('bad_request', 'No such bureau.', [
          { where: 'bureauId', message: 'unknown bureau' },
        ]);
    }
    const inserted = await tx.query(sql`
      insert into role_assignment (employee_id, role, bureau_id) values (${employee.id}, ${input.role}, ${bureauId})
      on conflict do nothing returning 1`);
    if (inserted.length > 0) await auditRoleChange(tx, actorId, 'grant', employee.id, input.role, bureauId);
    return { created: inserted.length > 0 };
  });
}

/** A grant or a revocation, audited as a change of the person's role field (the label before → after). */
function auditRoleChange(
  tx: Db,
  actorId: string | null,
  change: 'grant' | 'revoke',
  employeeId: string,
  role: AssignableRole,
  bureauId: string | null,
): Promise<void> {
  const label = roleLabel(role, bureauId);
  return writeAudit(tx, {
    actorId,
    action: `role.${change}`,
    targetType: 'employee',
    targetId: employeeId,
    detail: {
      role,
      bureauId,
      field: 'role',
      old: change === 'grant' ? null : label,
      new: change === 'grant' ? label : null,
    },
  });
}

export async function revokeRole(
  db: Db,
  input: { employeeId: string; role: AssignableRole; bureauId: string | null },
  actorId: string,
): Promise<{ removed: boolean }> {
  return db.transaction(async (tx) => {
    const removed = await tx.query(sql`
      delete from role_assignment
       where employee_id::text = ${input.employeeId} and role = ${input.role} and bureau_id is not distinct from ${input.bureauId}::uuid
      returning 1`);
    if (removed.length > 0)
      await auditRoleChange(tx, actorId, 'revoke', input.employeeId, input.role, input.bureauId);
    return { removed: removed.length > 0 };
  });
}
