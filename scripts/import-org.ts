/**
 * npm run import:org -- path/to/org.csv
 * All-or-nothing import of the org CSV (docs/org-csv.md); every problem is printed as
 * `line N, column C: reason` and nothing is stored. Re-importing the same file changes nothing.
 * With the embedded database, stop `npm start` first (PGlite has one writer) or use the tab's
 * データ取込 page.
 */
import { readFile } from 'node:fs/promises';
import { importOrgCsv } from '../core/org/org-import.service.ts';
import { positionals, runCli, UsageError, withDatabase } from './cli.ts';

const USAGE = 'usage: npm run import:org -- <file.csv>   (UTF-8 or Shift_JIS; see docs/org-csv.md)';

await runCli(USAGE, async (args, config) => {
  const [file] = positionals(args);
  if (!file) throw new UsageError('no file given');
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${err.code ?? err.message}`);
  });
  const result = await withDatabase(config, (db) =>
    importOrgCsv(db, bytes, { id: null, label: 'cli:import-org' }),
  );
  console.log(
    `imported ${result.rows} rows (${result.encoding}): ${result.inserted} new, ${result.updated} updated, ` +
      `${result.unchanged} unchanged; ${result.bureaus} bureaus, ${result.sections} sections`,
  );
});
