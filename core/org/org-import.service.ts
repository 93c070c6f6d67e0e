import type { OrgImportResult } from '../../contracts/tab-api/import.contract.ts';
import { writeAudit, writeAuditMany } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { decodeText, parseCsv } from '../shared/csv.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import { countedImport } from '../shared/metrics.ts';
import { issueMessage } from '../shared/zod-errors.ts';
import {
  ORG_COLUMNS,
  type OrgColumn,
  type OrgRow,
  orgRowSchema,
  REQUIRED_ORG_COLUMNS,
} from './org-csv.schema.ts';
import { upsertOrg } from './org-import.repository.ts';

export type { OrgImportResult };

export interface ParsedOrgFile {
  encoding: 'utf-8' | 'shift_jis';
  rows: { line: number; row: OrgRow }[];
  /** Whether the file has a roles column (ignored when empty; any value is a line error). */
  hasRoles: boolean;
  errors: FieldError[];
}

const lineError = (line: number, message: string, column?: string, key = 'org.line'): FieldError => ({
  where: column ? `line ${line}, column ${column}` : `line ${line}`,
  message,
  // Org files are the HR team's own; its rules speak in `message` (a key of their own can follow).
  key,
  // The column as the file's heading says it (姓, 局区分 …), for the tab's "3 行目・「姓」列".
  params: { line, ...(column ? { column: ORG_COLUMNS[column as OrgColumn] ?? column } : {}), text: message },
});

/** Parses and checks the whole file; nothing touches the database here. */
export function parseOrgCsv(bytes: Uint8Array): ParsedOrgFile {
  const { text, encoding } = decodeText(bytes);
  const { header, rows } = parseCsv(text);
  const errors: FieldError[] = [];

  // Map each heading (English or Japanese) to its column key.
  const byHeading = new Map<string, OrgColumn>();
  for (const [key, ja] of Object.entries(ORG_COLUMNS) as [OrgColumn, string][]) {
    byHeading.set(key, key);
    byHeading.set(ja, key);
  }
  const unknown = header.filter((h) => !byHeading.has(h));
  for (const h of unknown) errors.push(lineError(1, `unknown column "${h}"`, h));
  const present = new Set(header.map((h) => byHeading.get(h)).filter(Boolean));
  for (const col of REQUIRED_ORG_COLUMNS)
    if (!present.has(col)) errors.push(lineError(1, `missing column "${col}" (${ORG_COLUMNS[col]})`));
  if (errors.length > 0) return { encoding, rows: [], hasRoles: false, errors };
  if (rows.length === 0)
    return { encoding, rows: [], hasRoles: false, errors: [lineError(2, 'the file has no data rows')] };

  const parsed: { line: number; row: OrgRow }[] = [];
  for (const { line, values } of rows) {
    const input: Record<string, string> = {};
    for (const [heading, value] of Object.entries(values)) {
      const key = byHeading.get(heading);
      if (key) input[key] = value;
    }
    // Roles are the administrator's to give (設定 → 役割), never an HR file's.
    if (input.roles?.trim())
      errors.push(
        lineError(
          line,
          'roles cannot be set by the import; an administrator assigns them in 設定 → 役割 (leave the column empty)',
          'roles',
        ),
      );
    const result = orgRowSchema.safeParse(input);
    if (result.success) parsed.push({ line, row: { ...result.data, roles: [] } });
    else
      for (const issue of result.error.issues) {
        const at = lineError(line, issue.message, String(issue.path[0] ?? ''));
        const said = issueMessage(issue);
        errors.push({ ...at, key: said.key, params: { ...at.params, ...said.params } });
      }
  }
  errors.push(...crossRowErrors(parsed));
  return { encoding, rows: parsed, hasRoles: present.has('roles'), errors };
}

