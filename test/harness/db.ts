import { randomBytes } from 'node:crypto';
import type { Db } from '../../core/db/db.ts';
import { migrate } from '../../core/db/migrate.ts';
import { openPglite } from '../../core/db/pglite.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { TEST_DATABASE_URL } from './test-env.ts';

export interface TestDatabase {
  db: Db;
  /** The schema on the real server (undefined on PGlite). */
  schema?: string;
  url?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: its own schema on the real PostgreSQL server when
 * DATABASE_URL is set (CI), an in-memory PGlite otherwise.
 */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let result: TestDatabase;
  if (TEST_DATABASE_URL) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = openPostgres(TEST_DATABASE_URL, undefined, 1);
    await admin.exec(`create schema "${schema}"`);
    await admin.close();
    const db = openPostgres(TEST_DATABASE_URL, schema, 4);
    result = {
      db,
      schema,
      url: TEST_DATABASE_URL,
      async drop() {
        await db.close();
        const cleanup = openPostgres(TEST_DATABASE_URL!, undefined, 1);
        await cleanup.exec(
          `drop schema if exists "${schema}" cascade; drop schema if exists "${schema}_boss" cascade`,
        );
        await cleanup.close();
      },
    };
  } else {
    const db = await openPglite();
    result = { db, drop: () => db.close() };
  }
  if (opts.migrate !== false) await migrate(result.db);
  return result;
}
