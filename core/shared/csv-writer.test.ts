import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { csvCell, toCsv } from './csv-writer.ts';

describe('the one CSV writer', () => {
  it('neutralises every leading formula trigger, half- and full-width, and leaves numbers alone', () => {
    for (const evil of [
      '=1+1',
      '+SUM(A1)',
      '-2+3',
      '@cmd',
      '\tTAB',
      '\rCR',
      '＝HYPERLINK("x")',
      '＋1',
      '－1',
      '＠a',
    ])
      expect(csvCell(evil).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell('中村 健太')).toBe('中村 健太');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(null)).toBe('');
  });

  it('round-trips any text through a CSV reader, with no cell a spreadsheet would evaluate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ maxLength: 12 }), { minLength: 2, maxLength: 2 }), { maxLength: 6 }),
        (rows) => {
          const text = toCsv([['a', 'b'], ...rows]);
          expect(text.startsWith('\uFEFF')).toBe(true);
          // biome-ignore lint/suspicious/noControlCharactersInRegex: the generator makes control characters the reader refuses.
          if (rows.some((r) => r.some((c) => /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(c))))
            return;
          for (const { values } of parseCsv(text).rows)
            for (const v of Object.values(values)) expect(/^[=+\-@＝＋－＠]/.test(v)).toBe(false);
        },
      ),
    );
  });
});
