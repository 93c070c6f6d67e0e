import { readFile } from 'node:fs/promises';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/config.ts';
import { sql } from '../../core/db/sql.ts';
import { GRAPH_SYNC_JOB } from '../../core/identity/graph-sync.job.ts';
import { loadDeltaLink } from '../../core/identity/graph-sync.repository.ts';
import { importOrgCsv } from '../../core/org/org-import.service.ts';
import { createLogger } from '../../core/shared/logger.ts';
import {
  AUTHORITY_HOST,
  entraHandlers,
  type TokenRequestLog,
} from '../../test/fixtures/identity/entra-handlers.ts';
import { firstPage, GRAPH_BASE, secondPage } from '../../test/fixtures/identity/graph-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { ModuleContext } from '../module.ts';
import { identityModule } from './identity.module.ts';

const TENANT = '99999999-8888-4777-8666-555555555555';
const tokenLog: TokenRequestLog[] = [];
const graphAuth: (string | null)[] = [];
const server = setupServer(
  ...entraHandlers(TENANT, tokenLog),
  http.get(`${GRAPH_BASE}/v1.0/users/delta`, ({ request }) => {
    graphAuth.push(request.headers.get('authorization'));
    return HttpResponse.json(new URL(request.url).searchParams.get('$skiptoken') ? secondPage : firstPage);
  }),
);

const env = (sync: boolean) =>
  loadConfig({
    AUTH_MODE: 'dev',
    SSO_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    SSO_TENANT_ID: TENANT,
    SSO_CLIENT_SECRET: 'secret',
    ENTRA_AUTHORITY_HOST: AUTHORITY_HOST,
    GRAPH_BASE_URL: GRAPH_BASE,
    GRAPH_SYNC_ENABLED: sync ? 'true' : 'false',
  });

describe('identity module: the daily org sync job, end to end with MSAL app-only tokens', () => {
  let t: TestDatabase;
  const ctx = (sync: boolean): ModuleContext => ({
    config: env(sync),
    db: t.db,
    logger: createLogger('silent'),
    messenger: {} as never,
    delivery: {} as never,
    jobs: { send: async () => null },
    now: () => new Date(),
  });
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'error' });
    t = await createTestDatabase();
    await importOrgCsv(t.db, await readFile(new URL('../../test/fixtures/org-sample.csv', import.meta.url)), {
      id: null,
      label: 'test',
    });
  });
  afterAll(async () => {
    server.close();
    await t?.drop();
  });

  it('registers no job unless GRAPH_SYNC_ENABLED', () => {
    expect(identityModule(ctx(false)).jobs).toEqual([]);
  });

  it('schedules the sync daily at 05:30 JST and the job applies a sync signed in as the app', async () => {
    const [job] = identityModule(ctx(true)).jobs ?? [];
    expect(job).toMatchObject({ name: GRAPH_SYNC_JOB, cron: '30 5 * * *' });
    await job!.handler(job!.schema.parse({}) as never, { jobId: 'test' });
    expect(tokenLog.map((l) => [l.grantType, l.scope])).toEqual([
      ['client_credentials', `${GRAPH_BASE}/.default`],
    ]);
    expect(graphAuth).toEqual(['Bearer app-only-token', 'Bearer app-only-token']);
    expect(await loadDeltaLink(t.db)).toContain('$deltatoken=');
    // Linked by employee number, UPN taken from Entra; the unmapped newcomer is not created.
    const rows = await t.db.query<{ employee_no: string; upn: string }>(
      sql`select employee_no, upn from employee where employee_no in ('S0004', 'S0100')`,
    );
    expect(rows).toEqual([{ employee_no: 'S0004', upn: 'ken.takahashi@example.go.jp' }]);
  });
});
