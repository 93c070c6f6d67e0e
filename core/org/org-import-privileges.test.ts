import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { grantRole } from '../access/role-assignment.repository.ts';
import { sql } from '../db/sql.ts';
import { AppError } from '../shared/errors.ts';
import { findEmployeeByNo, roleAssignments } from './org.repository.ts';
import { importOrgCsv } from './org-import.service.ts';

/**
 * Issue 13 finding 1 (all failed on main): an HR file made its author admin, stripped the real
 * admin and rebound a colleague's record to an Entra account HR controls; the audit said only
 * {"updated":1} and the report said "unchanged". Roles and bindings are now the admin's, and every
 * change the import does make is in the audit log field by field.
 */
const HEADER =
  'employee_no,family_name,given_name,entra_oid,bureau_code,bureau_name,bureau_kind,section_code,section_name,roles';
const OID_ADMIN = '0a000000-0000-4000-8000-000000000001';
const OID_HR = '0a000000-0000-4000-8000-000000000002';
const OID_NAKAMURA = '0a000000-0000-4000-8000-000000000003';
const OID_ATTACKER = '0a000000-0000-4000-8000-0000000000ff';
const utf8 = (s: string) => new TextEncoder().encode(s);
const row = (no: string, fam: string, oid: string, roles = '', section = 'B01-01,人事課') =>
  `${no},${fam},太郎,${oid},B01,大臣官房,本省内部部局,${section},${roles}`;

