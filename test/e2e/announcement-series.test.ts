import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../core/db/sql.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { cardOfCall, cardText, dispatcherOf, tabApi, until } from './announcement-helpers.ts';

describe('a recurring announcement over a holiday', () => {
  let t: TestApp;
  // Friday 2026-07-17, 10:00 in Japan. Monday 2026-07-20 is 海の日.
  let clock = new Date('2026-07-17T01:00:00Z');
  let api: ReturnType<typeof tabApi>;
  let people: { id: string; entra_oid: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev', overrides: { now: () => clock } });
    api = tabApi(t);
    await t.sendActivity(t.personalActivity(await t.oidOf('D00001'), { type: 'message', text: 'ヘルプ' }));
    // Four eyes on for every announcement: the series is approved once.
    await t.db.query(
      sql`insert into setting (key, value) values ('announcements', ${JSON.stringify({ requireSecondApprover: true })})`,
    );
    const [second] = await t.db.query<{ id: string }>(
      sql`select id from employee where employee_no = 'D00002'`,
    );
    await t.db.query(
      sql`insert into role_assignment (employee_id, role) values (${second!.id}, 'hr') on conflict do nothing`,
    );
    people = await t.db.query(sql`
      select id, entra_oid::text as entra_oid from employee
       where active and entra_oid is not null and employee_no not in ('D00001', 'D00002') order by employee_no limit 4`);
  }, 90_000);
  afterAll(async () => {
    await t?.stop();
  });

  const content = (title: string) => ({
    title,
    body: '今週の定例連絡です。',
    ackEnabled: false,
    audience: { employeeIds: people.map((p) => p.id) },
  });
  const recurrence = {
    frequency: 'weekly',
    weekdays: [1],
    time: '09:00',
    onHoliday: 'next_working_day',
    startsOn: '2026-07-13',
  };
  const tick = () => Promise.all([dispatcherOf(t.app)(), dispatcherOf(t.app)()]);
  const series = async (id: string) => (await api('GET', `/announcement-series/${id}`)).body;

  it('refuses a rule that cannot work, with message keys', async () => {
    const res = await api('POST', '/announcement-series', {
      content: content('x'),
      recurrence: { ...recurrence, weekdays: [], endsOn: '2026-07-01' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { key: string }) => e.key).sort()).toEqual([
      'announcement.series_ends_before_start',
      'announcement.series_weekdays',
    ]);
    const [n] = await t.db.query<{ n: number }>(sql`select count(*)::int as n from announcement_series`);
    expect(n?.n).toBe(0);
  });

  it('is approved once, moves the Monday occurrence off 海の日, sends each occurrence once, and can be edited and stopped', async () => {
    const created = await api('POST', '/announcement-series', { content: content('週次連絡'), recurrence });
    expect(created.status).toBe(200);
    expect(created.body.state).toBe('pending_approval');
    expect(created.body.upcoming[0]).toMatchObject({
      date: '2026-07-21',
      shiftedFrom: '2026-07-20',
      holiday: '海の日',
    });
    const id = created.body.id;

    // Nothing is made before approval; the author cannot approve.
    await tick();
    expect((await series(id)).occurrences).toEqual([]);
    expect((await api('POST', `/announcement-series/${id}/approve`, {})).status).toBe(403);
    expect((await api('POST', `/announcement-series/${id}/approve`, {}, 'D00002')).body.state).toBe('active');

    await tick();
    expect((await series(id)).occurrences).toEqual([
      expect.objectContaining({
        date: '2026-07-21',
        state: 'scheduled',
        scheduledAt: '2026-07-21T00:00:00.000Z',
      }),
    ]);

    // Tuesday 09:01 after the holiday: the occurrence goes out, without another approval, once.
    clock = new Date('2026-07-21T00:01:00Z');
    const before = t.connector.postsPerConversation();
    const sentBefore = t.connector.sent().length;
    await tick();
    await until('the occurrence to be sent', async () => {
      const s = await series(id);
      return s.occurrences.find((o: { date: string }) => o.date === '2026-07-21')?.state === 'sent' && s;
    });
    const after = t.connector.postsPerConversation();
    expect(
      people.map((p) => (after.get(`a:${p.entra_oid}`) ?? 0) - (before.get(`a:${p.entra_oid}`) ?? 0)),
    ).toEqual([1, 1, 1, 1]);
    expect(cardText(cardOfCall(t.connector.sent()[sentBefore]!))).toContain('週次連絡');
    await tick();
    const s1 = await series(id);
    expect(s1.occurrences.map((o: { date: string; state: string }) => [o.date, o.state])).toEqual([
      ['2026-07-27', 'scheduled'],
      ['2026-07-21', 'sent'],
    ]);

    // An edit applies from the next occurrence on and needs the second person again.
    const edited = await api('POST', `/announcement-series/${id}/edit`, {
      content: content('週次連絡（改）'),
      recurrence,
    });
    expect(edited.body.state).toBe('pending_approval');
    expect((await series(id)).occurrences.map((o: { date: string }) => o.date)).toEqual(['2026-07-21']);
    await api('POST', `/announcement-series/${id}/approve`, {}, 'D00002');
    await tick();
    const [next] = await t.db.query<{ title: string }>(
      sql`select title from announcement where series_id = ${id} and occurrence_date = '2026-07-27'`,
    );
    expect(next?.title).toBe('週次連絡（改）');

    // Stopped: the scheduled occurrence is cancelled and nothing more goes out.
    expect((await api('POST', `/announcement-series/${id}/stop`, {})).body.state).toBe('stopped');
    clock = new Date('2026-07-27T00:01:00Z');
    const beforeStop = t.connector.sent().length;
    await tick();
    const s2 = await series(id);
    expect(s2.occurrences.map((o: { date: string; state: string }) => [o.date, o.state])).toEqual([
      ['2026-07-27', 'cancelled'],
      ['2026-07-21', 'sent'],
    ]);
    expect(t.connector.sent().length).toBe(beforeStop);
  }, 120_000);
});
