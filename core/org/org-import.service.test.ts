import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../shared/errors.ts';
import { findEmployeeByNo, roleAssignments } from './org.repository.ts';
import { importOrgCsv, parseOrgCsv } from './org-import.service.ts';

const sample = () => readFile(new URL('../../test/fixtures/org-sample.csv', import.meta.url));
const actor = { id: null, label: 'test' };
const utf8 = (s: string) => new TextEncoder().encode(s);

async function importError(t: TestDatabase, bytes: Uint8Array): Promise<AppError> {
  try {
    await importOrgCsv(t.db, bytes, actor);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('import unexpectedly succeeded');
}

describe('org CSV import', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('imports the sample file with managers and bureau kinds (roles are never taken from a file)', async () => {
    const result = await importOrgCsv(t.db, await sample(), actor);
    expect(result).toMatchObject({
      encoding: 'utf-8',
      rows: 5,
      inserted: 5,
      updated: 0,
      bureaus: 3,
      sections: 3,
    });
    const sato = await findEmployeeByNo(t.db, 'S0002');
    expect(sato).toMatchObject({ name: '佐藤 花子', kana: 'サトウ ハナコ', manager: { name: '山田 太郎' } });
    expect(sato?.bureau).toMatchObject({ name: '大臣官房', kind: 'headquarters' });
    const tanaka = await findEmployeeByNo(t.db, 'S0005');
    expect(tanaka?.bureau.kind).toBe('regional_branch');
    expect(await roleAssignments(t.db, tanaka!.id)).toEqual([]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await t.db.query(sql`select * from employee order by employee_no`);
    const result = await importOrgCsv(t.db, await sample(), actor);
    expect(result).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
    expect(await t.db.query(sql`select * from employee order by employee_no`)).toEqual(before);
  });

  it('reads Shift_JIS files as exported by Excel', async () => {
    const text = (await sample()).toString('utf8').replace('佐藤', '齋藤');
    const result = await importOrgCsv(t.db, iconv.encode(text, 'Shift_JIS'), actor);
    expect(result).toMatchObject({ encoding: 'shift_jis', updated: 1 });
    expect((await findEmployeeByNo(t.db, 'S0002'))?.name).toBe('齋藤 花子');
  });

  it('rejects a file with bad rows whole, listing every line, and stores nothing', async () => {
    const csv = [
      'employee_no,family_name,given_name,bureau_code,bureau_name,bureau_kind,section_code,section_name,manager_employee_no,upn',
      'N0001,新井,一,B09,新局,本省内部部局,B09-01,新課,,arai@example.go.jp',
      'N0002,,二,B09,新局,宇宙局,B09-01,新課,,',
      'N0001,重複,三,B09,新局,本省内部部局,B09-01,新課,,',
      'N0004,上司,不明,B09,新局,本省内部部局,B09-01,新課,X9999,',
    ].join('\n');
    const err = await importError(t, utf8(csv));
    expect(err.code).toBe('bad_request');
    expect(err.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          where: 'line 3, column family_name',
          message: expect.stringContaining('required'),
          key: 'required',
        }),
        expect.objectContaining({
          where: 'line 3, column bureau_kind',
          message: expect.stringContaining('宇宙局'),
        }),
        expect.objectContaining({
          where: 'line 4, column employee_no',
          message: expect.stringContaining('line 2'),
        }),
      ]),
    );
    const rows = await t.db.query(sql`select 1 from employee where employee_no like 'N%'`);
    expect(rows).toHaveLength(0);
  });

  it('rejects an unknown manager, found only against the database, and stores nothing', async () => {
    const csv =
      'employee_no,family_name,given_name,bureau_code,bureau_name,bureau_kind,section_code,section_name,manager_employee_no\n' +
      'N0010,新井,一,B09,新局,外局,B09-01,新課,S0001\n' +
      'N0011,新井,二,B09,新局,外局,B09-01,新課,X9999\n';
    const err = await importError(t, utf8(csv));
    expect(err.fields).toEqual([
      {
        where: 'line 3, column manager_employee_no',
        message: 'no employee X9999 in the file or the database',
      },
    ]);
    expect(await t.db.query(sql`select 1 from bureau where code = 'B09'`)).toHaveLength(0);
  });

  it('reports missing and unknown columns against the header line', () => {
    const parsed = parseOrgCsv(utf8('employee_no,family_name,shoe_size\nA1,x,42\n'));
    expect(parsed.errors.map((e) => e.where)).toContain('line 1, column shoe_size');
    expect(parsed.errors.some((e) => e.message.includes('missing column "bureau_code"'))).toBe(true);
  });

  it('detects manager cycles inside the file', () => {
    const csv =
      'employee_no,family_name,given_name,bureau_code,bureau_name,bureau_kind,section_code,section_name,manager_employee_no\n' +
      'C1,a,a,B1,b,外局,S1,s,C2\nC2,b,b,B1,b,外局,S1,s,C1\n';
    const parsed = parseOrgCsv(utf8(csv));
    expect(parsed.errors.filter((e) => e.message.includes('loops'))).toHaveLength(2);
  });

  it('refuses a UPN that belongs to someone else in the database', async () => {
    const csv =
      'employee_no,family_name,given_name,bureau_code,bureau_name,bureau_kind,section_code,section_name,upn\n' +
      'N0020,別人,太郎,B01,大臣官房,本省内部部局,B01-01,人事課,yamada.taro@example.go.jp\n';
    const err = await importError(t, utf8(csv));
    expect(err.fields[0]?.message).toContain('already belongs to employee S0001');
  });

  it('keeps what the database has (UPN, manager, kana, gender, language) when a later file leaves those cells empty', async () => {
    await t.db.query(sql`update employee set locale = 'en' where employee_no = 'S0002'`); // chosen in the bot's 設定
    // S0002 has a UPN and manager S0001 from the sample; the Graph sync may also have set them.
    const csv =
      'employee_no,family_name,given_name,bureau_code,bureau_name,bureau_kind,section_code,section_name,manager_employee_no,upn\n' +
      'S0002,齋藤,花子,B01,大臣官房,本省内部部局,B01-01,人事課,,\n'; // renamed by an earlier test
    const result = await importOrgCsv(t.db, utf8(csv), actor);
    expect(result.updated).toBe(0);
    const sato = await findEmployeeByNo(t.db, 'S0002');
    expect(sato).toMatchObject({
      upn: 'sato.hanako@example.go.jp',
      kana: 'サトウ ハナコ',
      locale: 'en',
      manager: { name: '山田 太郎' },
    });
  });
});
