import { createHash } from 'node:crypto';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import { countedImport } from '../shared/metrics.ts';
import type { YearMonth } from '../shared/year-month.ts';
import { type AttendanceMapping, defaultAttendanceMapping } from './attendance.mapping.ts';
import { type AttendanceDay, type AttendanceFieldError, parseAttendanceCsv } from './attendance.parse.ts';
import { parseAttendanceBatch } from './attendance-batch.schema.ts';
import {
  insertImport,
  knownEmployeeNos,
  lockImports,
  mergeStage,
  unchangedMonths,
  withImportTransaction,
} from './attendance-import.repository.ts';
import { createStage, type StageMonth, StageMonths, stageWriter, toStageMonths } from './attendance-stage.ts';

export interface AttendanceImportResult {
  importId: number;
  rows: number;
  /** Days whose values changed: 0 when the same file is imported again. */
  changed: number;
  /** Months whose totals changed: the alerts job looks at these. */
  months: YearMonth[];
}

export interface AttendanceCheck {
  ok: boolean;
  encoding: 'utf-8' | 'shift_jis';
  rows: number;
  /** The first rows as they will be stored, for the tab's preview. */
  preview: AttendanceDay[];
  /** Every problem of the file; the import stores nothing while there is one. */
  errors: AttendanceFieldError[];
}

export interface ImportActor {
  id: string | null;
  label: string;
}

const PREVIEW_ROWS = 20;

/** Parses the whole file and checks every employee number against the register. Stores nothing. */
export async function checkAttendanceCsv(
  db: Db,
  bytes: Uint8Array,
  mapping: AttendanceMapping = defaultAttendanceMapping,
): Promise<AttendanceCheck & { days: AttendanceDay[] }> {
  const days: AttendanceDay[] = [];
  const check = await checkInto(db, bytes, mapping, (row) => days.push(row));
  return { ...check, days };
}

/**
 * The check, handing each good row to `onRow` as it is parsed (the import groups them into
 * person-months at once, so a million day objects are never all alive).
 */
async function checkInto(
  db: Db,
  bytes: Uint8Array,
  mapping: AttendanceMapping,
  onRow: (row: AttendanceDay) => void,
): Promise<AttendanceCheck> {
  const preview: AttendanceDay[] = [];
  let count = 0;
  const parsed = parseAttendanceCsv(bytes, mapping, (row) => {
    if (preview.length < PREVIEW_ROWS) preview.push(row);
    count++;
    onRow(row);
  });
  const errors = [...parsed.errors];
  if (errors.length === 0 && count === 0)
    errors.push({ where: 'line 2', code: 'required', message: 'the file has no data rows' });
  if (count > 0) {
    const known = await knownEmployeeNos(db, parsed.employeeNos);
    const column = parsed.columns.column.employeeNo;
    // All known (the usual case): no need to look at a million rows again. Otherwise the file is
    // refused; it is read once more for the lines of the unknown numbers.
    if (known.size < parsed.employeeNos.size) {
      for (const row of parseAttendanceCsv(bytes, mapping).rows)
        if (!known.has(row.employeeNo))
          errors.push({
            where: `line ${row.line}, column ${column}`,
            code: 'invalid',
            message: `${mapping.columns.employeeNo}: unknown employee number ${row.employeeNo}`,
          });
    }
  }
  // The file's order: a reader fixes it top to bottom.
  errors.sort((a, b) => lineOf(a) - lineOf(b));
  return {
    ok: errors.length === 0,
    encoding: parsed.encoding,
    rows: count + (parsed.errors.length > 0 ? countErrorLines(parsed.errors) : 0),
    preview,
    errors,
  };
}

/**
 * All-or-nothing import of one export file: any error → AppError listing all of them, nothing
 * stored. Re-importing the same file changes nothing (upsert by employee + date, changed = 0).
 */
export async function importAttendanceCsv(
  db: Db,
  bytes: Uint8Array,
  actor: ImportActor,
  options: { fileName?: string; mapping?: AttendanceMapping } = {},
): Promise<AttendanceImportResult> {
  return countedImport('attendance', async () => {
    const stage = new StageMonths();
    const check = await checkInto(db, bytes, options.mapping ?? defaultAttendanceMapping, (row) =>
      stage.add(row),
    );
    if (!check.ok) throw rejected(check.errors);
    return storeMonths(db, stage.months(), stage.days, actor, {
      source: 'csv',
      fileName: options.fileName ?? null,
      checksum: createHash('sha256').update(bytes).digest('hex'),
    });
  });
}

/** The JSON batch of POST /api/tab/attendance: same all-or-nothing rule, errors as `rows[i].field`. */
export async function importAttendanceBatch(
  db: Db,
  body: unknown,
  actor: ImportActor,
): Promise<AttendanceImportResult> {
  return countedImport('attendance', () => importBatch(db, body, actor));
}

async function importBatch(db: Db, body: unknown, actor: ImportActor): Promise<AttendanceImportResult> {
  const { days, errors } = parseAttendanceBatch(body);
  if (days.length > 0) {
    const known = await knownEmployeeNos(db, new Set(days.map((d) => d.employeeNo)));
    for (const d of days)
      if (!known.has(d.employeeNo))
        errors.push({
          where: `rows[${d.line}].employeeNo`,
          message: `unknown employee number ${d.employeeNo}`,
        });
  }
  if (errors.length > 0) throw rejected(errors);
  return storeDays(db, days, actor, {
    source: 'api',
    checksum: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
  });
}

/** Days already validated (JSON batch, tests): staged per person-month and merged in one transaction. */
export async function storeDays(
  db: Db,
  days: readonly AttendanceDay[],
  actor: ImportActor,
  meta: { source: 'csv' | 'api' | 'demo'; fileName?: string | null; checksum?: string | null },
): Promise<AttendanceImportResult> {
  return storeMonths(db, toStageMonths(days), days.length, actor, meta);
}

/** Person-months (StageMonths) staged and merged in one transaction. */
async function storeMonths(
  db: Db,
  months: readonly StageMonth[],
  days: number,
  actor: ImportActor,
  meta: { source: 'csv' | 'api' | 'demo'; fileName?: string | null; checksum?: string | null },
): Promise<AttendanceImportResult> {
  return withImportTransaction(db, async (tx, client) => {
    const importId = await insertImport(tx, { ...meta, rowCount: days, importedBy: actor.id });
    await lockImports(tx);
    // Months stored exactly as the file has them are neither staged nor merged (0 changed days).
    const unchanged = await unchangedMonths(tx, months);
    await createStage(tx);
    await stageWriter(tx, client)(unchanged.size === 0 ? months : months.filter((_, i) => !unchanged.has(i)));
    const { changed, months: touched } = await mergeStage(tx, importId);
    await writeAudit(tx, {
      actorId: actor.id,
      actorLabel: actor.label,
      action: 'attendance.import',
      targetType: 'attendance_import',
      targetId: String(importId),
      detail: { source: meta.source, rows: days, changed, months: touched },
    });
    return { importId, rows: days, changed, months: touched };
  });
}

export function rejected(errors: readonly FieldError[]): AppError {
  return new AppError(
    'bad_request',
    `The attendance data was not imported: ${errors.length} problem(s). Nothing was stored.`,
    [...errors],
  );
}

function lineOf(e: FieldError): number {
  const m = /^line (\d+)/.exec(e.where);
  return m ? Number(m[1]) : 0;
}

function countErrorLines(errors: readonly FieldError[]): number {
  return new Set(errors.map(lineOf).filter((l) => l > 1)).size;
}
