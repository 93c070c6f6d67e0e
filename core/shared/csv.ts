import { parse } from 'csv-parse/sync';

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

/** Parses a CSV with a header row; keeps the file's line numbers for error messages. */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const records = parse(text, {
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim()),
    skip_empty_lines: true,
    trim: true,
    info: true,
    relax_column_count: true,
  }) as { record: Record<string, string>; info: { lines: number } }[];
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const header = parse(firstLine, { trim: true })[0] as string[] | undefined;
  return {
    header: header ?? [],
    rows: records.map((r) => ({ line: r.info.lines, values: r.record })),
  };
}
