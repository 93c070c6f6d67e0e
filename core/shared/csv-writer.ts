/**
 * The one CSV writer of every export (dashboard, leave section table, announcement delivery, audit
 * log): UTF-8 with a BOM and CRLF, so Excel on Japanese Windows opens it without garbling, and every
 * text cell that a spreadsheet would run as a formula neutralised.
 *
 * A text cell starting with = + - @, a tab or a carriage return (OWASP "CSV injection"), or their
 * full-width forms ＝ ＋ － ＠ (also after leading spaces), gets a leading apostrophe: the spreadsheet shows the text as text.
 * Numbers are written as numbers (a negative number is not a formula). Names with such a leading
 * character are also refused at import (org-csv.schema.ts), so they should not occur at all.
 */

export type CsvValue =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | Record<string, unknown>
  | unknown[];

// Also after leading spaces: many readers trim cells before a spreadsheet sees them.
const TRIGGER = /^[\t\r]|^\s*[=+\-@＝＋－＠]/;

/** Whether a text would run as a formula in a spreadsheet (the import refuses such names). */
export const startsLikeFormula = (text: string): boolean => TRIGGER.test(text);

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  const safe = startsLikeFormula(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole file: header and rows, BOM, CRLF line ends, a final CRLF. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
