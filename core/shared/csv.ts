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
  const rows: CsvRow[] = [];
  const header = readCsv(text, () => (row) => {
    rows.push(row);
  });
  return { header, rows };
}

/**
 * parseCsv for a million-row file: `start` gets the header and returns what takes each record, so
 * records are consumed as they are read instead of all being kept (they then die young, which
 * halves the garbage collector's share). Same records, same refusals as parseCsv.
 */
export function readCsv(text: string, start: (header: string[]) => (row: CsvRow) => void): string[] {
  // The common export (no quote, no control character) is split line by line as it is read.
  if (!text.includes('"') && !CONTROL.test(text)) return readUnquoted(text, start);
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
  if (problems.length > 0)
    throw new AppError('bad_request', `The file was not imported: ${problems.length} problem(s).`, problems);
  const each = start(parsed.header);
  for (const row of parsed.rows) each(row);
  return parsed.header;
}

// Tabs and line breaks inside quoted cells are legitimate; the rest of C0 and DEL are not.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
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
  if (text.includes('"')) return parseQuoted(text);
  const rows: CsvRow[] = [];
  const header = readUnquoted(text, () => (row) => {
    rows.push(row);
  });
  return { header, rows };
}

/**
 * Most system exports quote nothing; then every physical line is one record and a split is the
 * whole parse (about ten times faster than the general parser on a million-row export).
 */
function readUnquoted(text: string, start: (header: string[]) => (row: CsvRow) => void): string[] {
  let header: string[] | undefined;
  let each: ((row: CsvRow) => void) | undefined;
  let from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let n = 1; from <= text.length; n++) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    const end = to > from && text.charCodeAt(to - 1) === 13 ? to - 1 : to;
    const line = text.slice(from, end);
    from = to + 1;
    if (line === '') continue;
    const cells = line.split(',');
    if (!header) {
      header = cells.map((h) => h.trim());
      each = start(header);
      continue;
    }
    const values: Record<string, string> = {};
    for (let c = 0; c < header.length; c++) {
      const v = cells[c];
      if (v !== undefined) values[header[c]!] = v.trim();
    }
    each!({ line: n, values });
  }
  if (!header) start([]);
  return header ?? [];
}

function parseQuoted(text: string): { header: string[]; rows: CsvRow[] } {
  // Records as arrays, trimmed and keyed here: csv-parse's own `columns` and `trim` options cost
  // twice the parse itself on million-row attendance exports.
  const records = parse(text, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as unknown as {
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
