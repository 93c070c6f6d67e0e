/**
 * npm run import:attendance -- path/to/export.csv [--mapping mapping.json] [--dry-run]
 * All-or-nothing import of a GSS attendance export (docs/attendance-csv.md): every problem is
 * printed as `line N, column C: reason` and nothing is stored. Re-importing the same file changes
 * nothing. The alerts for the months it changed are raised by the next alerts run (after an upload
 * in the tab, or daily at 9:00 JST); with the embedded database, stop `npm start` first (PGlite has
 * one writer) or use the tab's upload.
 */
import { readFile } from 'node:fs/promises';
import { parseAttendanceMapping } from '../core/attendance/attendance.mapping.ts';
import {
  checkAttendanceCsv,
  importAttendanceCsv,
  rejected,
} from '../core/attendance/attendance-import.service.ts';
import { option, positionals, runCli, UsageError, withDatabase } from './cli.ts';

const USAGE =
  'usage: npm run import:attendance -- <file.csv> [--mapping mapping.json] [--dry-run]\n' +
  '  (UTF-8, UTF-8 with BOM or Shift_JIS; 西暦 or 和暦 dates; see docs/attendance-csv.md)';

async function readOrFail(file: string): Promise<Buffer> {
  return readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${err.code ?? err.message}`);
  });
}

await runCli(USAGE, async (args, config) => {
  const [file] = positionals(args);
  if (!file) throw new UsageError('no file given');
  const bytes = await readOrFail(file);
  const mappingFile = option(args, 'mapping');
  let mapping = parseAttendanceMapping({});
  if (mappingFile) {
    try {
      mapping = parseAttendanceMapping(JSON.parse((await readOrFail(mappingFile)).toString('utf8')));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(
        `${mappingFile} is not a valid column mapping: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  await withDatabase(config, async (db) => {
    if (args.includes('--dry-run')) {
      const check = await checkAttendanceCsv(db, bytes, mapping);
      if (!check.ok) throw rejected(check.errors);
      console.log(`${check.rows} rows (${check.encoding}) would be imported; nothing was stored (--dry-run)`);
      return;
    }
    const result = await importAttendanceCsv(
      db,
      bytes,
      { id: null, label: 'cli:import-attendance' },
      { fileName: file, mapping },
    );
    console.log(
      `imported ${result.rows} rows: ${result.changed} changed` +
        (result.months.length > 0
          ? `; months updated: ${result.months.join(', ')}`
          : ' (the same data was already there)'),
    );
  });
});
