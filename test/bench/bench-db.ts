import { randomBytes } from 'node:crypto';
import type { Db } from '../../core/db/db.ts';
import { migrate } from '../../core/db/migrate.ts';
import { openPostgres } from '../../core/db/postgres.ts';

/** A fresh migrated schema on the bench server (DATABASE_URL), dropped by drop(). */
export async function benchDatabase(): Promise<{
  db: Db;
  schema: string;
  url: string;
  drop(): Promise<void>;
}> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = openPostgres(url, undefined, 1);
  await admin.exec(`create schema "${schema}"`);
  await admin.close();
  const db = openPostgres(url, schema, 4);
  await migrate(db);
  return {
    db,
    schema,
    url,
    async drop() {
      await db.close();
      const cleanup = openPostgres(url, undefined, 1);
      await cleanup.exec(
        `drop schema if exists "${schema}" cascade; drop schema if exists "${schema}_boss" cascade`,
      );
      await cleanup.close();
    },
  };
}

/** Milliseconds taken by fn (one run; benches choose sizes large enough for that to be stable). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}
