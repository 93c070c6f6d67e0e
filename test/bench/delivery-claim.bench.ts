import os from 'node:os';
import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { claim } from '../../core/delivery/outbox.repository.ts';
import type { BenchResult } from './bench.types.ts';
import { benchDatabase } from './bench-db.ts';

/** Rows in the delivery table for each measurement; almost all of them already done. */
const SIZES = [1_000, 20_000, 100_000, 300_000];
/** Rows still due in the "mostly done" shape (the end of a broadcast, or the table after months). */
const DUE = 600;
/** Claims timed per run (one message each, as the senders claim). */
const CLAIMS = 400;
const RUNS = 3;

/**
 * The cost of one claim (no limiter, no connector) as the delivery table fills with done rows.
 * A claim should read what is due, not what is done: the 300k figure ≤ 1.5× the 1k figure.
 */
export default async function bench(): Promise<BenchResult[]> {
  const database = await benchDatabase();
  try {
    const { db } = database;
    const results: BenchResult[] = [];
    // Two shapes: every row waiting (the start of a broadcast to that many people) and almost
    // every row done (its end, or the table after months of messages).
    for (const shape of ['waiting', 'done'] as const) {
      const perSize: { size: number; ms: number }[] = [];
      for (const size of SIZES) {
        const samples: number[] = [];
        for (let run = 0; run < RUNS; run++) samples.push(await measure(db, size, shape));
        samples.sort((a, b) => a - b);
        perSize.push({ size, ms: samples[1] as number });
        console.log(`  ${shape} ${size} rows: ${samples.map((s) => s.toFixed(3)).join(' / ')} ms per claim`);
      }
      const base = perSize[0] as { size: number; ms: number };
      const load = os.loadavg()[0]?.toFixed(1);
      for (const p of perSize)
        results.push({
          name: `claim one message, ${p.size.toLocaleString('en')} rows, ${shape === 'waiting' ? 'all waiting' : `${DUE} waiting, the rest done`}`,
          value: p.ms,
          unit: 'ms',
          baseline: {
            name: `the same with ${base.size.toLocaleString('en')} rows`,
            value: base.ms,
            unit: 'ms',
          },
          ratio: p.ms / base.ms,
          note: `goal ≤ 1.5 at 300k; median of ${RUNS} runs of ${CLAIMS} claims; load average ${load}`,
        });
    }
    return results;
  } finally {
    await database.drop();
  }
}

/** Mean milliseconds per claim with `size` rows (fresh data every run). */
async function measure(db: Db, size: number, shape: 'waiting' | 'done'): Promise<number> {
  const due = shape === 'waiting' ? size : DUE;
  await db.exec('truncate delivery');
  // One broadcast's rows (bulk priority), as prepareBatch writes them.
  await db.query(sql`
    insert into delivery (purpose, subject, recipient, priority, state, aad_object_id, sent_at, attempts)
    select 'announcement', 'bench', i::text, 2, case when i <= ${due} then 'due' else 'sent' end, gen_random_uuid()::text,
           case when i <= ${due} then null else now() end, case when i <= ${due} then 0 else 1 end
      from generate_series(1, ${size}) i`);
  await db.exec('analyze delivery');
  const start = performance.now();
  for (let i = 0; i < CLAIMS; i++) {
    const rows = await claim(db, 1, 60_000, 'bench');
    if (rows.length !== 1) throw new Error('claim found nothing');
  }
  return (performance.now() - start) / CLAIMS;
}
