import { createHash } from 'node:crypto';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import { countedImport } from '../shared/metrics.ts';
import type { YearMonth } from '../shared/year-month.ts';
import { type AttendanceMapping, defaultAttendanceMapping } from './attendance.mapping.ts';
import {
  type AttendanceDay,
  type AttendanceFieldError,
  type AttendanceParseResult,
  parseAttendanceCsv,
  parseAttendanceCsvInSlices,
} from './attendance.parse.ts';
import { parseAttendanceBatch } from './attendance-batch.schema.ts';
import {
  beginMerge,
  clearStage,
  endMerge,
  importSettings,
  insertImport,
  knownEmployeeNos,
  lockImports,
  lookUpStoredMonths,
  mergeStage,
  mergeStaged,
  withImportTransaction,
} from './attendance-import.repository.ts';
import { createStage, type StageMonth, StageMonths, toStageMonths } from './attendance-stage.ts';
import { type StageClient, stageWriter } from './attendance-stage.write.ts';

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
  /** How the file is read (the import streams it); the checks against the register follow. */
  read: (each: (row: AttendanceDay) => void) => Promise<AttendanceParseResult> = async (each) =>
    parseAttendanceCsv(bytes, mapping, each),
): Promise<AttendanceCheck> {
  const preview: AttendanceDay[] = [];
  let count = 0;
  const parsed = await read((row) => {
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
 * The file is read in slices while its person-months are staged (COPY stays open on the server):
 * the database reads the months on one core while the parser goes on on the other. A refused file
 * rolls the whole transaction back, staging included.
 */
export async function importAttendanceCsv(
  db: Db,
  bytes: Uint8Array,
  actor: ImportActor,
  options: { fileName?: string; mapping?: AttendanceMapping } = {},
): Promise<AttendanceImportResult> {
  const mapping = options.mapping ?? defaultAttendanceMapping;
  const meta = {
    source: 'csv' as const,
    fileName: options.fileName ?? null,
    checksum: createHash('sha256').update(bytes).digest('hex'),
  };
  return countedImport('attendance', () =>
    withImportTransaction(db, async (tx, client) => {
      // Held from the first merge on: the merges read the stored months.
      await lockImports(tx);
      const importId = await insertImport(tx, { ...meta, rowCount: 0, importedBy: actor.id });
      await createStage(tx);
      await beginMerge(tx);
      const rounds = mergeRounds(tx, client, importId);
      const stage = new StageMonths(
        (months) => rounds.add(months),
        (each) => {
          parseAttendanceCsv(bytes, mapping, each);
        },
      );
      const check = await checkInto(
        tx,
        bytes,
        mapping,
        (row) => stage.add(row),
        async (each) => {
          try {
            const parsed = await parseAttendanceCsvInSlices(bytes, mapping, each, rounds.pause);
            await rounds.end(stage);
            return parsed;
          } catch (err) {
            // Nothing may reach the connection after the rollback: the round under way ends first.
            await rounds.stop();
            throw err;
          }
        },
      );
      if (!check.ok) throw rejected(check.errors);
      const { changed, months } = await endMerge(tx, importId, rounds.changed(), stage.days);
      await auditImport(tx, actor, importId, meta.source, stage.days, changed, months);
      return { importId, rows: stage.days, changed, months };
    }),
  );
}

/** Person-months staged and merged this many at a time while the file is read. */
const ROUND = 8_000;
/**
 * The first round's size: the database starts on the file's first people instead of waiting for
 * ROUND of them; each round after may be twice the one before, up to ROUND.
 */
const FIRST_ROUND = 1_000;

/**
 * The rounds of a streaming import: each looks up which of up to ROUND handed-over months are
 * stored as they are (their hash), stages the others (COPY on the server), merges them and empties
 * the staging table, while the parser goes on reading the file
 * (so the database works on one core while JS parses on the other). A round starts when enough
 * months wait and none runs; the parser waits when twice as many wait.
 */
function mergeRounds(tx: Db, client: StageClient, importId: number) {
  const write = stageWriter(tx, client);
  let waiting: StageMonth[] = [];
  let round: Promise<void> = Promise.resolve();
  let running = false;
  let stopped = false;
  let failure: unknown;
  let changed = 0;
  let next = FIRST_ROUND;
  const start = (months: StageMonth[]) => {
    running = true;
    round = (async () => {
      try {
        // Months stored exactly as the file has them are neither staged nor merged.
        const unchanged = await lookUpStoredMonths(tx, months);
        if (stopped || unchanged.size === months.length) return;
        await write(unchanged.size === 0 ? months : months.filter((_, i) => !unchanged.has(i)));
        if (stopped) return;
        changed += await mergeStaged(tx, importId);
        if (stopped) return;
        await clearStage(tx);
      } catch (err) {
        failure ??= err;
      } finally {
        running = false;
      }
    })();
  };
  const finish = async () => {
    await round;
    if (failure) throw failure;
  };
  return {
    add(months: StageMonth[]) {
      for (const m of months) waiting.push(m);
    },
    async pause() {
      if (failure) throw failure;
      if (!running && waiting.length >= next) {
        start(waiting);
        waiting = [];
        next = Math.min(ROUND, next * 2);
      } else if (running && waiting.length >= 2 * ROUND) await round;
      // Lets the round's COPY and queries go on.
      await new Promise((resolve) => setImmediate(resolve));
    },
    /** The months still waiting, then those `stage` still holds (reopened people merged again whole). */
    async end(stage: StageMonths) {
      await finish();
      const rest = stage.rest();
      if (stage.reopened.size > 0 && waiting.length > 0) {
        start(waiting);
        await finish();
        waiting = [];
      }
      for (const m of rest) waiting.push(m);
      if (waiting.length > 0) start(waiting);
      waiting = [];
      await finish();
    },
    async stop() {
      stopped = true;
      await round;
    },
    changed: () => changed,
  };
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
    await lockImports(tx);
    await importSettings(tx);
    // Months stored exactly as they are given are neither staged nor merged (0 changed days).
    const unchanged = await lookUpStoredMonths(tx, months);
    await createStage(tx);
    await stageWriter(tx, client)(unchanged.size === 0 ? months : months.filter((_, i) => !unchanged.has(i)));
    return mergeMonths(tx, days, actor, meta);
  });
}

/** The staged months merged, the import recorded and audited (in the caller's transaction). */
async function mergeMonths(
  tx: Db,
  days: number,
  actor: ImportActor,
  meta: { source: 'csv' | 'api' | 'demo'; fileName?: string | null; checksum?: string | null },
): Promise<AttendanceImportResult> {
  const importId = await insertImport(tx, { ...meta, rowCount: days, importedBy: actor.id });
  const { changed, months: touched } = await mergeStage(tx, importId);
  await auditImport(tx, actor, importId, meta.source, days, changed, touched);
  return { importId, rows: days, changed, months: touched };
}

async function auditImport(
  tx: Db,
  actor: ImportActor,
  importId: number,
  source: 'csv' | 'api' | 'demo',
  rows: number,
  changed: number,
  months: YearMonth[],
): Promise<void> {
  await writeAudit(tx, {
    actorId: actor.id,
    actorLabel: actor.label,
    action: 'attendance.import',
    targetType: 'attendance_import',
    targetId: String(importId),
    detail: { source, rows, changed, months },
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