/** Rules that need the whole file: uniqueness, one name per code, managers that exist, no cycles. */
function crossRowErrors(rows: { line: number; row: OrgRow }[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = {
    employee: new Map<string, number>(),
    upn: new Map<string, number>(),
    oid: new Map<string, number>(),
  };
  const bureaus = new Map<string, { line: number; name: string; kind: string }>();
  const sections = new Map<string, { line: number; bureau: string; name: string }>();
  for (const { line, row } of rows) {
    const dup = (map: Map<string, number>, key: string | undefined, column: string) => {
      if (!key) return;
      const first = map.get(key.toLowerCase());
      if (first !== undefined)
        errors.push(lineError(line, `"${key}" already appears on line ${first}`, column));
      else map.set(key.toLowerCase(), line);
    };
    dup(seen.employee, row.employee_no, 'employee_no');
    dup(seen.upn, row.upn, 'upn');
    dup(seen.oid, row.entra_oid, 'entra_oid');
    // A code names one thing: each later line must say what its first line said.
    const sameAsFirst = <T extends { line: number }>(
      map: Map<string, T>,
      code: string,
      here: T,
      same: (first: T) => boolean,
      said: (first: T) => string,
      column: string,
    ) => {
      const first = map.get(code);
      if (!first) map.set(code, here);
      else if (!same(first)) errors.push(lineError(line, `${said(first)} on line ${first.line}`, column));
    };
    sameAsFirst(
      bureaus,
      row.bureau_code,
      { line, name: row.bureau_name, kind: row.bureau_kind },
      (b) => b.name === row.bureau_name && b.kind === row.bureau_kind,
      (b) => `bureau ${row.bureau_code} is "${b.name}" (${b.kind})`,
      'bureau_name',
    );
    sameAsFirst(
      sections,
      row.section_code,
      { line, bureau: row.bureau_code, name: row.section_name },
      (s) => s.bureau === row.bureau_code && s.name === row.section_name,
      (s) => `section ${row.section_code} is "${s.name}" in bureau ${s.bureau}`,
      'section_name',
    );
    if (row.manager_employee_no === row.employee_no)
      errors.push(lineError(line, 'an employee cannot be their own manager', 'manager_employee_no'));
  }
  // Cycles among managers named in this file (a → b → a).
  const managerOf = new Map(rows.map(({ row }) => [row.employee_no, row.manager_employee_no]));
  for (const { line, row } of rows) {
    const path = new Set<string>([row.employee_no]);
    for (let m = row.manager_employee_no; m; m = managerOf.get(m)) {
      if (path.has(m)) {
        if (m === row.employee_no)
          errors.push(
            lineError(line, `manager chain loops back to ${row.employee_no}`, 'manager_employee_no'),
          );
        break;
      }
      path.add(m);
    }
  }
  return errors;
}

/**
 * All-or-nothing: any bad row rejects the whole file with every error listed; a clean file is
 * upserted in one transaction, so importing the same file twice changes nothing the second time.
 */
export function importOrgCsv(
  db: Db,
  bytes: Uint8Array,
  actor: { id: string | null; label: string },
): Promise<OrgImportResult> {
  return countedImport('org', () => importOrg(db, bytes, actor));
}

async function importOrg(
  db: Db,
  bytes: Uint8Array,
  actor: { id: string | null; label: string },
): Promise<OrgImportResult> {
  const parsed = parseOrgCsv(bytes);
  if (parsed.errors.length > 0) {
    await auditPrivilegedRefusal(db, actor, parsed.errors);
    throw new AppError(
      'bad_request',
      `The file was not imported: ${parsed.errors.length} problem(s).`,
      parsed.errors,
    );
  }
  try {
    return await db.transaction(async (tx) => {
      const counts = await upsertOrg(tx, parsed.rows, false);
      if (counts.errors.length > 0)
        throw new AppError(
          'bad_request',
          `The file was not imported: ${counts.errors.length} problem(s).`,
          counts.errors,
        );
      const fieldChanges: Record<string, number> = {};
      for (const c of counts.changes)
        for (const f of c.changes) fieldChanges[f.field] = (fieldChanges[f.field] ?? 0) + 1;
      const bindingsCreated = counts.changes.filter((c) =>
        c.changes.some((f) => f.field === 'entra_oid' && f.old === null && f.new !== null),
      ).length;
      // One row per person created or changed, each field with its old and new value.
      await writeAuditMany(
        tx,
        counts.changes.map((c) => ({
          actorId: actor.id,
          actorLabel: actor.label,
          action: c.created ? 'org.employee.create' : 'org.employee.update',
          targetType: 'employee',
          targetId: c.employeeId,
          detail: { employeeNo: c.employeeNo, changes: c.changes },
        })),
      );
      await writeAudit(tx, {
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'org.import',
        detail: {
          rows: parsed.rows.length,
          inserted: counts.inserted,
          updated: counts.updated,
          fieldChanges,
          bindingsCreated,
        },
      });
      const result: OrgImportResult = {
        encoding: parsed.encoding,
        rows: parsed.rows.length,
        bureaus: counts.bureaus,
        sections: counts.sections,
        inserted: counts.inserted,
        updated: counts.updated,
        unchanged: parsed.rows.length - counts.inserted - counts.updated,
        fieldChanges,
        bindingsCreated,
      };
      return result;
    });
  } catch (err) {
    if (err instanceof AppError) await auditPrivilegedRefusal(db, actor, err.fields);
    throw err;
  }
}

/** A file that tried to set roles or rebind an identity is an escalation attempt: on the record. */
async function auditPrivilegedRefusal(
  db: Db,
  actor: { id: string | null; label: string },
  errors: FieldError[],
): Promise<void> {
  const privileged = errors.filter((e) => /column (roles|entra_oid)$/.test(e.where));
  if (privileged.length === 0) return;
  await writeAudit(db, {
    actorId: actor.id,
    actorLabel: actor.label,
    action: 'access.denied',
    targetType: 'org.import',
    detail: {
      reason: 'privileged columns in the org file',
      lines: privileged.slice(0, 200).map((e) => e.where),
    },
  });
}
