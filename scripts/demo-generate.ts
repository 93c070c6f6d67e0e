/**
 * npm run demo:generate -- --staff 300000
 * Writes a generated ministry of the given size (deterministic: same size, same people) into the
 * configured database, for benchmarks and load tests. Existing demo people are updated, not doubled.
 */
import { writeDemoOrg } from '../core/demo/demo.seed.ts';
import { option, runCli, UsageError, withDatabase } from './cli.ts';

const USAGE = 'usage: npm run demo:generate -- --staff <count>   (into DATABASE_URL, or ./data when unset)';

await runCli(USAGE, async (args, config) => {
  const staff = Number(option(args, 'staff') ?? '300');
  if (!Number.isInteger(staff) || staff < 10 || staff > 1_000_000)
    throw new UsageError('--staff must be a whole number between 10 and 1000000');
  const started = performance.now();
  const written = await withDatabase(config, (db) =>
    writeDemoOrg(db, staff, (done) =>
      process.stdout.write(`\r${done.toLocaleString('en')} / ${staff.toLocaleString('en')} people`),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nwrote ${written.toLocaleString('en')} people in ${seconds.toFixed(1)} s`);
});
