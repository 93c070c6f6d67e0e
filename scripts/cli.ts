/**
 * What every command-line script shares: config from the environment (the same validation as the
 * server), the database with migrations applied, and errors printed as one line per problem
 * (`line N, column C: reason`) with exit code 1.
 */
import { type Config, ConfigError, loadToolConfig } from '../core/config/config.ts';
import type { Db } from '../core/db/db.ts';
import { migrate } from '../core/db/migrate.ts';
import { openDatabase } from '../core/db/open.ts';
import { isAppError } from '../core/shared/errors.ts';

export class UsageError extends Error {}

export async function runCli(
  usage: string,
  main: (args: string[], config: Config) => Promise<void>,
): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return;
  }
  try {
    const config = loadToolConfig();
    await main(args, config);
  } catch (err) {
    process.exitCode = 1;
    if (err instanceof UsageError) console.error(`${err.message}\n\n${usage}`);
    else if (err instanceof ConfigError) console.error(err.message);
    else if (isAppError(err)) {
      console.error(err.message);
      for (const f of err.fields) console.error(`  ${f.where}: ${f.message}`);
    } else throw err;
  }
}

/** Opens the configured database (./data PGlite unless DATABASE_URL), migrated, and closes it after. */
export async function withDatabase<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(config.database);
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

/** `--name value` or `--name=value`. */
export function option(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const arg = args[i] as string;
  if (arg.includes('=')) return arg.slice(arg.indexOf('=') + 1);
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return value;
}

export const positionals = (args: string[]) =>
  args.filter(
    (a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]?.startsWith('--') && !args[i - 1]?.includes('=')),
  );
