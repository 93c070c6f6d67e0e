import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { tabApi, until } from './announcement-helpers.ts';

type Element = { type: string; text?: string; actions?: { type: string; title: string; url: string }[] };

describe('SharePoint / OneDrive files as buttons on an announcement', () => {
  let t: TestApp;
  let api: ReturnType<typeof tabApi>;
  let people: { id: string; entra_oid: string }[] = [];
  const setDomains = (domains: string[]) =>
    t.db.query(sql`
      insert into setting (key, value) values ('announcements', ${JSON.stringify({ fileDomains: domains })})
      on conflict (key) do update set value = setting.value || excluded.value`);
  const draft = (url: string) => ({
    title: '人事評価の手引き',
    body: '手引きを更新しました。',
    files: [{ title: '評価の手引き（PDF）', url }],
    audience: { employeeIds: people.map((p) => p.id) },
  });

  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev' });
    api = tabApi(t);
    await t.sendActivity(t.personalActivity(await t.oidOf('D00001'), { type: 'message', text: 'ヘルプ' }));
    people = await t.db.query(sql`
      select id, entra_oid::text as entra_oid from employee
       where active and entra_oid is not null and employee_no <> 'D00001' order by employee_no limit 2`);
  }, 90_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("refuses every file link until the tenant's domains are set, then links elsewhere, storing nothing", async () => {
    const none = await api(
      'POST',
      '/announcements',
      draft('https://mic.sharepoint.com/sites/jinji/tebiki.pdf'),
    );
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([
      expect.objectContaining({ where: 'files.0.url', key: 'announcement.file_domains_not_set' }),
    ]);
    await setDomains(['mic.sharepoint.com', 'mic-my.sharepoint.com']);
    const other = await api('POST', '/announcements', draft('https://evil-tenant.sharepoint.com/x.pdf'));
    expect(other.body.errors).toEqual([
      expect.objectContaining({
        where: 'files.0.url',
        key: 'announcement.file_domain_not_allowed',
        params: { host: 'evil-tenant.sharepoint.com' },
      }),
    ]);
    const http = await api('POST', '/announcements', draft('http://mic.sharepoint.com/x.pdf'));
    expect(http.body.errors.map((e: { where: string }) => e.where)).toEqual(['files.0.url']);
    const [n] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from announcement where title = '人事評価の手引き'`,
    );
    expect(n?.n).toBe(0);
  });

  it('sends the file as a button that opens the link (no copy of the file is kept)', async () => {
    const url = 'https://mic.sharepoint.com/sites/jinji/Shared%20Documents/tebiki.pdf';
    const created = await api('POST', '/announcements', draft(url));
    expect(created.status).toBe(200);
    expect(created.body.files).toEqual([{ title: '評価の手引き（PDF）', url }]);
    const before = t.connector.sent().length;
    await api('POST', `/announcements/${created.body.id}/submit`, {});
    await until(
      'sent',
      async () => (await api('GET', `/announcements/${created.body.id}/tracking`)).body.state === 'sent',
    );
    const mine = t.connector.sent().slice(before);
    expect(mine.map((s) => s.conversationId).sort()).toEqual(people.map((p) => `a:${p.entra_oid}`).sort());
    const card = mine[0]!.activity!.attachments![0]!.content as unknown as { body: Element[] };
    const set = card.body.find((b) => b.type === 'ActionSet');
    expect(set?.actions).toEqual([{ type: 'Action.OpenUrl', title: '📄 評価の手引き（PDF）', url }]);
    expect(card.body.some((b) => b.text?.includes('添付資料'))).toBe(true);
  }, 60_000);
});
