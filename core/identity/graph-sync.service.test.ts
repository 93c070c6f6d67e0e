import { readFile } from 'node:fs/promises';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  dayTwo,
  firstPage,
  GRAPH_BASE,
  OID,
  resyncRequired,
  secondPage,
  throttled,
} from '../../test/fixtures/identity/graph-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { closureAgainstWalk } from '../../test/harness/org-closure.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { importOrgCsv } from '../org/org-import.service.ts';
import { createLogger } from '../shared/logger.ts';
import { createGraphClient } from './graph-client.ts';
import { loadDeltaLink, replaceDepartmentMappings } from './graph-sync.repository.ts';
import { runGraphSync } from './graph-sync.service.ts';
import { USER_SELECT } from './graph-users.source.ts';

const TOKEN = 'app-only-test-token';
const seen: { url: string; auth: string | null }[] = [];
const page2Status: number[] = [];

const server = setupServer(
  http.get(`${GRAPH_BASE}/v1.0/users/delta`, ({ request }) => {
    const url = new URL(request.url);
    seen.push({ url: url.search, auth: request.headers.get('authorization') });
    if (url.searchParams.get('$skiptoken') === 'pageTwo_Zm9vYmFy') {
      // The first request for page 2 is throttled, as Graph does under load.
      if (page2Status.length === 0) {
        page2Status.push(429);
        return HttpResponse.json(throttled, { status: 429, headers: { 'Retry-After': '7' } });
      }
      page2Status.push(200);
      return HttpResponse.json(secondPage);
    }
    const token = url.searchParams.get('$deltatoken');
    if (token === 'first_c3luY3N0YXRl') return HttpResponse.json(dayTwo);
    if (token) return HttpResponse.json(resyncRequired, { status: 410 });
    if (url.searchParams.get('$select') === USER_SELECT) return HttpResponse.json(firstPage);
    return HttpResponse.json({ error: { code: 'BadRequest' } }, { status: 400 });
  }),
);

const employee = (db: Db, no: string) =>
  db
    .query<{
      entra_oid: string | null;
      upn: string | null;
      active: boolean;
      section_code: string;
      manager_no: string | null;
      family_name: string;
    }>(sql`
    select e.entra_oid::text, e.upn, e.active, s.code as section_code, m.employee_no as manager_no, e.family_name
      from employee e join section s on s.id = e.section_id left join employee m on m.id = e.manager_id
     where e.employee_no = ${no}`)
    .then((rows) => rows[0]);
const count = async (db: Db, table: string) =>
  Number(
    (await db.query<{ n: number }>({ text: `select count(*)::int as n from ${table}`, values: [] }))[0]!.n,
  );

/** A database that fails the statement containing `needle`: a crash in the middle of an apply. */
function failingOn(db: Db, needle: string): Db {
  return {
    driver: db.driver,
    native: db.native,
    query: (q) => (q.text.includes(needle) ? Promise.reject(new Error('simulated failure')) : db.query(q)),
    exec: (t) => db.exec(t),
    transaction: (fn) => db.transaction((tx) => fn(failingOn(tx, needle))),
    executeSql: (t, v) => db.executeSql(t, v),
    close: () => db.close(),
  };
}

