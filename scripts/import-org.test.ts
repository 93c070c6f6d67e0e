import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/harness/db.ts';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./import-org.ts', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../test/fixtures/org-sample.csv', import.meta.url));

/** The CLI as a person runs it: a child process with the same Node, exit code and output checked. */
describe('npm run import:org', () => {
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kinmu-cli-'));
    database = await createTestDatabase({ migrate: false });
    // A schema on the real server in CI; an embedded database in a temp dir otherwise.
    env = database.schema
      ? { DATABASE_URL: database.url ?? '', DATABASE_SCHEMA: database.schema }
      : { DATA_DIR: join(dir, 'data') };
    if (!database.schema) await database.drop();
  });
  afterAll(async () => {
    if (database.schema) await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [SCRIPT, ...args], {
        env: { PATH: process.env.PATH ?? '', TZ: 'Asia/Tokyo', LOG_LEVEL: 'silent', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('imports a Shift_JIS file, then reports the same file as unchanged', async () => {
    const sjis = join(dir, 'org-sjis.csv');
    const text = await (await import('node:fs/promises')).readFile(SAMPLE, 'utf8');
    await writeFile(sjis, iconv.encode(text, 'Shift_JIS'));
    const first = await cli(sjis);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/imported 5 rows \(shift_jis\): 5 new/);
    const again = await cli(sjis);
    expect(again.stdout).toMatch(/0 new, 0 updated, 5 unchanged/);
  });

  it('rejects a bad file with every problem on its own line and exit code 1', async () => {
    const bad = join(dir, 'bad.csv');
    const [header = '', first = '', second = ''] = (
      await (await import('node:fs/promises')).readFile(SAMPLE, 'utf8')
    ).split('\n');
    const columns = header.split(',');
    const replace = (line: string, heading: string, value: string) =>
      line
        .split(',')
        .map((c, i) => (columns[i] === heading ? value : c))
        .join(',');
    // Two broken rows: an unknown bureau kind, a missing family name.
    await writeFile(
      bad,
      [header, replace(first, '局区分', '月面基地'), replace(second, '姓', '')].join('\n'),
    );
    const result = await cli(bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^The file was not imported: 2 problem\(s\)\./);
    expect(result.stderr).toMatch(/line 2, column bureau_kind: /);
    expect(result.stderr).toMatch(/line 3, column family_name: /);
  });

  it('explains its usage when the file is missing', async () => {
    const result = await cli(join(dir, 'nope.csv'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot read');
    expect(result.stderr).toContain('usage: npm run import:org');
  });
});
