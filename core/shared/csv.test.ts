import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, parseCsv, readCsv, readCsvInSlices } from './csv.ts';
import { AppError } from './errors.ts';

const problemsOf = (text: string) => {
  try {
    parseCsv(text);
  } catch (err) {
    if (err instanceof AppError) return err.fields.map((f) => `${f.where}: ${f.message}`);
    throw err;
  }
  return [];
};

describe('CSV reading', () => {
  it('reads UTF-8 with a BOM and Shift_JIS alike, keeping spreadsheet line numbers', () => {
    const text = '職員番号,姓\r\nS1,山田\r\n\r\nS2,"佐藤\n(旧姓 鈴木)"\r\nS3,高橋\r\n';
    for (const bytes of [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      iconv.encode(text, 'Shift_JIS'),
    ]) {
      const decoded = decodeText(bytes);
      const { header, rows } = parseCsv(decoded.text);
      expect(header).toEqual(['職員番号', '姓']);
      expect(rows.map((r) => [r.line, r.values.職員番号])).toEqual([
        [2, 'S1'],
        [5, 'S2'],
        [6, 'S3'],
      ]);
    }
    expect(decodeText(iconv.encode(text, 'Shift_JIS')).encoding).toBe('shift_jis');
  });

  it('refuses a file with an unclosed quote, naming the line, instead of failing later', () => {
    expect(problemsOf('a,b\n1,2\n3,"4\n5,6\n')).toEqual([
      'line 4: the file ends inside a quoted cell: a closing " is missing on this line or above',
    ]);
  });

  it('refuses control characters with their line and column, but keeps tabs and quoted line breaks', () => {
    expect(problemsOf('a,b\n1,x\u0000y\n2,ok\n3,\u0007\n')).toEqual([
      'line 2, column b: contains a control character (U+0000)',
      'line 4, column b: contains a control character (U+0007)',
    ]);
    expect(problemsOf('a,b\n1,"tab\there\nand a break"\n')).toEqual([]);
  });

  it('reads a file without quotes (the fast path) exactly as the general parser reads it', () => {
    const plain = '\uFEFF職員番号 , 日付,残業\r\n\r\nE1, 2026/5/6 ,1:30\r\nE2,2026/5/7\r\n,,\r\n';
    const quoted = plain.replace('E1', '"E1"');
    expect(parseCsv(plain)).toEqual(parseCsv(quoted));
    expect(parseCsv(plain).rows.map((r) => r.line)).toEqual([3, 4, 5]);
  });

  it('property: any unquoted file reads the same by the fast path as quoted by the general parser', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ' ', '日', '1', '-'), maxLength: 4 });
    const row = fc.array(cell, { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (rows, eol, bom) => {
          const text = (quote: boolean) =>
            (bom ? '\uFEFF' : '') +
            rows.map((r) => r.map((c) => (quote ? `"${c}"` : c)).join(',')).join(eol) +
            eol;
          // A row of one empty cell is an empty line: skipped by both.
          expect(parseCsv(text(false))).toEqual(
            parseCsv(text(true).replace(/^(\uFEFF)?""(\r?\n)/gm, '$1$2')),
          );
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it('reads in slices the same records as at once, pausing between slices', async () => {
    const unquoted = `a,b\n${Array.from({ length: 7 }, (_, i) => `${i},x${i}`).join('\n')}\n\n9,z\n`;
    const quoted = `${unquoted}"10","y\nz"\n`;
    for (const text of [unquoted, quoted, '', 'a,b\n']) {
      const all: unknown[] = [];
      const header = readCsv(text, () => (line, cells) => all.push([line, ...cells]));
      const sliced: unknown[] = [];
      let pauses = 0;
      const slicedHeader = await readCsvInSlices(
        text,
        () => (line, cells) => sliced.push([line, ...cells]),
        async () => {
          pauses++;
        },
        3,
      );
      expect(slicedHeader).toEqual(header);
      expect(sliced).toEqual(all);
      // A pause after each full slice but the last (the reader may only find the end on the next call).
      expect(pauses).toBeGreaterThanOrEqual(Math.ceil(all.length / 3) - 1);
      expect(pauses).toBeLessThanOrEqual(Math.ceil(all.length / 3));
    }
  });
});
