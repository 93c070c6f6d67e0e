import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.ts';

/**
 * Issue 13 findings 5 and 9 (failed on main): no rate limit, no CSP / HSTS / Referrer-Policy,
 * exports cacheable, /metrics public.
 */
const METRICS_TOKEN = 'scraper-token-0123456789abcdef';

describe('HTTP hardening', () => {
  let t: TestApp;
  let oid: string;
  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '20', METRICS_TOKEN },
    });
    oid = await t.oidOf('D00001');
  }, 60_000);
  afterAll(() => t?.stop());

  it('sets header and request timeouts on the socket server', () => {
    expect(t.app.server.server.headersTimeout).toBe(10_000);
    expect(t.app.server.server.requestTimeout).toBe(60_000);
  });

  it('every answer carries CSP with the Teams frame-ancestors, HSTS and Referrer-Policy', async () => {
    for (const path of ['/healthz', '/privacy', '/tab/', '/api/tab/session']) {
      const res = await fetch(`${t.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${await t.signSsoToken(oid)}` },
      });
      const csp = res.headers.get('content-security-policy') ?? '';
      const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ') ?? [];
      expect(ancestors).toEqual(
        expect.arrayContaining([
          'https://teams.microsoft.com',
          'https://*.teams.microsoft.com',
          'https://*.office.com',
          'https://*.cloud.microsoft',
        ]),
      );
      expect(ancestors).not.toContain('*');
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBeNull();
    }
  });

  it('API answers and exports are never cached', async () => {
    const token = await t.signSsoToken(oid);
    const me = await fetch(`${t.baseUrl}/api/tab/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.headers.get('cache-control')).toBe('no-store');
    const exported = await fetch(`${t.baseUrl}/api/tab/audit/export`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    expect(exported.headers.get('cache-control')).toBe('no-store');
    const refused = await fetch(`${t.baseUrl}/api/tab/me`);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('/metrics needs the scraper token', async () => {
    expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } }))
        .status,
    ).toBe(401);
    const ok = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('kinmu_');
  });
  // Last: it empties this address's bucket.
  it('rate-limits per caller: a burst without a token gets 429, a signed-in user keeps working', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await fetch(`${t.baseUrl}/api/tab/me`)).status);
    expect(statuses[0]).toBe(401);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    const mine = await fetch(`${t.baseUrl}/api/tab/me`, {
      headers: { authorization: `Bearer ${await t.signSsoToken(oid)}` },
    });
    expect(mine.status).toBe(200);
    // The tab's files and the bot endpoint are not limited per address (NAT, Microsoft's service).
    expect((await fetch(`${t.baseUrl}/tab/`)).status).toBe(200);
    const bot = await t.sendActivity(t.personalActivity(oid, { type: 'typing' }), { token: null });
    expect(bot.status).toBe(401); // refused for want of a token, not throttled with the address
  });
});
