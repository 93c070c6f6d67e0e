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
  const header = readCsv(text, (h) => (line, cells) => {
    rows.push(recordOf(h, line, cells));
  });
  return { header, rows };
}

/**
 * A record's values keyed by the header, trimmed; cells past the header are dropped and missing
 * ones are absent (what parseCsv gives).
 */
export function recordOf(header: readonly string[], line: number, cells: readonly string[]): CsvRow {
  const values: Record<string, string> = {};
  for (let c = 0; c < header.length; c++) {
    const v = cells[c];
    if (v !== undefined) values[header[c]!] = v.trim();
  }
  return { line, values };
}

/**
 * parseCsv for a million-row file: `start` gets the header and returns what takes each record as
 * its 1-based line and its cells in the header's order (untrimmed: recordOf keys and trims them),
 * so records are consumed as they are read instead of all being kept, and a reader that knows its
 * columns' places need not build a keyed object per record. Same records, same refusals as parseCsv.
 */
export function readCsv(
  text: string,
  start: (header: string[]) => (line: number, cells: readonly string[]) => void,
): string[] {
  const reader = csvReader(text, start);
  reader.read(Number.POSITIVE_INFINITY);
  return reader.header();
}

/**
 * readCsv in slices of `slice` records, awaiting `pause` between them: a caller that streams the
 * records somewhere (the attendance import's COPY) lets its writes go out while the file is read.
 * Same records, same refusals (a file the parser cannot read is refused before any record).
 */
export async function readCsvInSlices(
  text: string,
  start: (header: string[]) => (line: number, cells: readonly string[]) => void,
  pause: () => Promise<void>,
  slice = 10_000,
): Promise<string[]> {
  const reader = csvReader(text, start);
  while (!reader.read(slice)) await pause();
  return reader.header();
}

interface CsvReader {
  /** Reads up to `limit` more records; true when the file is done. */
  read(limit: number): boolean;
  header(): string[];
}

function csvReader(
  text: string,
  start: (header: string[]) => (line: number, cells: readonly string[]) => void,
): CsvReader {
  // The common export (no quote, no control character) is split line by line as it is read.
  if (!text.includes('"') && !CONTROL.test(text)) return unquotedReader(text, start);
  let parsed: { header: string[]; records: { line: number; cells: string[] }[] };
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
  const problems = parsed.records.flatMap(({ line, cells }) =>
    Object.entries(recordOf(parsed.header, line, cells).values)
      .filter(([, v]) => CONTROL.test(v))
      .map(([column, v]) => ({
        where: `line ${line}, column ${column}`,
        message: `contains a control character (U+${(v.match(CONTROL)?.[0] ?? '').charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`,
      })),
  );
  if (problems.length > 0)
    throw new AppError('bad_request', `The file was not imported: ${problems.length} problem(s).`, problems);
  const each = start(parsed.header);
  let next = 0;
  return {
    read(limit) {
      const end = Math.min(parsed.records.length, next + limit);
      for (; next < end; next++) each(parsed.records[next]!.line, parsed.records[next]!.cells);
      return next === parsed.records.length;
    },
    header: () => parsed.header,
  };
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

function parseOrThrow(text: string): { header: string[]; records: { line: number; cells: string[] }[] } {
  if (text.includes('"')) return parseQuoted(text);
  const records: { line: number; cells: string[] }[] = [];
  const header = readUnquoted(text, () => (line, cells) => {
    records.push({ line, cells: cells as string[] });
  });
  return { header, records };
}

/**
 * Most system exports quote nothing; then every physical line is one record and a split is the
 * whole parse (about ten times faster than the general parser on a million-row export).
 */
function readUnquoted(
  text: string,
  start: (header: string[]) => (line: number, cells: readonly string[]) => void,
): string[] {
  const reader = unquotedReader(text, start);
  reader.read(Number.POSITIVE_INFINITY);
  return reader.header();
}

/** readUnquoted as a cursor: each read goes on where the last one stopped. */
function unquotedReader(
  text: string,
  start: (header: string[]) => (line: number, cells: readonly string[]) => void,
): CsvReader {
  let header: string[] | undefined;
  let each: ((line: number, cells: readonly string[]) => void) | undefined;
  let from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let n = 1;
  // The next comma of the text at or after the line being read (-1: none left, -2: not looked for):
  // each comma is found once, so a file whose lines hold none is not searched to its end per line.
  let comma = -2;
  /**
   * The cells of text[start, end) split at commas, cut straight from the text (a third faster than
   * slicing the line and splitting it, on a million-row export).
   */
  const cellsOf = (start: number, end: number): string[] => {
    if (comma !== -1 && comma < start) comma = text.indexOf(',', start);
    const cells: string[] = [];
    let cell = start;
    while (comma !== -1 && comma < end) {
      cells.push(text.slice(cell, comma));
      cell = comma + 1;
      comma = text.indexOf(',', cell);
    }
    cells.push(text.slice(cell, end));
    return cells;
  };
  return {
    read(limit) {
      let records = 0;
      for (; from <= text.length && records < limit; n++) {
        let to = text.indexOf('\n', from);
        if (to === -1) to = text.length;
        const end = to > from && text.charCodeAt(to - 1) === 13 ? to - 1 : to;
        const lineStart = from;
        from = to + 1;
        if (end === lineStart) continue;
        const cells = cellsOf(lineStart, end);
        if (!header) {
          header = cells.map((h) => h.trim());
          each = start(header);
          continue;
        }
        each!(n, cells);
        records++;
      }
      if (from <= text.length) return false;
      if (!header) {
        header = [];
        start([]);
      }
      return true;
    },
    header: () => header ?? [],
  };
}

function parseQuoted(text: string): { header: string[]; records: { line: number; cells: string[] }[] } {
  // Records as arrays, keyed and trimmed by the reader (recordOf): csv-parse's own `columns` and
  // `trim` options cost twice the parse itself on million-row attendance exports.
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
  return {
    header,
    records: records.slice(1).map(({ record, info }) => ({ line: info.lines, cells: record })),
  };
}
