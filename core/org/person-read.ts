import type { Db } from '../db/db.ts';
import { one } from '../db/db.ts';
import { prepared } from '../db/sql.ts';

/**
 * A read of one person's own data written against `me`, the person (me.id, me.heteronomous): a bot
 * command's read rides in its turn's identity statement (findTurnIdentity), so the command costs no
 * round trip of its own; elsewhere it runs alone (readPerson). Under load every round trip is a
 * wake-up of a server process, the largest part of what a turn costs beyond the Bot Framework.
 */
export interface PersonRead<T> {
  /** Kept prepared under this name (and under `turn-identity+name` with the identity). */
  name: string;
  /** A select list over `me`; its own parameters are $1, $2, … of `values`. */
  columns: string;
  values: unknown[];
  /** The value from the statement's one row (with the identity, me is all null for someone not registered). */
  read(row: Record<string, unknown>): T;
}

/** The select list with its parameters numbered after `offset` others. */
export const shiftedColumns = (read: PersonRead<unknown>, offset: number) =>
  read.columns.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);

/** The read alone, for a person already known. */
export async function readPerson<T>(
  db: Db,
  me: { id: string; heteronomous?: boolean },
  read: PersonRead<T>,
): Promise<T> {
  const n = read.values.length;
  const row = await one<Record<string, unknown>>(
    db,
    prepared(read.name, {
      text: `select ${read.columns} from (select $${n + 1}::uuid as id, $${n + 2}::boolean as heteronomous) me`,
      values: [...read.values, me.id, me.heteronomous ?? null],
    }),
  );
  return read.read(row);
}
