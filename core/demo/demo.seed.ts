import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { countEmployees } from '../org/org.repository.ts';
import type { OrgRow } from '../org/org-csv.schema.ts';
import { DEFAULT_MINISTRY_ID, upsertOrg } from '../org/org-import.repository.ts';
import { generateDemoOrg } from './demo-org.generator.ts';

export const DEMO_MINISTRY_NAME = 'デモ省';

/** Writes the demo org in chunks (managers always precede their staff in the generator). */
export async function writeDemoOrg(
  db: Db,
  staff: number,
  onProgress?: (done: number) => void,
): Promise<number> {
  await db.query(sql`insert into ministry (id, name, name_en) values (${DEFAULT_MINISTRY_ID}, ${DEMO_MINISTRY_NAME}, 'Demo Ministry')
                     on conflict (id) do update set name = excluded.name, name_en = excluded.name_en`);
  let chunk: { line: number; row: OrgRow }[] = [];
  let done = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const rows = chunk;
    chunk = [];
    const result = await db.transaction((tx) => upsertOrg(tx, rows, true));
    if (result.errors.length > 0) throw new Error(`demo data is inconsistent: ${result.errors[0]?.message}`);
    done += rows.length;
    onProgress?.(done);
  };
  for (const row of generateDemoOrg({ staff })) {
    chunk.push({ line: done + chunk.length + 1, row });
    if (chunk.length >= 20_000) await flush();
  }
  await flush();
  return done;
}

/** First start on an empty database: a demo ministry so that every screen has something to show. */
export async function seedDemoIfEmpty(db: Db, staff = 300): Promise<boolean> {
  if ((await countEmployees(db)) > 0) return false;
  await writeDemoOrg(db, staff);
  return true;
}
