/**
 * npm run bench [-- <name>...]
 * Runs test/bench/<name>.bench.ts (all when no name is given) against the real PostgreSQL from
 * DATABASE_URL (default: the local test server), prints each figure with its same-process baseline
 * and ratio, and rewrites docs/benchmarks.md with the latest run. Never part of npm test.
 */
import { readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench.types.ts';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const DOC = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));

process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';
process.env.TZ = 'Asia/Tokyo';

const wanted = process.argv.slice(2);
const available = (await readdir(DIR)).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')} (available: ${available.join(', ')})`);
  process.exit(1);
}
const names = wanted.length > 0 ? wanted : available.sort();

const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : n.toPrecision(3));
const sections: string[] = [];
for (const name of names) {
  console.log(`\n== ${name}`);
  const mod = (await import(`./${name}.bench.ts`)) as { default: () => Promise<BenchResult[]> };
  const results = await mod.default();
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit} | ${r.ratio.toFixed(2)} | ${r.note ?? ''} |`,
  );
  for (const r of results)
    console.log(`${r.name}: ${fmt(r.value)} ${r.unit}  (baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}; ratio ${r.ratio.toFixed(2)})${r.note ? `  ${r.note}` : ''}`);
  sections.push(`## ${name}\n\n| Measure | Value | Baseline (same run) | Ratio | Note |\n|---|---|---|---|---|\n${rows.join('\n')}\n`);
}

if (wanted.length === 0) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const doc = `# Benchmarks\n\nLatest \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL at DATABASE_URL.\nEach figure is compared with a baseline measured in the same process, so the ratio is what to watch; the absolute numbers depend on the machine.\n\n${sections.join('\n')}`;
  await writeFile(DOC, doc);
  console.log(`\nwrote ${DOC}`);
} else {
  console.log('\n(docs/benchmarks.md is rewritten only by a full run)');
}
