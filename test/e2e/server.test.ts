import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.ts';

describe('the one HTTP server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seedDemo: false });
  });
  afterAll(() => t?.stop());

  it('is live and ready when the database and jobs are up', async () => {
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, jobs: true } });
  });

  it('serves the privacy statement and terms the Teams manifest links to, in Japanese and English', async () => {
    for (const path of ['/privacy', '/terms']) {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const html = await res.text();
      expect(html).toMatch(/<h1>[^<]*[ぁ-んァ-ン一-龥][^<]*\/ [A-Z]/);
    }
  });

  it('answers an unknown API path with 404, not the tab shell', async () => {
    const res = await fetch(`${t.baseUrl}/api/tab/no-such-thing`, { headers: { 'x-dev-persona': 'D00001' } });
    expect(res.status).toBe(404);
  });
});
