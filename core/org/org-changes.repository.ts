import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { FieldError } from '../shared/errors.ts';

/** The fields of a person the import may change, as the audit log names them. */
const FIELDS = [
  'family_name',
  'given_name',
  'family_name_kana',
  'given_name_kana',
  'upn',
  'entra_oid',
  'section',
  'manager',
  'managerial',
  'gender',
  'locale',
  'active',
] as const;
type Field = (typeof FIELDS)[number];
type Snapshot = { id: string } & Record<Field, string | boolean | null>;

/** Identity and structure: recorded for new people too (names of new people are not copied into the log). */
const IDENTITY_FIELDS: readonly Field[] = ['upn', 'entra_oid', 'section', 'manager', 'managerial'];

export interface FieldChange {
  field: Field;
  old: string | boolean | null;
  new: string | boolean | null;
}
export interface EmployeeChange {
  employeeId: string;
  employeeNo: string;
  created: boolean;
  changes: FieldChange[];
}

/** Each listed person as the database has them now (section and manager by their codes). */
export async function snapshotEmployees(tx: Db, employeeNos: string[]): Promise<Map<string, Snapshot>> {
  const rows = await tx.query<Snapshot & { employee_no: string }>(sql`
    select e.id::text as id, e.employee_no, e.family_name, e.given_name, e.family_name_kana, e.given_name_kana,
           e.upn, e.entra_oid::text as entra_oid, s.code as section, m.employee_no as manager,
           e.is_managerial as managerial, e.gender, e.locale, e.active
      from employee e
      join section s on s.id = e.section_id
      left join employee m on m.id = e.manager_id
     where e.employee_no = any(${employeeNos}::text[])`);
  return new Map(rows.map(({ employee_no, ...r }) => [employee_no, r]));
}

/**
 * An Entra binding is who can sign in as this record: the import may create one where there is
 * none, never replace one (an HR file could otherwise rebind a colleague to an account HR controls).
 */
export function bindingOverwrites(
  rows: { line: number; row: { employee_no: string; entra_oid?: string } }[],
  before: Map<string, Snapshot>,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const { line, row } of rows) {
    const bound = before.get(row.employee_no)?.entra_oid;
    if (typeof bound !== 'string') continue;
    if (row.entra_oid && bound.toLowerCase() !== row.entra_oid.toLowerCase())
      errors.push({
        where: `line ${line}, column entra_oid`,
        message: `employee ${row.employee_no} is already bound to another Entra account; only an administrator can change a binding (leave the cell empty)`,
      });
  }
  return errors;
}

/** Field-by-field differences, old and new, for everyone the import created or changed. */
export function diffEmployees(before: Map<string, Snapshot>, after: Map<string, Snapshot>): EmployeeChange[] {
  const out: EmployeeChange[] = [];
  for (const [employeeNo, now] of after) {
    const was = before.get(employeeNo);
    const fields = was ? FIELDS : IDENTITY_FIELDS;
    const changes: FieldChange[] = [];
    for (const field of fields) {
      const old = was ? was[field] : null;
      if (old !== now[field] && !(old === null && now[field] === null))
        changes.push({ field, old, new: now[field] });
    }
    if (!was || changes.length > 0) out.push({ employeeId: now.id, employeeNo, created: !was, changes });
  }
  return out;
}
