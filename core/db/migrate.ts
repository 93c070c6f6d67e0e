import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';
import { sql } from './sql.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant shared by every instance of the app: they queue on it instead of racing.
const LOCK_KEY = 4_242_001;

/**
 * Applies the ordered, forward-only files in core/db/migrations that this database has not seen.
 * All of it runs in one transaction under an advisory lock, so two instances starting together
 * apply each file once and a failed file leaves nothing behind.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return db.transaction(async (tx) => {
    await tx.query(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.exec(`create table if not exists schema_migration (
      name text primary key,
      applied_at timestamptz not null default now()
    )`);
    const done = new Set(
      (await tx.query<{ name: string }>(sql`select name from schema_migration`)).map((r) => r.name),
    );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      await tx.exec(await readFile(`${dir}${file}`, 'utf8'));
      await tx.query(sql`insert into schema_migration (name) values (${file})`);
      applied.push(file);
    }
    return applied;
  });
}
