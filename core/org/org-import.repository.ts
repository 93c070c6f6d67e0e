import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { FieldError } from '../shared/errors.ts';
import {
  bindingOverwrites,
  diffEmployees,
  type EmployeeChange,
  snapshotEmployees,
} from './org-changes.repository.ts';
import type { OrgRow } from './org-csv.schema.ts';

export const DEFAULT_MINISTRY_ID = 'ministry';

type Line = { line: number; row: OrgRow };

export interface UpsertCounts {
  bureaus: number;
  sections: number;
  inserted: number;
  updated: number;
  /** Who was created or changed, field by field (old and new), for the audit log. */
  changes: EmployeeChange[];
  errors: FieldError[];
}

const col = <T>(rows: Line[], pick: (r: OrgRow) => T) => rows.map(({ row }) => pick(row));

const refused = (errors: FieldError[]): UpsertCounts => ({
  bureaus: 0,
  sections: 0,
  inserted: 0,
  updated: 0,
  changes: [],
  errors,
});

/**
 * Set-based upserts (one statement per table, arrays through unnest) so that a 300k-row file is a
 * handful of round trips. Must run inside the caller's transaction.
 * Roles are never taken from an HR file: only the demo seed (generated data, no user input) passes
 * seedRoles; people get roles through 設定 → 役割 (admin), core/access/role-assignment.repository.ts.
 */
export async function upsertOrg(tx: Db, rows: Line[], seedRoles: boolean): Promise<UpsertCounts> {
  const nos = col(rows, (r) => r.employee_no);
  const before = await snapshotEmployees(tx, nos);
  const errors = [...(await conflictsWithOthers(tx, rows)), ...bindingOverwrites(rows, before)];
  if (errors.length > 0) return refused(errors);

  await tx.query(
    sql`insert into ministry (id, name) values (${DEFAULT_MINISTRY_ID}, '省') on conflict (id) do nothing`,
  );

  const bureaus = [...new Map(rows.map(({ row }) => [row.bureau_code, row])).values()];
  const bureauRows = await tx.query(sql`
    insert into bureau (ministry_id, code, name, kind, sort_order)
    select ${DEFAULT_MINISTRY_ID}, code, name, kind, ord::int
      from unnest(${bureaus.map((b) => b.bureau_code)}::text[], ${bureaus.map((b) => b.bureau_name)}::text[],
                  ${bureaus.map((b) => b.bureau_kind)}::text[]) with ordinality as t(code, name, kind, ord)
    on conflict (code) do update set name = excluded.name, kind = excluded.kind
      where (bureau.name, bureau.kind) is distinct from (excluded.name, excluded.kind)
    returning id`);

  const sections = [...new Map(rows.map(({ row }) => [row.section_code, row])).values()];
  const sectionRows = await tx.query(sql`
    insert into section (bureau_id, code, name, heteronomous)
    select b.id, t.code, t.name, t.het
      from unnest(${sections.map((s) => s.section_code)}::text[], ${sections.map((s) => s.bureau_code)}::text[],
                  ${sections.map((s) => s.section_name)}::text[], ${sections.map((s) => s.heteronomous)}::boolean[])
           as t(code, bureau_code, name, het)
      join bureau b on b.code = t.bureau_code
    on conflict (code) do update set bureau_id = excluded.bureau_id, name = excluded.name, heteronomous = excluded.heteronomous
      where (section.bureau_id, section.name, section.heteronomous)
            is distinct from (excluded.bureau_id, excluded.name, excluded.heteronomous)
    returning id`);

  const changed = await tx.query<{ id: string; inserted: boolean }>(sql`
    insert into employee (employee_no, family_name, given_name, family_name_kana, given_name_kana, upn, entra_oid,
                          section_id, is_managerial, gender, locale)
    select t.no, t.fam, t.giv, t.fam_kana, t.giv_kana, t.upn, t.oid::uuid, s.id, t.mgr, t.gender, coalesce(t.locale, 'ja')
      from unnest(${col(rows, (r) => r.employee_no)}::text[], ${col(rows, (r) => r.family_name)}::text[],
                  ${col(rows, (r) => r.given_name)}::text[], ${col(rows, (r) => r.family_name_kana ?? null)}::text[],
                  ${col(rows, (r) => r.given_name_kana ?? null)}::text[], ${col(rows, (r) => r.upn ?? null)}::text[],
                  ${col(rows, (r) => r.entra_oid ?? null)}::text[], ${col(rows, (r) => r.section_code)}::text[],
                  ${col(rows, (r) => r.managerial)}::boolean[], ${col(rows, (r) => r.gender ?? null)}::text[],
                  ${col(rows, (r) => r.locale ?? null)}::text[])
           as t(no, fam, giv, fam_kana, giv_kana, upn, oid, section_code, mgr, gender, locale)
      join section s on s.code = t.section_code
    on conflict (employee_no) do update set
      family_name = excluded.family_name, given_name = excluded.given_name,
      family_name_kana = coalesce(excluded.family_name_kana, employee.family_name_kana),
      given_name_kana = coalesce(excluded.given_name_kana, employee.given_name_kana),
      upn = coalesce(excluded.upn, employee.upn), entra_oid = coalesce(excluded.entra_oid, employee.entra_oid),
      section_id = excluded.section_id, is_managerial = excluded.is_managerial,
      gender = coalesce(excluded.gender, employee.gender),
      active = true, updated_at = now()
      where (employee.family_name, employee.given_name, employee.family_name_kana, employee.given_name_kana,
             employee.upn, employee.entra_oid, employee.section_id, employee.is_managerial, employee.gender,
             employee.active)
            is distinct from
            (excluded.family_name, excluded.given_name,
             coalesce(excluded.family_name_kana, employee.family_name_kana), coalesce(excluded.given_name_kana, employee.given_name_kana),
             coalesce(excluded.upn, employee.upn), coalesce(excluded.entra_oid, employee.entra_oid), excluded.section_id,
             excluded.is_managerial, coalesce(excluded.gender, employee.gender), true)
    returning id, (xmax = 0) as inserted`);
  const inserted = new Set(changed.filter((r) => r.inserted).map((r) => r.id));
  const updated = new Set(changed.filter((r) => !r.inserted).map((r) => r.id));

  // The language only when the file gives one: an empty cell keeps what the person chose in the bot.
  const withLocale = rows.filter(({ row }) => row.locale);
  const localeChanged = await tx.query<{ id: string }>(sql`
    update employee e set locale = t.locale, updated_at = now()
      from unnest(${col(withLocale, (r) => r.employee_no)}::text[], ${col(withLocale, (r) => r.locale)}::text[]) as t(no, locale)
     where e.employee_no = t.no and e.locale is distinct from t.locale
    returning e.id`);
  for (const { id } of localeChanged) if (!inserted.has(id)) updated.add(id);

  // Managers may be anywhere in the file or already in the database.
  const withManager = rows.filter(({ row }) => row.manager_employee_no);
  const known = new Set(
    (
      await tx.query<{ employee_no: string }>(
        sql`select employee_no from employee where employee_no = any(${withManager.map(({ row }) => row.manager_employee_no)}::text[])`,
      )
    ).map((r) => r.employee_no),
  );
  for (const { line, row } of withManager)
    if (!known.has(row.manager_employee_no!))
      errors.push({
        where: `line ${line}, column manager_employee_no`,
        message: `no employee ${row.manager_employee_no} in the file or the database`,
      });
  if (errors.length > 0) return refused(errors);

  // An empty manager cell keeps the manager the database has (the Graph sync may have set it).
  const managed = rows.filter(({ row }) => row.manager_employee_no);
  const managerChanged = await tx.query<{ id: string }>(sql`
    update employee e set manager_id = m.id, updated_at = now()
      from unnest(${col(managed, (r) => r.employee_no)}::text[], ${col(managed, (r) => r.manager_employee_no)}::text[])
           as t(no, manager_no)
      join employee m on m.employee_no = t.manager_no
     where e.employee_no = t.no and e.manager_id is distinct from m.id
    returning e.id`);
  for (const { id } of managerChanged) if (!inserted.has(id)) updated.add(id);

  if (seedRoles) await replaceRoleAssignments(tx, rows);

  const touched = new Set([...inserted, ...updated]);
  const after =
    touched.size === 0
      ? new Map()
      : new Map([...(await snapshotEmployees(tx, nos))].filter(([, snap]) => touched.has(snap.id)));
  return {
    bureaus: bureauRows.length,
    sections: sectionRows.length,
    inserted: inserted.size,
    updated: updated.size,
    changes: diffEmployees(before, after),
    errors,
  };
}