describe('org import cannot grant roles or take over identities', () => {
  let t: TestDatabase;
  let hrId: string;
  const hr = () => ({ id: hrId, label: 'HR 担当' });
  const importAs = (lines: string[], header = HEADER) =>
    importOrgCsv(t.db, utf8([header, ...lines].join('\n')), hr());
  const refusal = async (lines: string[], header = HEADER) => {
    try {
      await importAs(lines, header);
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
    throw new Error('import unexpectedly succeeded');
  };
  const denials = async () =>
    (
      await t.db.query<{ n: number }>(
        sql`select count(*)::int as n from audit_log where action = 'access.denied' and target_type = 'org.import'`,
      )
    )[0]!.n;

  beforeAll(async () => {
    t = await createTestDatabase();
    await importOrgCsv(
      t.db,
      utf8(
        [
          HEADER,
          row('A0001', '管理', OID_ADMIN),
          row('H0001', '人事', OID_HR),
          row('K0001', '中村', OID_NAKAMURA, '', 'B01-02,秘書課'),
          row('K0002', '未登録', ''),
        ].join('\n'),
      ),
      { id: null, label: 'setup' },
    );
    await grantRole(t.db, { employeeNo: 'A0001', role: 'admin', bureauId: null }, null);
    await grantRole(t.db, { employeeNo: 'H0001', role: 'hr', bureauId: null }, null);
    hrId = (await findEmployeeByNo(t.db, 'H0001'))!.id;
  });
  afterAll(() => t.drop());

  const roleCases: [string, string[], string?][] = [
    ['admin for oneself', [row('H0001', '人事', OID_HR, 'admin')]],
    ['several roles', [row('H0001', '人事', OID_HR, 'hr;admin')]],
    ['a bureau-scoped role', [row('H0001', '人事', OID_HR, 'wlb_officer@B01')]],
    [
      'roles under the Japanese heading',
      [row('H0001', '人事', OID_HR, 'executive')],
      HEADER.replace(',roles', ',役割'),
    ],
    ['a role padded with spaces', [row('H0001', '人事', OID_HR, ' admin ')]],
    ['a role for someone else', [row('K0001', '中村', OID_NAKAMURA, 'wlb_officer', 'B01-02,秘書課')]],
    ['an unknown role', [row('H0001', '人事', OID_HR, 'superuser')]],
  ];
  for (const [name, lines, header] of roleCases)
    it(`refuses ${name} with a line error, changes nothing and audits the attempt`, async () => {
      const before = await denials();
      const err = await refusal(lines, header);
      expect(err.code).toBe('bad_request');
      expect(err.fields.some((f) => f.where === 'line 2, column roles')).toBe(true);
      expect(await roleAssignments(t.db, hrId)).toEqual([{ role: 'hr', bureauId: null }]);
      expect(await denials()).toBe(before + 1);
    });

  it('an empty roles column is ignored: nobody loses a role (main stripped the admin)', async () => {
    await importAs([row('A0001', '管理', OID_ADMIN), row('H0001', '人事', OID_HR)]);
    const admin = await findEmployeeByNo(t.db, 'A0001');
    expect(await roleAssignments(t.db, admin!.id)).toEqual([{ role: 'admin', bureauId: null }]);
    expect(await roleAssignments(t.db, hrId)).toEqual([{ role: 'hr', bureauId: null }]);
  });

  it('never overwrites an existing Entra binding (line error, audited), whatever the case of the GUID', async () => {
    const before = await denials();
    const err = await refusal([row('K0001', '中村', OID_ATTACKER, '', 'B01-02,秘書課')]);
    expect(err.fields).toEqual([
      { where: 'line 2, column entra_oid', message: expect.stringContaining('only an administrator') },
    ]);
    expect((await findEmployeeByNo(t.db, 'K0001'))?.entraOid).toBe(OID_NAKAMURA);
    expect(await denials()).toBe(before + 1);
    // The same binding in upper case is not a change.
    const same = await importAs([row('K0001', '中村', OID_NAKAMURA.toUpperCase(), '', 'B01-02,秘書課')]);
    expect(same).toMatchObject({ updated: 0, unchanged: 1, bindingsCreated: 0 });
  });

  it('an account bound to someone else cannot be given to another record', async () => {
    const err = await refusal([row('K0002', '未登録', OID_NAKAMURA)]);
    expect(err.fields[0]?.message).toContain('already belongs to employee K0001');
  });

  it('creates a missing binding, counts it in the report and audits field, old and new value', async () => {
    const oid = '0a000000-0000-4000-8000-000000000004';
    const result = await importAs([row('K0002', '未登録', oid)]);
    expect(result).toMatchObject({
      updated: 1,
      unchanged: 0,
      bindingsCreated: 1,
      fieldChanges: { entra_oid: 1 },
    });
    const [entry] = await t.db.query<{ actor_id: string; target_id: string; detail: unknown }>(
      sql`select actor_id::text, target_id, detail from audit_log where action = 'org.employee.update' order by id desc limit 1`,
    );
    expect(entry).toEqual({
      actor_id: hrId,
      target_id: (await findEmployeeByNo(t.db, 'K0002'))!.id,
      detail: { employeeNo: 'K0002', changes: [{ field: 'entra_oid', old: null, new: oid }] },
    });
  });

  it('every changed field is in the report and in the audit log with its old and new value', async () => {
    const result = await importAs([row('K0001', '中村改', OID_NAKAMURA, '', 'B01-01,人事課')]);
    expect(result).toMatchObject({ updated: 1, fieldChanges: { family_name: 1, section: 1 } });
    const [entry] = await t.db.query<{ detail: { changes: unknown[] } }>(
      sql`select detail from audit_log where action = 'org.employee.update' order by id desc limit 1`,
    );
    expect(entry!.detail.changes).toEqual(
      expect.arrayContaining([
        { field: 'family_name', old: '中村', new: '中村改' },
        { field: 'section', old: 'B01-02', new: 'B01-01' },
      ]),
    );
    const [summary] = await t.db.query<{ detail: Record<string, unknown> }>(
      sql`select detail from audit_log where action = 'org.import' order by id desc limit 1`,
    );
    expect(summary!.detail).toMatchObject({ updated: 1, fieldChanges: { family_name: 1, section: 1 } });
  });
});