describe('Graph org sync (msw-mocked Graph: paging, delta tokens, 429 with Retry-After)', () => {
  let t: TestDatabase;
  const sleeps: number[] = [];
  const logger = createLogger('silent');
  const graph = createGraphClient({
    baseUrl: GRAPH_BASE,
    tokens: { getToken: async () => TOKEN },
    sleep: async (ms) => void sleeps.push(ms),
  });
  const deps = () => ({ db: t.db, graph, logger });
  const actor = { id: null, label: 'test' };

  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'error' });
    t = await createTestDatabase();
    await importOrgCsv(
      t.db,
      await readFile(new URL('../../test/fixtures/org-sample.csv', import.meta.url)),
      actor,
    );
    await t.db.transaction((tx) =>
      replaceDepartmentMappings(tx, [{ department: '大臣官房 人事課', sectionCode: 'B01-01' }], null),
    );
  });
  afterEach(() => server.resetHandlers());
  afterAll(async () => {
    server.close();
    await t?.drop();
  });

  it('dry run: follows nextLink through a 429 (waiting Retry-After) and reports without writing anything', async () => {
    const report = await runGraphSync(deps(), 'dry_run', actor);
    expect(sleeps).toEqual([7000]);
    expect(page2Status).toEqual([429, 200]);
    expect(seen.every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(report).toMatchObject({
      mode: 'dry_run',
      fullSync: true,
      pages: 2,
      changesSeen: 7,
      added: ['S0100'],
      notInRegister: 1,
    });
    expect(report.unmappedDepartments).toEqual([{ department: '国際局 調整課', users: 1 }]);
    expect(Object.fromEntries(report.updated.map((u) => [u.employeeNo, u.fields]))).toEqual({
      S0001: ['entra_oid'],
      S0002: ['entra_oid'],
      S0003: ['entra_oid'],
      S0004: ['entra_oid', 'upn'],
    });
    // Nothing written: no new person, no link, no delta token.
    expect(await employee(t.db, 'S0100')).toBeUndefined();
    expect((await employee(t.db, 'S0001'))?.entra_oid).toBeNull();
    expect(await loadDeltaLink(t.db)).toBeUndefined();
    expect(await count(t.db, 'graph_user')).toBe(0);
  });

  it('a failure in the middle of applying leaves the register and the delta link untouched', async () => {
    const before = await count(t.db, 'employee');
    await expect(
      runGraphSync({ ...deps(), db: failingOn(t.db, 'insert into graph_user') }, 'apply', actor),
    ).rejects.toThrow('simulated failure');
    expect(await count(t.db, 'employee')).toBe(before);
    expect((await employee(t.db, 'S0004'))?.upn).toBe('takahashi.ken@example.go.jp');
    expect(await loadDeltaLink(t.db)).toBeUndefined();
    const [run] = await t.db.query<{ status: string }>(
      sql`select status from graph_sync_run order by id desc limit 1`,
    );
    expect(run?.status).toBe('failed');
  });

  it('apply: links Entra accounts, takes UPN and manager from Graph, adds mapped newcomers, stores the delta link', async () => {
    const report = await runGraphSync(deps(), 'apply', actor);
    expect(report.added).toEqual(['S0100']);
    expect(await employee(t.db, 'S0100')).toMatchObject({
      entra_oid: OID.ito,
      section_code: 'B01-01',
      manager_no: 'S0002',
      family_name: '伊藤',
      active: true,
    });
    expect(await employee(t.db, 'S0004')).toMatchObject({
      entra_oid: OID.takahashi,
      upn: 'ken.takahashi@example.go.jp',
      manager_no: 'S0003',
    });
    expect((await employee(t.db, 'S0001'))?.entra_oid).toBe(OID.yamada);
    // The unmapped newcomer and the service account are not in the register.
    expect(await employee(t.db, 'S0101')).toBeUndefined();
    expect(await loadDeltaLink(t.db)).toBe(`${GRAPH_BASE}/v1.0/users/delta?$deltatoken=first_c3luY3N0YXRl`);
    const [audit] = await t.db.query<{ detail: { added: number } }>(
      sql`select detail from audit_log where action = 'org.graph_sync'`,
    );
    expect(audit?.detail.added).toBe(1);
  });

  it('the next day reads only the delta: deletion deactivates, a department move is reported, Graph owns the manager', async () => {
    const report = await runGraphSync(deps(), 'apply', actor);
    expect(report).toMatchObject({
      fullSync: false,
      pages: 1,
      changesSeen: 3,
      added: [],
      deactivated: ['S0003'],
      sectionDiffers: ['S0001'],
    });
    expect((await employee(t.db, 'S0003'))?.active).toBe(false);
    // CSV owns the section: the move is reported, not applied.
    expect((await employee(t.db, 'S0001'))?.section_code).toBe('B01-01');
    expect((await employee(t.db, 'S0004'))?.manager_no).toBe('S0001');
    expect(await loadDeltaLink(t.db)).toContain('second_c3luYw');
  });

  it('the org closure follows the sync in its transaction: the new manager sees the moved person, the leaver is gone', async () => {
    const { expected, actual } = await closureAgainstWalk(t.db);
    expect(actual).toEqual(expected);
    const below = async (no: string) =>
      (
        await t.db.query<{ no: string }>(sql`
          select d.employee_no as no from org_closure c join employee m on m.id = c.ancestor
            join employee d on d.id = c.descendant
           where m.employee_no = ${no} and c.depth > 0 order by 1`)
      ).map((r) => r.no);
    expect(await below('S0001')).toContain('S0004');
    expect(await below('S0001')).not.toContain('S0003');
  });

  it('running the same delta again changes nothing', async () => {
    const rows = await t.db.query(sql`select * from employee order by employee_no`);
    await t.db.query(
      sql`update graph_sync_state set delta_link = ${`${GRAPH_BASE}/v1.0/users/delta?$deltatoken=first_c3luY3N0YXRl`}`,
    );
    const report = await runGraphSync(deps(), 'apply', actor);
    expect(report.updated).toEqual([]);
    expect(await t.db.query(sql`select * from employee order by employee_no`)).toEqual(rows);
  });

  it('an expired delta token (410 Gone) restarts a full enumeration', async () => {
    server.use(
      http.get(`${GRAPH_BASE}/v1.0/users/delta`, ({ request }) => {
        const url = new URL(request.url);
        if (url.searchParams.get('$deltatoken')) return HttpResponse.json(resyncRequired, { status: 410 });
        return HttpResponse.json({
          '@odata.deltaLink': `${GRAPH_BASE}/v1.0/users/delta?$deltatoken=third`,
          value: [],
        });
      }),
    );
    const report = await runGraphSync(deps(), 'apply', actor);
    expect(report.fullSync).toBe(true);
    expect(await loadDeltaLink(t.db)).toContain('third');
  });

  it('never sends the token to a host a paging link points at', async () => {
    server.use(
      http.get(`${GRAPH_BASE}/v1.0/users/delta`, () =>
        HttpResponse.json({
          '@odata.nextLink': 'https://attacker.example/v1.0/users/delta?$skiptoken=x',
          value: [],
        }),
      ),
    );
    await t.db.query(sql`delete from graph_sync_state`);
    await expect(runGraphSync(deps(), 'apply', actor)).rejects.toThrow(/another host/);
  });
});
