import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../core/access/role-assignment.repository.ts';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

/**
 * Issue 13 finding 2 (failed on main): HR granted itself wlb_officer / executive through
 * /settings/roles. Role assignment is the admin's alone, nobody changes their own roles, and every
 * refused attempt is a 403 with an audit row naming actor, route and target.
 */
describe('privileged changes are the admin’s, and every attempt is on the record', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  let bureauId: string;

  beforeAll(async () => {
    t = await startTestApp();
    // D00001 is the demo's admin (and hr); D00002 becomes HR only.
    await grantRole(t.db, { employeeNo: 'D00002', role: 'hr', bureauId: null }, null);
    for (const no of ['D00001', 'D00002', 'D00003']) {
      const [row] = await t.db.query<{ id: string }>(
        sql`select id::text from employee where employee_no = ${no}`,
      );
      ids[no] = row!.id;
      tokens[no] = await t.signSsoToken(await t.oidOf(no));
    }
    [{ id: bureauId }] = (await t.db.query<{ id: string }>(sql`select id::text from bureau limit 1`)) as [
      { id: string },
    ];
  }, 60_000);
  afterAll(() => t?.stop());

  const call = (who: string, method: string, path: string, body?: unknown) =>
    fetch(`${t.baseUrl}/api/tab${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const denialsOf = async (who: string) =>
    t.db.query<{ target_id: string; detail: { params: Record<string, string> } }>(
      sql`select target_id, detail from audit_log where action = 'access.denied' and actor_id = ${ids[who]!}::uuid order by id`,
    );
  const rolesOf = async (no: string) =>
    (
      await t.db.query<{ role: string }>(
        sql`select r.role from role_assignment r join employee e on e.id = r.employee_id where e.employee_no = ${no} order by r.role`,
      )
    ).map((r) => r.role);

  const hrAttempts: [string, string, string, unknown?][] = [
    [
      'HR grants itself wlb_officer',
      'POST',
      '/settings/roles',
      { employeeNo: 'D00002', role: 'wlb_officer' },
    ],
    ['HR grants itself executive', 'POST', '/settings/roles', { employeeNo: 'D00002', role: 'executive' }],
    ['HR grants itself admin', 'POST', '/settings/roles', { employeeNo: 'D00002', role: 'admin' }],
    [
      'HR grants a colleague wlb_officer',
      'POST',
      '/settings/roles',
      { employeeNo: 'D00003', role: 'wlb_officer' },
    ],
    ['HR revokes the admin', 'POST', '/settings/roles/revoke', { employeeId: 'D00001', role: 'admin' }],
    ['HR lists role assignments', 'GET', '/settings/roles'],
    ['HR reads the audit log', 'GET', '/audit'],
    ['HR exports the audit log', 'GET', '/audit/export'],
  ];
  for (const [name, method, path, body] of hrAttempts)
    it(`${name} → 403 and an access.denied audit row (actor, route)`, async () => {
      const payload =
        body && typeof body === 'object' && 'employeeId' in body
          ? { ...body, employeeId: ids[(body as { employeeId: string }).employeeId] }
          : body &&
              typeof body === 'object' &&
              'role' in body &&
              ['wlb_officer', 'executive'].includes((body as { role: string }).role)
            ? { ...body, bureauId }
            : body;
      const before = (await denialsOf('D00002')).length;
      const res = await call('D00002', method, path, payload);
      expect(res.status).toBe(403);
      const after = await denialsOf('D00002');
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)!.target_id).toBe(`${method} /api/tab${path}`);
      expect(await rolesOf('D00002')).toEqual(['hr']);
      expect(await rolesOf('D00001')).toEqual(['admin', 'hr']);
    });

  it('a plain employee asking for roles is refused and recorded the same way', async () => {
    const res = await call('D00003', 'POST', '/settings/roles', { employeeNo: 'D00003', role: 'admin' });
    expect(res.status).toBe(403);
    expect(await denialsOf('D00003')).toHaveLength(1);
    expect(await rolesOf('D00003')).toEqual([]);
  });

  it('the admin cannot grant or revoke their own roles either (403, audited)', async () => {
    const grant = await call('D00001', 'POST', '/settings/roles', {
      employeeNo: 'D00001',
      role: 'wlb_officer',
      bureauId,
    });
    expect(grant.status).toBe(403);
    const revoke = await call('D00001', 'POST', '/settings/roles/revoke', {
      employeeId: ids.D00001,
      role: 'hr',
    });
    expect(revoke.status).toBe(403);
    expect(await denialsOf('D00001')).toHaveLength(2);
    expect(await rolesOf('D00001')).toEqual(['admin', 'hr']);
  });

  it('the admin grants and revokes for others; each change is audited with field, old and new value', async () => {
    const grant = await call('D00001', 'POST', '/settings/roles', {
      employeeNo: 'D00003',
      role: 'wlb_officer',
      bureauId,
    });
    expect(grant.status).toBe(200);
    const revoke = await call('D00001', 'POST', '/settings/roles/revoke', {
      employeeId: ids.D00003,
      role: 'wlb_officer',
      bureauId,
    });
    expect(revoke.status).toBe(200);
    const rows = await t.db.query<{ action: string; detail: Record<string, unknown> }>(
      sql`select action, detail from audit_log where target_id = ${ids.D00003!} and action like 'role.%' order by id`,
    );
    expect(rows).toEqual([
      {
        action: 'role.grant',
        detail: expect.objectContaining({ field: 'role', old: null, new: `wlb_officer@${bureauId}` }),
      },
      {
        action: 'role.revoke',
        detail: expect.objectContaining({ field: 'role', old: `wlb_officer@${bureauId}`, new: null }),
      },
    ]);
  });

  it('HR importing a file with a roles column value gets a line error, nothing changes, and the attempt is audited', async () => {
    const csv =
      'employee_no,family_name,given_name,bureau_code,bureau_name,bureau_kind,section_code,section_name,roles\n' +
      'D00002,高橋,誠,B01,大臣官房,本省内部部局,B01-01,人事課,admin\n';
    const res = await call('D00002', 'POST', '/import/org', {
      fileName: 'org.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { where: string }[] };
    expect(body.errors.map((e) => e.where)).toContain('line 2, column roles');
    expect(await rolesOf('D00002')).toEqual(['hr']);
    const [row] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'access.denied' and target_type = 'org.import' and actor_id = ${ids.D00002!}::uuid`,
    );
    expect(row!.n).toBe(1);
  });

  it('only the admin changes an Entra binding (not their own), with a reason, audited with old and new value', async () => {
    const oldOid = await t.oidOf('D00003');
    const newOid = '0b000000-0000-4000-8000-000000000003';
    const path = '/admin/employees/D00003/entra-binding';
    expect((await call('D00002', 'PUT', path, { entraOid: newOid, reason: 'HR tries' })).status).toBe(403);
    expect(
      (
        await call('D00001', 'PUT', '/admin/employees/D00001/entra-binding', {
          entraOid: newOid,
          reason: 'self',
        })
      ).status,
    ).toBe(403);
    const taken = await call('D00001', 'PUT', path, { entraOid: await t.oidOf('D00002'), reason: 'mistake' });
    expect(taken.status).toBe(409);
    const ok = await call('D00001', 'PUT', path, { entraOid: newOid, reason: 'アカウント再発行 #123' });
    expect(ok.status).toBe(200);
    const [entry] = await t.db.query<{ actor_id: string; detail: Record<string, unknown> }>(
      sql`select actor_id::text, detail from audit_log where action = 'identity.binding' and target_id = ${ids.D00003!}`,
    );
    expect(entry).toEqual({
      actor_id: ids.D00001,
      detail: { field: 'entra_oid', old: oldOid, new: newOid, reason: 'アカウント再発行 #123' },
    });
    // The old account no longer signs in as 中村 健太; the new one does.
    const asOld = await fetch(`${t.baseUrl}/api/tab/me`, {
      headers: { authorization: `Bearer ${await t.signSsoToken(oldOid)}` },
    });
    expect(asOld.status).toBe(403);
    const asNew = await fetch(`${t.baseUrl}/api/tab/me`, {
      headers: { authorization: `Bearer ${await t.signSsoToken(newOid)}` },
    });
    expect(asNew.status).toBe(200);
  });
});

