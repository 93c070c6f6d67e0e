import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOrgCsv } from '../../core/org/org-import.service.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { channelCorpus, OID, ssoCorpus } from './token-corpus.cases.ts';

/**
 * A corpus of bad tokens (forged, expired, misdirected, malformed, algorithm tricks) against both
 * authenticated entry points. Every one must be a 401 that does nothing: no bot reply, no data.
 * test/e2e/auth.test.ts shows the basic cases one by one; this is the wider sweep.
 */
describe('resilience: a corpus of bad tokens is refused with 401 and does nothing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seedDemo: false });
    const csv = `employee_no,family_name,given_name,entra_oid,bureau_code,bureau_name,bureau_kind,section_code,section_name,roles\nR0001,試験,一郎,${OID},B01,大臣官房,本省内部部局,B01-01,人事課,\n`;
    await importOrgCsv(t.db, new TextEncoder().encode(csv), { id: null, label: 'test' });
  }, 60_000);
  afterAll(() => t?.stop());

  it('has at least 20 tokens per entry point, and a good token of each kind works (the corpus tests the checks, not a broken setup)', async () => {
    expect(channelCorpus().length).toBeGreaterThanOrEqual(20);
    expect(ssoCorpus().length).toBeGreaterThanOrEqual(20);
    const bot = await t.sendActivity(t.personalActivity(OID, { type: 'message', text: 'ヘルプ' }));
    expect(bot.status).toBe(200);
    const tab = await fetch(`${t.baseUrl}/api/tab/me`, {
      headers: { authorization: `Bearer ${await t.signSsoToken(OID)}` },
    });
    expect(tab.status).toBe(200);
  });

  it('POST /api/messages: every bad channel token → 401, no reply sent', async () => {
    const failures: string[] = [];
    for (const [name, make] of channelCorpus()) {
      const before = t.connector.calls.length;
      const res = await t.sendActivity(t.personalActivity(OID, { type: 'message', text: 'ヘルプ' }), {
        token: await make(t),
      });
      if (res.status !== 401 || t.connector.calls.length !== before) failures.push(`${name}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('GET /api/tab/me: every bad SSO token → 401 problem JSON that reveals nothing about the person', async () => {
    const failures: string[] = [];
    for (const [name, make] of ssoCorpus()) {
      const res = await fetch(`${t.baseUrl}/api/tab/me`, {
        headers: { authorization: `Bearer ${await make(t)}` },
      });
      const body = await res.text();
      if (
        res.status !== 401 ||
        !res.headers.get('content-type')?.includes('problem+json') ||
        body.includes('試験')
      )
        failures.push(`${name}: ${res.status} ${body.slice(0, 80)}`);
    }
    expect(failures).toEqual([]);
  });

  it('the same SSO corpus cannot write: POST /api/tab/me/calendar-events and PUT department mappings → 401', async () => {
    for (const [, make] of ssoCorpus().slice(0, 8)) {
      const token = await make(t);
      const calendar = await fetch(`${t.baseUrl}/api/tab/me/calendar-events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subject: '休暇', start: '2026-08-10', end: '2026-08-10' }),
      });
      expect(calendar.status).toBe(401);
      const mappings = await fetch(`${t.baseUrl}/api/tab/admin/department-mappings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mappings: [] }),
      });
      expect(mappings.status).toBe(401);
    }
  });
});
