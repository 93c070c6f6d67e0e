/**
 * npm run bench [-- <name>...]
 * Runs test/bench/<name>.bench.ts (all when no name is given) against the real PostgreSQL from
 * DATABASE_URL (default: the local test server), prints each figure with its same-process baseline
 * and ratio, and replaces the sections it ran in docs/benchmarks.md. Never part of npm test.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench.types.ts';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const DOC = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));

process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';
process.env.TZ = 'Asia/Tokyo';

// Flags (e.g. --large) are for the benches themselves; names select which run.
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const available = (await readdir(DIR))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')} (available: ${available.join(', ')})`);
  process.exit(1);
}
const names = wanted.length > 0 ? wanted : available.sort();
// A --large run is its own section, so it never replaces the figures of the default size.
const sectionOf = (name: string) => (process.argv.includes('--large') ? `${name} --large` : name);

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
    console.log(
      `${r.name}: ${fmt(r.value)} ${r.unit}  (baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}; ratio ${r.ratio.toFixed(2)})${r.note ? `  ${r.note}` : ''}`,
    );
  sections.push(
    `## ${name}\n\n| Measure | Value | Baseline (same run) | Ratio | Note |\n|---|---|---|---|---|\n${rows.join('\n')}\n`,
  );
}

// docs/benchmarks.md keeps one section per bench; a run replaces the sections it ran.
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const machine = `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)} at the end`;
const previous = await readFile(DOC, 'utf8').catch(() => '');
const kept = new Map<string, string>();
for (const part of previous.split(/^(?=## )/m).slice(1))
  kept.set(part.slice(3, part.indexOf('\n')).trim(), part.trimEnd());
for (const [i, name] of names.entries())
  kept.set(
    sectionOf(name),
    sections[i]!.replace(
      /^## [^\n]*\n/,
      `## ${sectionOf(name)}\n\nRun on ${new Date().toISOString().slice(0, 10)}: ${machine}.\n`,
    ).trimEnd(),
  );
const doc = `# Benchmarks\n\n\`npm run bench\` (all) or \`npm run bench -- <name>\` (one) against the PostgreSQL at DATABASE_URL. Each figure is compared with a baseline measured in the same process, so the ratio is what to watch; absolute numbers depend on the machine and its load.\n\n${[
  ...kept.entries(),
]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, text]) => text)
  .join('\n\n')}\n`;
await writeFile(DOC, doc);
console.log(`\nupdated ${DOC}`);
