import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export async function openDatabase(config: Config['database']): Promise<Db> {
  if (config.url) {
    const db = openPostgres(config.url, config.schema);
    if (config.schema) await db.exec(`create schema if not exists "${config.schema}"`);
    return db;
  }
  return openPglite(join(config.dataDir, 'pglite'));
}
