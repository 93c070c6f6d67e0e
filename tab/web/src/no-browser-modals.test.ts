import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('the tab never relies on browser modals or blob downloads', () => {
  // New Teams ignores window.confirm/alert/prompt (msteams-docs#10385), and blob links download once
  // per session at best (msteams-docs#9904, #10334, #10780): a button would silently do nothing.
  it.each(sources(SRC).map((f) => [f.slice(SRC.length), f]))('%s', (_name, file) => {
    // Comments and the texts files (words such as "alert(s)") are not code.
    const code = file.endsWith('.texts.ts')
      ? ''
      : readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/(^|[^\w.'"`])((window|globalThis|self)\.)?(confirm|alert|prompt)\s*\(/m);
    expect(code).not.toMatch(/createObjectURL|\.download\s*=/);
  });
});
