import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { tabApi } from './announcement-helpers.ts';

describe('announcement templates', () => {
  let t: TestApp;
  let api: ReturnType<typeof tabApi>;

  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev' });
    api = tabApi(t);
  }, 90_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('saves an announcement as a template and starts a new draft from it', async () => {
    const [bureau] = await t.db.query<{ id: string }>(sql`select id from bureau order by sort_order limit 1`);
    const original = await api('POST', '/announcements', {
      title: '定時退庁日のお知らせ',
      body: '毎週水曜日は**定時退庁日**です。',
      links: [{ title: '実施要領', url: 'https://example.go.jp/teiji' }],
      ackEnabled: true,
      reminders: { afterHours: 24, max: 1 },
      audience: { bureauIds: [bureau!.id] },
    });
    const saved = await api('POST', '/announcement-templates', {
      templateName: '定時退庁日',
      announcementId: original.body.id,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.content).toMatchObject({
      title: '定時退庁日のお知らせ',
      reminders: { afterHours: 24, max: 1 },
    });

    const list = await api('GET', '/announcement-templates');
    expect(list.body.templates.map((x: { name: string }) => x.name)).toEqual(['定時退庁日']);

    const started = await api('POST', `/announcement-templates/${saved.body.id}/start`, {});
    expect(started.status).toBe(200);
    expect(started.body.id).not.toBe(original.body.id);
    const draft = await api('GET', `/announcements/${started.body.id}`);
    expect(draft.body).toMatchObject({
      state: 'draft',
      title: '定時退庁日のお知らせ',
      body: '毎週水曜日は**定時退庁日**です。',
      links: [{ title: '実施要領', url: 'https://example.go.jp/teiji' }],
      reminders: { afterHours: 24, max: 1 },
      audience: expect.objectContaining({ bureauIds: [bureau!.id] }),
    });
  });

  it('refuses a template without a name or with bad content, storing nothing, and anyone but HR', async () => {
    const bad = await api('POST', '/announcement-templates', {
      templateName: '',
      content: { title: '', body: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { where: string }) => e.where)).toEqual(['templateName']);
    const badContent = await api('POST', '/announcement-templates', {
      templateName: 'x',
      content: { title: '', body: 'x', audience: {} },
    });
    expect(badContent.body.errors.map((e: { where: string }) => e.where)).toEqual(['title']);
    expect((await api('GET', '/announcement-templates', undefined, 'D00003')).status).toBe(403);
    const [n] = await t.db.query<{ n: number }>(sql`select count(*)::int as n from announcement_template`);
    expect(n?.n).toBe(1);
  });
});
