import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../core/access/role-assignment.repository.ts';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';

/**
 * Issue 13 finding 4 (failed on main): after a second approver approved, the author edited
 * title/body/links through "update" and the card was re-sent without approval; and the second
 * approver was off by default even for the whole ministry. Now any edit after approval waits for a
 * second hr person again, and approval is on by default for all-ministry audiences.
 */
const EVERYONE = { everyone: true, bureauIds: [], sectionIds: [], roles: [], employeeIds: [] };
const draft = (audience: Record<string, unknown> = EVERYONE) => ({
  title: '年末年始の閉庁について',
  body: '12月29日から1月3日までは閉庁日です。',
  imageUrl: null,
  links: [{ title: '詳細', url: 'https://example.go.jp/info' }],
  ackEnabled: false,
  language: 'ja',
  audience,
});
const edited = {
  ...draft(),
  title: '【訂正】口座を変更しました',
  links: [{ title: '振込先', url: 'https://evil.example/pay' }],
};

describe('four eyes on announcements', () => {
  let t: TestApp;
  let author: string;
  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev', seedDemo: true, env: { BOT_RATE_PER_SECOND: '400' } });
    await grantRole(t.db, { employeeNo: 'D00002', role: 'hr', bureauId: null }, null);
    [{ id: author }] = (await t.db.query<{ id: string }>(
      sql`select id::text from employee where employee_no = 'D00001'`,
    )) as [{ id: string }];
  }, 90_000);
  afterAll(() => t?.stop());

  const api = async (persona: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
      method,
      headers: { 'x-dev-persona': persona, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const row = async (id: string) =>
    (
      await t.db.query<{ state: string; title: string; revision: number; links: unknown }>(
        sql`select state, title, revision, links from announcement where id = ${id}`,
      )
    )[0]!;

  async function sentAnnouncement(audience?: Record<string, unknown>) {
    const created = await api('D00001', 'POST', '/announcements', draft(audience));
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    const submitted = await api('D00001', 'POST', `/announcements/${id}/submit`, {});
    return { id, submitted };
  }

  it('an all-ministry announcement waits for a second person by default; its author cannot approve it', async () => {
    const { id, submitted } = await sentAnnouncement();
    expect(submitted.body.state).toBe('pending_approval');
    expect((await api('D00001', 'POST', `/announcements/${id}/approve`)).status).toBe(403);
    const approved = await api('D00002', 'POST', `/announcements/${id}/approve`);
    expect(approved.status).toBe(200);
    expect(['sending', 'sent']).toContain(approved.body.state);
  });

  it('an edit after approval goes back to approval: nothing changes until a second person approves it', async () => {
    const { id } = await sentAnnouncement();
    await api('D00002', 'POST', `/announcements/${id}/approve`);
    const before = await row(id);

    const update = await api('D00001', 'POST', `/announcements/${id}/update`, edited);
    expect(update.status).toBe(200);
    expect(update.body.pendingUpdate).toMatchObject({ title: edited.title });
    expect(update.body.pendingUpdateBy).toBe(author);
    expect(await row(id)).toEqual(before); // not re-sent, not changed
    const [audit] = await t.db.query<{ action: string }>(
      sql`select action from audit_log where target_id = ${id} order by id desc limit 1`,
    );
    expect(audit!.action).toBe('announcement.update.submit');

    // The author of the change cannot wave it through, not even as admin.
    expect((await api('D00001', 'POST', `/announcements/${id}/approve`)).status).toBe(403);
    expect(await row(id)).toEqual(before);

    const approved = await api('D00002', 'POST', `/announcements/${id}/approve`);
    expect(approved.status).toBe(200);
    const after = await row(id);
    expect(after.title).toBe(edited.title);
    expect(after.revision).toBe(before.revision + 1);
    // A second approval of the same change finds nothing to approve.
    expect((await api('D00002', 'POST', `/announcements/${id}/approve`)).status).toBe(409);
  });

  it('when the second approver who approved edits, the original author must approve the change', async () => {
    const { id } = await sentAnnouncement();
    await api('D00002', 'POST', `/announcements/${id}/approve`);
    await api('D00002', 'POST', `/announcements/${id}/update`, edited);
    expect((await api('D00002', 'POST', `/announcements/${id}/approve`)).status).toBe(403);
    expect((await api('D00001', 'POST', `/announcements/${id}/approve`)).status).toBe(200);
    expect((await row(id)).title).toBe(edited.title);
  });

  it('a smaller audience with the approval setting off is sent and edited directly (control)', async () => {
    const [bureau] = await t.db.query<{ id: string }>(sql`select id::text from bureau order by code limit 1`);
    const audience = { ...EVERYONE, everyone: false, bureauIds: [bureau!.id] };
    const { id, submitted } = await sentAnnouncement(audience);
    expect(['sending', 'sent']).toContain(submitted.body.state);
    const update = await api('D00001', 'POST', `/announcements/${id}/update`, { ...edited, audience });
    expect(update.status).toBe(200);
    expect((await row(id)).title).toBe(edited.title);
  });

  it('with the setting on, a smaller audience needs approval for edits too', async () => {
    await t.db.query(
      sql`insert into setting (key, value, updated_by) values ('announcements', ${JSON.stringify({ requireSecondApprover: true })}, ${author}::uuid)
          on conflict (key) do update set value = excluded.value`,
    );
    const [bureau] = await t.db.query<{ id: string }>(sql`select id::text from bureau order by code limit 1`);
    const audience = { ...EVERYONE, everyone: false, bureauIds: [bureau!.id] };
    const { id, submitted } = await sentAnnouncement(audience);
    expect(submitted.body.state).toBe('pending_approval');
    await api('D00002', 'POST', `/announcements/${id}/approve`);
    const before = await row(id);
    await api('D00001', 'POST', `/announcements/${id}/update`, { ...edited, audience });
    expect(await row(id)).toEqual(before);
  });
});
