import { readFile } from 'node:fs/promises';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_BASE } from '../../test/fixtures/identity/graph-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { Viewer } from '../access/viewer.ts';
import { sql } from '../db/sql.ts';
import { createGraphClient } from '../identity/graph-client.ts';
import { importOrgCsv } from '../org/org-import.service.ts';
import { AppError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import { countAudience } from './announcement.repository.ts';
import { createEntraAudience } from './entra-audience.service.ts';

const SECURITY = '6a000000-0000-4000-8000-000000000001';
const UNIFIED = '6a000000-0000-4000-8000-000000000002';
const DL = '6a000000-0000-4000-8000-000000000003';
const MISSING = '6a000000-0000-4000-8000-000000000009';
const OIDS = {
  S0001: '0a1b2c3d-0001-4000-8000-000000000001',
  S0002: '0a1b2c3d-0002-4000-8000-000000000002',
  S0003: '0a1b2c3d-0003-4000-8000-000000000003',
};
const OUTSIDER = '0a1b2c3d-0999-4000-8000-000000000999';
const members = (base: string) => `${GRAPH_BASE}/v1.0/groups/${base}/transitiveMembers/microsoft.graph.user`;

const requests: string[] = [];
const page2Answers: number[] = [];
let failPage2 = false;

const server = setupServer(
  http.get(`${GRAPH_BASE}/v1.0/groups/:id`, ({ params }) => {
    const id = String(params.id);
    const common = { id, '@odata.context': `${GRAPH_BASE}/v1.0/$metadata#groups/$entity` };
    if (id === SECURITY)
      return HttpResponse.json({
        ...common,
        displayName: '情報システム担当',
        groupTypes: [],
        mailEnabled: false,
        securityEnabled: true,
      });
    if (id === UNIFIED)
      return HttpResponse.json({
        ...common,
        displayName: 'テレワーク推進チーム',
        groupTypes: ['Unified'],
        mailEnabled: true,
        securityEnabled: false,
      });
    if (id === DL)
      return HttpResponse.json({
        ...common,
        displayName: '人事課連絡網',
        groupTypes: [],
        mailEnabled: true,
        securityEnabled: false,
      });
    return HttpResponse.json(
      { error: { code: 'Request_ResourceNotFound', message: 'not found' } },
      { status: 404 },
    );
  }),
  http.get(members(SECURITY), ({ request }) => {
    const url = new URL(request.url);
    requests.push(url.search);
    if (url.searchParams.get('$skiptoken') === 'page2') {
      if (failPage2) return HttpResponse.json({ error: { code: 'generalException' } }, { status: 500 });
      // The first request for page 2 is throttled, as Graph does under load.
      if (page2Answers.length === 0) {
        page2Answers.push(429);
        return HttpResponse.json(
          { error: { code: 'TooManyRequests' } },
          { status: 429, headers: { 'Retry-After': '4' } },
        );
      }
      page2Answers.push(200);
      return HttpResponse.json({ value: [{ id: OIDS.S0003 }, { id: OIDS.S0001 }] });
    }
    if (url.searchParams.get('$select') !== 'id' || url.searchParams.get('$top') !== '999')
      return HttpResponse.json({ error: { code: 'BadRequest' } }, { status: 400 });
    return HttpResponse.json({
      value: [{ id: OIDS.S0001 }, { id: OIDS.S0002 }, { id: OUTSIDER }],
      '@odata.nextLink': `${members(SECURITY)}?$select=id&$top=999&$skiptoken=page2`,
    });
  }),
  http.get(members(UNIFIED), () => HttpResponse.json({ value: [{ id: OIDS.S0002 }] })),
  http.get(members(DL), () => HttpResponse.json({ value: [{ id: OIDS.S0003 }] })),
);

describe('audiences from Entra groups (msw-mocked Graph: transitive members, paging, 429 with Retry-After)', () => {
  let t: TestDatabase;
  const sleeps: number[] = [];
  const graph = createGraphClient({
    baseUrl: GRAPH_BASE,
    tokens: { getToken: async () => 'app-only-test-token' },
    sleep: async (ms) => void sleeps.push(ms),
  });
  let hr: Viewer;
  const entra = () =>
    createEntraAudience({
      db: t.db,
      graph,
      now: () => new Date('2026-06-25T01:00:00Z'),
      logger: createLogger('silent'),
    });
  const stored = (group: string) =>
    t.db
      .query<{ employee_no: string }>(sql`
      select e.employee_no from entra_group_member m join employee e on e.id = m.employee_id
       where m.group_id = ${group}::uuid order by 1`)
      .then((r) => r.map((x) => x.employee_no));

  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'error' });
    t = await createTestDatabase();
    await importOrgCsv(t.db, await readFile(new URL('../../test/fixtures/org-sample.csv', import.meta.url)), {
      id: null,
      label: 'test',
    });
    for (const [no, oid] of Object.entries(OIDS))
      await t.db.query(sql`update employee set entra_oid = ${oid}::uuid where employee_no = ${no}`);
    const [row] = await t.db.query<{ id: string }>(sql`select id from employee where employee_no = 'S0001'`);
    hr = { employee: { id: row!.id } as Viewer['employee'], roles: ['employee', 'hr'], bureauScopes: [] };
  });
  afterEach(() => server.resetHandlers());
  afterAll(async () => {
    server.close();
    await t?.drop();
  });

  it('follows every page, waits out a 429 by its Retry-After, and keeps the members in the register', async () => {
    const result = await entra().add(hr, { groupId: SECURITY });
    expect(page2Answers).toEqual([429, 200]);
    expect(sleeps).toEqual([4_000]);
    // Four distinct users (one twice through nesting); the outsider is not in the register.
    expect(result).toEqual({
      groupId: SECURITY,
      displayName: '情報システム担当',
      kind: 'security',
      members: 4,
      inRegister: 3,
    });
    expect(await stored(SECURITY)).toEqual(['S0001', 'S0002', 'S0003']);
    const audience = {
      everyone: false,
      bureauIds: [],
      sectionIds: [],
      roles: [],
      employeeIds: [],
      entraGroupIds: [SECURITY],
    };
    expect(await countAudience(t.db, audience)).toBe(3);
    const [audit] = await t.db.query<{ action: string; detail: unknown }>(
      sql`select action, detail from audit_log where target_id = ${SECURITY}`,
    );
    expect(audit).toEqual({ action: 'announcement.group.expand', detail: { members: 4, inRegister: 3 } });
  });

  it('tells Microsoft 365 groups, security groups and distribution lists apart', async () => {
    expect((await entra().add(hr, { groupId: UNIFIED })).kind).toBe('microsoft365');
    expect((await entra().add(hr, { groupId: DL })).kind).toBe('distribution');
    expect(await stored(DL)).toEqual(['S0003']);
  });

  it('keeps the last complete membership when an expansion fails half-way', async () => {
    failPage2 = true;
    try {
      await expect(entra().add(hr, { groupId: SECURITY })).rejects.toThrow();
    } finally {
      failPage2 = false;
    }
    expect(await stored(SECURITY)).toEqual(['S0001', 'S0002', 'S0003']);
  });

  it('refuses an unknown group and a bad id with field errors, and anyone but HR', async () => {
    const missing = await entra()
      .add(hr, { groupId: MISSING })
      .catch((e: AppError) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).fields).toEqual([
      expect.objectContaining({ key: 'announcement.group_not_found' }),
    ]);
    const bad = await entra()
      .add(hr, { groupId: 'x' })
      .catch((e: AppError) => e);
    expect((bad as AppError).code).toBe('bad_request');
    const staff = { ...hr, roles: ['employee'] } as Viewer;
    expect(
      (
        (await entra()
          .add(staff, { groupId: SECURITY })
          .catch((e: AppError) => e)) as AppError
      ).code,
    ).toBe('forbidden');
  });
});