async function replaceRoleAssignments(tx: Db, rows: Line[]): Promise<void> {
  const grants = rows.flatMap(({ row }) =>
    row.roles.map((g) => ({
      no: row.employee_no,
      role: g.role,
      // Executives and WLB officers act for a bureau: their own unless the file names one.
      bureau: g.bureauCode ?? (g.role === 'executive' || g.role === 'wlb_officer' ? row.bureau_code : null),
    })),
  );
  await tx.query(sql`
    delete from role_assignment
     where employee_id in (select id from employee where employee_no = any(${col(rows, (r) => r.employee_no)}::text[]))`);
  if (grants.length === 0) return;
  await tx.query(sql`
    insert into role_assignment (employee_id, role, bureau_id)
    select e.id, t.role, b.id
      from unnest(${grants.map((g) => g.no)}::text[], ${grants.map((g) => g.role)}::text[], ${grants.map((g) => g.bureau)}::text[])
           as t(no, role, bureau_code)
      join employee e on e.employee_no = t.no
      left join bureau b on b.code = t.bureau_code
    on conflict do nothing`);
}

/** A UPN or Entra id in the file that the database already gives to someone else. */
async function conflictsWithOthers(tx: Db, rows: Line[]): Promise<FieldError[]> {
  const taken = await tx.query<{ employee_no: string; upn: string | null; entra_oid: string | null }>(sql`
    select employee_no, upn, entra_oid::text from employee
     where lower(upn) = any(${rows.map(({ row }) => row.upn?.toLowerCase() ?? null)}::text[])
        or entra_oid = any(${rows.map(({ row }) => row.entra_oid ?? null)}::uuid[])`);
  // Maps, not a nested loop: on a re-import every row matches itself (300k × 300k otherwise).
  const upnOwner = new Map(taken.filter((t) => t.upn).map((t) => [t.upn!.toLowerCase(), t.employee_no]));
  const oidOwner = new Map(taken.filter((t) => t.entra_oid).map((t) => [t.entra_oid!, t.employee_no]));
  const errors: FieldError[] = [];
  for (const { line, row } of rows) {
    const upnTakenBy = row.upn ? upnOwner.get(row.upn.toLowerCase()) : undefined;
    if (upnTakenBy && upnTakenBy !== row.employee_no)
      errors.push({
        where: `line ${line}, column upn`,
        message: `${row.upn} already belongs to employee ${upnTakenBy}`,
      });
    const oidTakenBy = row.entra_oid ? oidOwner.get(row.entra_oid) : undefined;
    if (oidTakenBy && oidTakenBy !== row.employee_no)
      errors.push({
        where: `line ${line}, column entra_oid`,
        message: `${row.entra_oid} already belongs to employee ${oidTakenBy}`,
      });
  }
  return errors;
}
