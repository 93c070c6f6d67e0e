import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from './errors.ts';

/**
 * Files from Japanese government systems come as Shift_JIS (often) or UTF-8 with or without BOM.
 * UTF-8 is tried strictly first; anything that is not valid UTF-8 is read as Shift_JIS (Windows-31J).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'shift_jis' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'shift_jis' };
  }
}

export interface CsvRow {
  /** 1-based line number in the file, as a spreadsheet shows it. */
  line: number;
  values: Record<string, string>;
}

/**
 * Parses a CSV with a header row; keeps the file's line numbers for error messages. A file the
 * parser cannot read (an unclosed quote, say) is refused as a whole with the line it stopped at.
 */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  let parsed: { header: string[]; rows: CsvRow[] };
  try {
    parsed = parseOrThrow(text);
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = (err as CsvError & { lines?: number }).lines;
    throw new AppError('bad_request', 'The file is not a readable CSV.', [
      { where: line ? `line ${line}` : 'file', message: csvProblem(err) },
    ]);
  }
  // Control characters (NUL above all, which PostgreSQL text cannot hold) are a broken export,
  // never data: refuse them with their place instead of failing in the database.
  const problems = parsed.rows.flatMap(({ line, values }) =>
    Object.entries(values)
      .filter(([, v]) => CONTROL.test(v))
      .map(([column, v]) => ({
        where: `line ${line}, column ${column}`,
        message: `contains a control character (U+${(v.match(CONTROL)?.[0] ?? '').charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`,
      })),
  );
  if (problems.length > 0) throw new AppError('bad_request', `The file was not imported: ${problems.length} problem(s).`, problems);
  return parsed;
}

// Tabs and line breaks inside quoted cells are legitimate; the rest of C0 and DEL are not.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function csvProblem(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'the file ends inside a quoted cell: a closing " is missing on this line or above';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return 'a " appears inside an unquoted cell; quote the whole cell and double the " inside it';
    default:
      return err.message;
  }
}

function parseOrThrow(text: string): { header: string[]; rows: CsvRow[] } {
  return text.includes('"') ? parseQuoted(text) : parseUnquoted(text);
}

/**
 * Most system exports quote nothing; then every physical line is one record and a split is the
 * whole parse (about ten times faster than the general parser on a million-row export).
 */
function parseUnquoted(text: string): { header: string[]; rows: CsvRow[] } {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let header: string[] | undefined;
  const rows: CsvRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') continue;
    const cells = line.split(',');
    if (!header) {
      header = cells.map((h) => h.trim());
      continue;
    }
    const values: Record<string, string> = {};
    for (let c = 0; c < header.length; c++) {
      const v = cells[c];
      if (v !== undefined) values[header[c]!] = v.trim();
    }
    rows.push({ line: i + 1, values });
  }
  return { header: header ?? [], rows };
}

function parseQuoted(text: string): { header: string[]; rows: CsvRow[] } {
  // Records as arrays, trimmed and keyed here: csv-parse's own `columns` and `trim` options cost
  // twice the parse itself on million-row attendance exports.
  const records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const header = (records[0]?.record ?? []).map((h) => h.trim());
  const rows: CsvRow[] = new Array(Math.max(0, records.length - 1));
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    const values: Record<string, string> = {};
    for (let c = 0; c < header.length; c++) {
      const v = record[c];
      if (v !== undefined) values[header[c]!] = v.trim();
    }
    rows[r - 1] = { line: info.lines, values };
  }
  return { header, rows };
}
