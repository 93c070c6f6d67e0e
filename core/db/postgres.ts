import pg from 'pg';
import type { Db } from './db.ts';
import type { SqlQuery } from './sql.ts';

// Dates stay strings ('2026-05-06'): they are Japanese calendar dates, not instants.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

type Queryable = pg.Pool | pg.PoolClient;

function wrap(client: Queryable, pool: pg.Pool, inTransaction: boolean): Db {
  const db: Db = {
    driver: 'postgres',
    native: pool,
    async query<R>(q: SqlQuery) {
      const result = await (q.name
        ? client.query({ name: q.name, text: q.text, values: q.values })
        : client.query(q.text, q.values));
      return result.rows as R[];
    },
    async exec(text) {
      await client.query(text);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      if (inTransaction) return fn(db);
      return transactionOnConnection(pool, (tx) => fn(tx));
    },
    async executeSql(text, values) {
      const result = await client.query(text, values as unknown[]);
      return { rows: result.rows };
    },
    async close() {
      if (!inTransaction) await pool.end();
    },
  };
  return db;
}

/**
 * Runs fn in a transaction on one connection of the pool; fn also gets the connection itself (COPY
 * streams into it). Nested transactions join this one.
 */
export async function transactionOnConnection<T>(
  pool: pg.Pool,
  fn: (tx: Db, connection: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const conn = await pool.connect();
  // A connection dropped while we hold it emits 'error' on the client, which the pool's
  // listener does not cover; unheard, it would crash the process. The failing query rejects
  // anyway, so the listener only has to exist.
  const onError = () => {};
  conn.on('error', onError);
  try {
    await conn.query('begin');
    const result = await fn(wrap(conn, pool, true), conn);
    await conn.query('commit');
    return result;
  } catch (err) {
    await conn.query('rollback').catch(() => {});
    throw err;
  } finally {
    conn.off('error', onError);
    conn.release();
  }
}

export function openPostgres(url: string, schema?: string, max = 10): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // No JIT: the app's statements are short, and a plan whose estimate passes jit_above_cost spent
    // 20–25 ms compiling for a risk page that then ran in 10 (docs/benchmarks.md).
    options: ['-c jit=off', ...(schema ? [`-c search_path=${schema},public`] : [])].join(' '),
    application_name: 'kinmu-companion',
  });
  // A dropped connection must not crash the process; the next query gets a fresh one.
  pool.on('error', () => {});
  return wrap(pool, pool, false);
}
