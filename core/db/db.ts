import type { SqlQuery } from './sql.ts';

/**
 * The whole contract with the database: one seam, two drivers (embedded PGlite, node-postgres).
 * Repositories are plain functions taking a Db (or the Db of a transaction).
 */
export interface Db {
  readonly driver: 'pglite' | 'postgres';
  /** The driver's own object (PGlite instance or pg.Pool), for libraries that adapt to it. */
  readonly native: unknown;
  query<R = Record<string, unknown>>(query: SqlQuery): Promise<R[]>;
  /** Several statements without parameters (migrations, DDL). */
  exec(text: string): Promise<void>;
  /** Runs fn in one transaction; nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** pg-boss's contract: executeSql(text, values). */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

export async function one<R>(db: Db, query: SqlQuery): Promise<R> {
  const rows = await db.query<R>(query);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
  return rows[0] as R;
}

export async function maybeOne<R>(db: Db, query: SqlQuery): Promise<R | undefined> {
  const rows = await db.query<R>(query);
  return rows[0];
}
