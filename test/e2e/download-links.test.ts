import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

const HR = 'D00001'; // 人事課, also the system administrator in the demo
const EMPLOYEE = 'D00003';

/** Exports through a signed one-minute link, as the tab opens them with teams-js app.openLink. */
describe('signed download links', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const linkFor = async (persona: string, path: string) => {
    const res = await fetch(`${t.baseUrl}/api/tab/download-links`, {
      method: 'POST',
      headers: { 'x-dev-persona': persona, 'content-type': 'application/json' },
      body: JSON.stringify({ path }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { url: string; expiresAt: string; key?: string },
    };
  };

  it('opens the export without any sign-in header, once, as a no-store attachment, and audits it', async () => {
    const path = '/api/tab/audit/export?from=2026-01-01';
    const { status, body } = await linkFor(HR, path);
    expect(status).toBe(200);
    expect(body.url).toMatch(/^\/api\/tab\/audit\/export\?from=2026-01-01&sig=/);
    expect(new Date(body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);

    const res = await fetch(`${t.baseUrl}${body.url}`); // no headers: a browser Teams opened
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).not.toBe('');

    const again = await fetch(`${t.baseUrl}${body.url}`);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { key: string }).key).toBe('error.download_link_invalid');

    const audit = await t.db.query<{ action: string; target_id: string }>(
      sql`select action, target_id from audit_log where action = 'download.link_used'`,
    );
    expect(audit).toContainEqual({ action: 'download.link_used', target_id: '/api/tab/audit/export' });
  });

  it('runs the export as the person who asked: a link gives no more than their own sign-in', async () => {
    const { status, body } = await linkFor(EMPLOYEE, '/api/tab/audit/export');
    expect(status).toBe(200); // issuing proves nothing; the export itself decides
    expect((await fetch(`${t.baseUrl}${body.url}`)).status).toBe(403);
  });

  it('refuses a link moved to another query or route, and any route that is not a download', async () => {
    const { body } = await linkFor(HR, '/api/tab/audit/export?from=2026-01-01');
    const sig = new URL(body.url, 'http://x').searchParams.get('sig') ?? '';
    for (const moved of [
      `/api/tab/audit/export?from=2025-01-01&sig=${encodeURIComponent(sig)}`,
      `/api/tab/dashboard/export?from=2026-01-01&sig=${encodeURIComponent(sig)}`,
      `/api/tab/me?sig=${encodeURIComponent(sig)}`,
    ])
      expect((await fetch(`${t.baseUrl}${moved}`)).status).toBe(401);

    for (const path of [
      '/api/tab/me',
      '/api/tab/settings',
      'https://evil.example/api/tab/audit/export',
      '/tab/',
    ]) {
      const refused = await linkFor(HR, path);
      expect(refused.status).toBe(400);
    }
  });
});
