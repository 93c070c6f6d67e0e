import { mkdirSync } from 'node:fs';
import type { Transaction } from '@electric-sql/pglite';
import { PGlite, types } from '@electric-sql/pglite';
import type { Db } from './db.ts';
import type { SqlQuery } from './sql.ts';

const parsers = {
  [types.DATE]: (v: string) => v,
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => Number(v),
};

type Runner = PGlite | Transaction;

function wrap(pg: PGlite, runner: Runner, inTransaction: boolean): Db {
  const db: Db = {
    driver: 'pglite',
    native: pg,
    async query<R>(q: SqlQuery) {
      const result = await runner.query<R>(q.text, q.values, { parsers });
      return result.rows;
    },
    async exec(text) {
      await runner.exec(text);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      if (inTransaction) return fn(db);
      return pg.transaction((tx) => fn(wrap(pg, tx, true)));
    },
    async executeSql(text, values) {
      // PGlite's exec runs several statements but takes no parameters; rows of every statement
      // count (a RETURNING in the middle of BEGIN … COMMIT).
      if (!values || values.length === 0) {
        const results = await runner.exec(text);
        return { rows: results.flatMap((r) => r.rows ?? []) };
      }
      const result = await runner.query(text, values, { parsers });
      return { rows: result.rows };
    },
    async close() {
      if (!inTransaction) await pg.close();
    },
  };
  return db;
}

/** dataDir undefined → in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir);
  return wrap(pg, pg, false);
}