/**
 * Issue 13 finding 9: a group floor of 1 was accepted. Production refuses MIN_GROUP_SIZE < 5 at
 * start, and 設定 — where the floor in force lives — refuses it as well.
 */
describe('the group-size floor in 設定 of a production deployment', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.signSsoToken(await t.oidOf('D00001'));
  }, 60_000);
  afterAll(() => t?.stop());

  const putFloor = (minGroupSize: number) =>
    fetch(`${t.baseUrl}/api/tab/settings/privacy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ value: { minGroupSize } }),
    });

  it('refuses a floor under 5 with the field named, and keeps the floor in force', async () => {
    // The test app runs as NODE_ENV=test (production refuses its local issuer's http URLs and
    // PGlite); the route reads the mode from the config it was given, so switch it here.
    const mode = t.config.env;
    (t.config as { env: string }).env = 'production';
    try {
      for (const floor of [1, 2, 4]) {
        const res = await putFloor(floor);
        expect(res.status).toBe(400);
        const problem = (await res.json()) as { errors: { where: string }[] };
        expect(problem.errors[0]?.where).toBe('privacy.minGroupSize');
      }
      const [stored] = await t.db.query<{ value: { minGroupSize?: number } }>(
        sql`select value from setting where key = 'privacy'`,
      );
      expect(stored?.value.minGroupSize ?? 5).toBeGreaterThanOrEqual(5);
      expect((await putFloor(7)).status).toBe(200);
    } finally {
      (t.config as { env: string }).env = mode;
    }
  });
});
