import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { grantRole } from '../../core/access/role-assignment.repository.ts';
import { importOrgCsv } from '../../core/org/org-import.service.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

/**
 * Fuzzing the entry points that take input: tab API bodies (org CSV import, department mappings,
 * calendar event, graph-sync options) and the bot's card payloads (settings.save, unknown verbs).
 * Whatever arrives, the answer is a clear 4xx (or an error card), never a 500, and a refused
 * request stores nothing.
 */

const HR_OID = '5d1c0a7e-0000-4000-8000-000000000601';
const STAFF_OID = '5d1c0a7e-0000-4000-8000-000000000602';
const HEADER =
  'employee_no,family_name,given_name,upn,bureau_code,bureau_name,bureau_kind,section_code,section_name,manager_employee_no,managerial,gender,roles';
const BASE_ROWS = [
  'F0001,人事,花子,hr@example.go.jp,B01,大臣官房,本省内部部局,B01-01,人事課,,1,女性,',
  'F0002,職員,太郎,staff@example.go.jp,B01,大臣官房,本省内部部局,B01-01,人事課,F0001,0,男性,',
];

const RUNS = 40;

describe('resilience: fuzzed API bodies and card payloads get 4xx or error cards, never 500, nothing partial', () => {
  let t: TestApp;
  // A fuzzed import that is valid really changes people (e.g. drops F0001's hr role): start each test from the base.
  const resetOrg = async () => {
    // Fuzzed imports may have added people or moved UPNs: back to the two base people first.
    await t.db.transaction(async (tx) => {
      await tx.exec(`update employee set manager_id = null;
        update department_mapping set updated_by = null;
        delete from employee where employee_no not in ('F0001', 'F0002');
        update employee set upn = null, entra_oid = null;`);
    });
    const csv = `${HEADER},entra_oid\n${BASE_ROWS[0]},${HR_OID}\n${BASE_ROWS[1]},${STAFF_OID}\n`;
    await importOrgCsv(t.db, new TextEncoder().encode(csv), { id: null, label: 'test' });
    // Roles are an administrator's grant, never an import column.
    await grantRole(t.db, { employeeNo: 'F0001', role: 'hr', bureauId: null }, null);
  };
  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev', seedDemo: false });
  }, 60_000);
  beforeEach(() => resetOrg());
  afterAll(() => t?.stop());

  /** Everything a refused request could have touched, as one comparable value. */
  const snapshot = async () =>
    JSON.stringify(
      await t.db.query({
        text: `select (select json_agg(e order by employee_no) from (select employee_no, family_name, given_name, upn, section_id, manager_id, active from employee) e) as employees,
                      (select count(*) from bureau) as bureaus, (select count(*) from section) as sections,
                      (select json_agg(r order by employee_id, role) from role_assignment r) as roles,
                      (select json_agg(m order by department) from department_mapping m) as mappings,
                      (select json_agg(p order by employee_id) from (select employee_id, quiet_start, quiet_end from employee_preference) p) as prefs,
                      (select json_agg(e order by employee_no) from (select employee_no, locale from employee) e) as locales`,
        values: [],
      }),
    );

  const call = (
    method: string,
    path: string,
    body: string,
    persona = 'F0001',
    contentType = 'application/json',
  ) =>
    fetch(`${t.baseUrl}/api/tab${path}`, {
      method,
      headers: { 'x-dev-persona': persona, 'content-type': contentType },
      body,
    });

  const cell = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      '',
      '"',
      '""',
      ',',
      '\n',
      '\r\n',
      '本省内部部局',
      '外局',
      '地方',
      'はい',
      '×',
      'hr',
      'admin@B99',
      'F0001',
      'F0002',
      '男性',
      'en',
      '\uFEFF',
      '\u0000',
      'あ'.repeat(60),
    ),
  );
  const csvFile = fc.oneof(
    // A valid file with one cell replaced: exercises every column's checks.
    fc
      .tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 1 }), cell)
      .map(([col, row, value]) => {
        const rows = BASE_ROWS.map((r) => r.split(','));
        rows[row]![col] =
          value.includes(',') || value.includes('"') || value.includes('\n')
            ? `"${value.replace(/"/g, '""')}"`
            : value;
        return `${HEADER}\n${rows.map((r) => r.join(',')).join('\n')}\n`;
      }),
    // Rows of random cells under the real header.
    fc
      .array(fc.array(cell, { minLength: 1, maxLength: 14 }), { maxLength: 4 })
      .map((rows) => `${HEADER}\n${rows.map((r) => r.join(',')).join('\n')}`),
    // Anything at all.
    fc.string({ maxLength: 200 }),
  );

  it('POST /import/org: any CSV is imported whole or refused whole with line errors', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, fc.boolean(), async (csv, shiftJisLike) => {
        const bytes = shiftJisLike ? Buffer.from(csv, 'latin1') : Buffer.from(csv, 'utf8');
        const before = await snapshot();
        const res = await call(
          'POST',
          '/import/org',
          JSON.stringify({ fileName: 'org.csv', contentBase64: bytes.toString('base64') }),
        );
        expect(res.status, await res.clone().text()).toBeLessThan(500);
        if (res.status !== 200) {
          const problem = (await res.json()) as { code: string; errors?: { where: string }[] };
          expect(problem.code).toBeTypeOf('string');
          expect(await snapshot()).toBe(before);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /import/org: a file with an unclosed quote is a 400 naming the line', async () => {
    const bytes = Buffer.from(`${HEADER}\n",`);
    for (const path of ['/import/org', '/import/org/preview']) {
      const res = await call(
        'POST',
        path,
        JSON.stringify({ fileName: 'org.csv', contentBase64: bytes.toString('base64') }),
      );
      expect(res.status).toBe(400);
    }
  });

  it('POST /import/org: a NUL character in a cell is a 400 naming the line and column', async () => {
    const csv = `${HEADER}\n${BASE_ROWS[0]!.replace('人事,', '\u0000,')}\n`;
    const res = await call(
      'POST',
      '/import/org',
      JSON.stringify({ fileName: 'org.csv', contentBase64: Buffer.from(csv).toString('base64') }),
    );
    expect(res.status).toBe(400);
  });

  it('POST /import/org/preview and PUT /admin/department-mappings: any JSON → 2xx or 4xx, refused ones store nothing', async () => {
    const json = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({
          mappings: fc.array(
            fc.record({
              department: fc.string(),
              sectionCode: fc.constantFrom('B01-01', 'nope', '', 'B01-01 '),
            }),
            { maxLength: 3 },
          ),
        })
        .map((v) => JSON.stringify(v)),
      fc.record({ fileName: fc.string(), contentBase64: fc.string() }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 50 }),
    );
    await fc.assert(
      fc.asyncProperty(
        json,
        fc.constantFrom('/import/org/preview', '/admin/department-mappings'),
        async (body, path) => {
          const before = await snapshot();
          const res = await call(path.startsWith('/admin') ? 'PUT' : 'POST', path, body);
          expect(res.status, `${path} ${body} → ${await res.clone().text()}`).toBeLessThan(500);
          if (res.status >= 400) expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('POST /me/calendar-events and graph-sync options: bad bodies are 400 before anything else happens', async () => {
    const bad = fc.oneof(
      fc
        .jsonValue()
        .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || !('subject' in v)),
      fc.record({
        subject: fc.string({ maxLength: 300 }),
        start: fc.string(),
        end: fc.string(),
        extra: fc.anything(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (body) => {
        const calendar = await call('POST', '/me/calendar-events', JSON.stringify(body), 'F0002');
        expect(calendar.status).toBe(400);
        const sync = await call('POST', '/admin/graph-sync/preview', JSON.stringify(body));
        expect([400, 503]).toContain(sync.status);
      }),
      { numRuns: RUNS },
    );
  });

  it('bot card payloads: any data for settings.save or an unknown verb → an error card or the saved card, never a failure', async () => {
    const payload = fc.oneof(
      fc.record({
        locale: fc.constantFrom('ja', 'en', 'fr', '', 'JA'),
        quietStart: fc.oneof(fc.constantFrom('21:00', '24:00', '7:00', '07:60'), fc.string()),
        quietEnd: fc.oneof(fc.constantFrom('07:30', ''), fc.string()),
      }),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(
        payload,
        fc.constantFrom('settings.save', 'settings.save', 'no.such.verb', ''),
        async (data, verb) => {
          const before = await snapshot();
          const res = await t.sendActivity(
            t.personalActivity(STAFF_OID, {
              type: 'invoke',
              name: 'adaptiveCard/action',
              value: { action: { type: 'Action.Execute', verb, data } },
            }),
          );
          expect(res.status).toBe(200);
          const body = res.body as {
            statusCode: number;
            type: string;
            value: { type: string; body: unknown[] };
          };
          expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
          expect(body.value.type).toBe('AdaptiveCard');
          const text = JSON.stringify(body.value);
          const saved = text.includes('保存しました') || text.includes('settings were saved');
          if (!saved) expect(await snapshot()).toBe(before);
          else expect(verb).toBe('settings.save');
        },
      ),
      { numRuns: RUNS },
    );
  });
});
