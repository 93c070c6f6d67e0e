import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { createOutboxMessenger } from '../delivery/outbox.messenger.ts';
import { createLogger } from '../shared/logger.ts';
import { createSurveyService } from './survey.service.ts';
import { INVITE_PURPOSE, REMINDER_PURPOSE } from './survey.table.ts';
import {
  DAY,
  plainEmployee,
  profile,
  pulseDraft,
  seedSurveyOrg,
  staff,
  T0,
  viewerWith,
} from './survey.test-data.ts';
import { runSurveyDispatch, type SurveyDispatchDeps } from './survey-dispatch.service.ts';

/**
 * A survey round over the demo ministry (300 people + a 4-person room): sent through the outbox,
 * answered by everyone but a few, edited, reminded, closed, and its results read by HR.
 */

let t: TestDatabase;
let db: Db;
let clock = T0;
const now = () => clock;
let small: { smallSectionId: string; bureauId: string };
const service = () => createSurveyService({ db, now });
const deps = (): SurveyDispatchDeps => ({
  db,
  // The real outbox: rows are written, and the wait for the outcome ends at once (no worker here).
  messenger: createOutboxMessenger(
    db,
    { nudge: () => undefined, onSettled: () => () => undefined },
    { waitMs: 1 },
  ),
  cards: {
    invite: (s, l) => ({ kind: 'invite', id: s.id, l }),
    reminder: (s, l) => ({ kind: 'reminder', id: s.id, l }),
  },
  logger: createLogger('silent'),
});
const answersFor = (i: number) => ({
  q0: String((i % 5) + 1),
  q1: String(i % 3),
  q2: i % 4 === 0 ? `意見 ${i}` : '',
});

let surveyId = '';
let people: { id: string; section_id: string }[] = [];
let hrId = '';
const receipts = new Map<string, string>();

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  small = await seedSurveyOrg(db);
  people = await staff(db);
  hrId = people[0]?.id as string;
}, 120_000);
afterAll(async () => t?.drop());

async function deliveries(purpose: string, subject: string): Promise<string[]> {
  const rows = await db.query<{ recipient: string }>(
    sql`select recipient from delivery where purpose = ${purpose} and subject = ${subject} order by recipient`,
  );
  return rows.map((r) => r.recipient);
}
const oidsOf = async (ids: string[]) =>
  (
    await db.query<{ oid: string }>(
      sql`select entra_oid::text as oid from employee where id = any(${ids}::uuid[]) and entra_oid is not null order by 1`,
    )
  ).map((r) => r.oid);

describe('a survey round', () => {
  it('HR creates and sends it; the opening puts one invitation per person in the outbox', async () => {
    const hr = await viewerWith(db, hrId, 'hr');
    const s = await service().create(hr, pulseDraft());
    surveyId = s.id;
    await service().launch(hr, s.id);
    clock = new Date(T0.getTime() + 60_000);
    const run = await runSurveyDispatch(deps(), clock);
    expect(run.opened).toBe(1);
    const invited = await deliveries(INVITE_PURPOSE, s.id);
    expect(invited).toEqual(await oidsOf(people.map((p) => p.id)));
    expect(invited.length).toBe(304);
    // A second run (or a second instance) adds nothing.
    await runSurveyDispatch(deps(), clock);
    expect((await deliveries(INVITE_PURPOSE, s.id)).length).toBe(304);
  });

  it('refuses a composer without the role, and bad input with every problem, storing nothing', async () => {
    const plain = await viewerWith(db, await plainEmployee(db), null);
    await expect(service().create(plain, pulseDraft())).rejects.toMatchObject({ code: 'forbidden' });
    const hr = await viewerWith(db, hrId, 'hr');
    const before = await db.query(sql`select id from survey`);
    const tooMany = pulseDraft({
      questions: Array.from({ length: 11 }, () => ({ kind: 'scale', text: 'q' })),
    });
    await expect(service().create(hr, tooMany)).rejects.toMatchObject({
      code: 'bad_request',
      fields: [expect.objectContaining({ where: 'questions', key: 'too_many' })],
    });
    await expect(
      service().create(hr, pulseDraft({ closesAt: T0.toISOString(), remindAt: null })),
    ).rejects.toMatchObject({
      code: 'bad_request',
      fields: [expect.objectContaining({ where: 'closesAt', key: 'survey.closes_before_opens' })],
    });
    expect((await db.query(sql`select id from survey`)).length).toBe(before.length);
  });

  it('a WLB officer may ask only their own bureau', async () => {
    const wlb = await viewerWith(db, people[10]?.id as string, 'wlb_officer', small.bureauId);
    await expect(service().create(wlb, pulseDraft())).rejects.toMatchObject({ code: 'forbidden' });
    const s = await service().create(
      wlb,
      pulseDraft({ audience: { bureauIds: [small.bureauId] }, series: null }),
    );
    expect(s.audience.bureauIds).toEqual([small.bureauId]);
  });

  it('refuses an Entra group audience (surveys never expand groups): a WLB officer cannot reach other bureaus through one', async () => {
    // A group HR added for an announcement: its members, as last expanded, sit all over the ministry.
    const group = '0b0e0000-0000-4000-8000-000000000020';
    await db.query(sql`insert into entra_group (group_id, display_name, kind, member_count, not_in_register, expanded_at)
                       values (${group}, '全庁連絡網', 'security', 3, 0, now())`);
    for (const p of [people[0], people[100], people[200]])
      await db.query(sql`insert into entra_group_member (group_id, employee_id) values (${group}, ${p?.id})`);
    const wlb = await viewerWith(db, people[10]?.id as string, 'wlb_officer', small.bureauId);
    const before = await db.query(sql`select id from survey`);
    for (const viewer of [wlb, await viewerWith(db, hrId, 'hr')])
      await expect(
        service().create(
          viewer,
          pulseDraft({ audience: { bureauIds: [small.bureauId], entraGroupIds: [group] } }),
        ),
      ).rejects.toMatchObject({ code: 'bad_request' });
    expect((await db.query(sql`select id from survey`)).length).toBe(before.length);
  });

  it('everyone but ten answers; a second first answer is refused and changes nothing', async () => {
    for (const [i, p] of people.entries()) {
      if (i >= 294) break;
      const r = await service().submit(await profile(db, p.id), surveyId, undefined, answersFor(i));
      receipts.set(p.id, r.receipt);
    }
    const first = people[1] as { id: string };
    await expect(
      service().submit(await profile(db, first.id), surveyId, undefined, answersFor(3)),
    ).rejects.toMatchObject({ code: 'conflict' });
    const [n] = await db.query<{ n: number }>(
      sql`select count(*)::int as n from survey_answer where survey_id = ${surveyId}`,
    );
    expect(n?.n).toBe(294);
  });

  it('bad answers get a clear message per question and store nothing', async () => {
    const p = people[299] as { id: string };
    await expect(
      service().submit(await profile(db, p.id), surveyId, undefined, { q0: '9', q1: '7' }),
    ).rejects.toMatchObject({
      code: 'bad_request',
      fields: [
        expect.objectContaining({ where: 'q1', key: 'invalid_choice' }),
        expect.objectContaining({ where: 'q2', key: 'invalid_choice' }),
      ],
    });
    expect(
      await db.query(
        sql`select 1 from survey_respondent where survey_id = ${surveyId} and employee_id = ${p.id}`,
      ),
    ).toEqual([]);
  });

  it('a respondent sees and edits their own answers with their receipt, in the window only', async () => {
    const p = people[2] as { id: string };
    const me = await profile(db, p.id);
    const receipt = receipts.get(p.id) as string;
    const mine = await service().forRespondent(me, surveyId, receipt);
    expect(mine.answers).toEqual([3, 2, null]);
    await service().submit(me, surveyId, receipt, { q0: '5', q1: '0', q2: '残業を減らしたい' });
    expect((await service().forRespondent(me, surveyId, receipt)).answers).toEqual([
      5,
      0,
      '残業を減らしたい',
    ]);
    // Someone else's receipt-less edit cannot reach it, and a made-up receipt opens nothing.
    await expect(service().forRespondent(me, surveyId, 'A'.repeat(26))).rejects.toMatchObject({
      code: 'not_found',
    });
    const saved = clock;
    clock = new Date(T0.getTime() + 7 * DAY);
    await expect(service().submit(me, surveyId, receipt, { q0: '1', q1: '0' })).rejects.toMatchObject({
      code: 'gone',
    });
    clock = new Date(T0.getTime() - 60_000);
    await expect(service().submit(me, surveyId, receipt, { q0: '1', q1: '0' })).rejects.toMatchObject({
      code: 'gone',
    });
    clock = saved;
    expect((await service().forRespondent(me, surveyId, receipt)).answers).toEqual([
      5,
      0,
      '残業を減らしたい',
    ]);
  });

  it('someone outside the audience cannot answer', async () => {
    const [outsider] = await db.query<{ id: string }>(sql`
      insert into employee (employee_no, entra_oid, family_name, given_name, section_id)
      select 'X-1', gen_random_uuid(), '外', '部', id from section limit 1 returning id::text`);
    await expect(
      service().submit(await profile(db, outsider?.id as string), surveyId, undefined, answersFor(1)),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('reminders go once, and only to the invitees who have not answered, never in quiet hours', async () => {
    // 23:00 JST on the reminder's day: everyone is in the default quiet hours (20:00–08:00).
    const night = await runSurveyDispatch(deps(), new Date(T0.getTime() + 3 * DAY + 13 * 3_600_000));
    expect(night.quiet).toBe(10);
    expect(await deliveries(REMINDER_PURPOSE, surveyId)).toEqual([]);
    clock = new Date(T0.getTime() + 4 * DAY + 60_000);
    await runSurveyDispatch(deps(), clock);
    const nonRespondents = people.slice(294).map((p) => p.id);
    expect(await deliveries(REMINDER_PURPOSE, surveyId)).toEqual(await oidsOf(nonRespondents));
    // One of them answers; the next runs remind nobody again.
    const late = people[295] as { id: string };
    await service().submit(await profile(db, late.id), surveyId, undefined, answersFor(295));
    await runSurveyDispatch(deps(), new Date(clock.getTime() + 60_000));
    await runSurveyDispatch(deps(), new Date(clock.getTime() + 120_000));
    expect(await deliveries(REMINDER_PURPOSE, surveyId)).toEqual(await oidsOf(nonRespondents));
  });

  it('the answers carry no person and no time', async () => {
    const cols = await db.query<{ column_name: string }>(sql`
      select column_name from information_schema.columns where table_name = 'survey_answer' and table_schema = current_schema()
       order by ordinal_position`);
    expect(cols.map((c) => c.column_name)).toEqual([
      'id',
      'survey_id',
      'section_id',
      'receipt_hash',
      'answers',
    ]);
    const respondentCols = await db.query<{ column_name: string }>(sql`
      select column_name from information_schema.columns where table_name = 'survey_respondent' and table_schema = current_schema()`);
    expect(respondentCols.map((c) => c.column_name).sort()).toEqual(['employee_id', 'survey_id']);
  });

  it('while the survey is open, results show how many answered, never what', async () => {
    const hr = await viewerWith(db, hrId, 'hr');
    const r = await service().results(hr, surveyId);
    expect(r.final).toBe(false);
    expect(r.groups.find((g) => g.level === 'scope')).toMatchObject({ respondents: 295, questions: null });
  });

  it('HR sees per bureau and section; the 4-person room is hidden and the bureau total does not give it away', async () => {
    clock = new Date(T0.getTime() + 7 * DAY);
    const hr = await viewerWith(db, hrId, 'hr');
    const r = await service().results(hr, surveyId);
    expect(r.final).toBe(true);
    const room = r.groups.find((g) => g.id === small.smallSectionId);
    expect(room).toMatchObject({ hidden: 'small_group', respondents: null, questions: null });
    const bureau = r.groups.find((g) => g.id === small.bureauId);
    expect(bureau?.hidden).toBeNull();
    const shownSections = r.groups.filter(
      (g) => g.level === 'section' && g.bureauId === small.bureauId && !g.hidden,
    );
    const rest = (bureau?.respondents ?? 0) - shownSections.reduce((s, g) => s + (g.respondents ?? 0), 0);
    // What subtraction leaves is the room plus at least one more hidden section: never the room alone.
    expect(rest).toBeGreaterThanOrEqual(r.floor);
    expect(r.groups.some((g) => g.bureauId === small.bureauId && g.hidden === 'complementary')).toBe(true);
    // Free text only for shown groups, and never in answer order.
    const text = bureau?.questions?.[2];
    expect(text?.kind === 'text' && [...text.texts].sort()).toEqual(text?.kind === 'text' && text.texts);
    const [audit] = await db.query<{ action: string; target_id: string }>(
      sql`select action, target_id from audit_log where actor_id = ${hrId} order by id desc limit 1`,
    );
    expect(audit).toEqual({ action: 'survey.results.read', target_id: surveyId });
  });

  it('an employee without a results role is refused', async () => {
    const plain = await viewerWith(db, await plainEmployee(db), null);
    await expect(service().results(plain, surveyId)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('the next round in the series is compared with this one', async () => {
    const hr = await viewerWith(db, hrId, 'hr');
    clock = new Date(T0.getTime() + 30 * DAY);
    const next = await service().create(
      hr,
      pulseDraft({
        title: 'パルスサーベイ 12月',
        opensAt: new Date(T0.getTime() + 30 * DAY + 60_000).toISOString(),
        closesAt: new Date(T0.getTime() + 37 * DAY).toISOString(),
        remindAt: null,
      }),
    );
    await service().launch(hr, next.id);
    clock = new Date(T0.getTime() + 30 * DAY + 120_000);
    await runSurveyDispatch(deps(), clock);
    for (const p of people.slice(0, 100))
      await service().submit(await profile(db, p.id), next.id, undefined, { q0: '4', q1: '1', q2: '' });
    clock = new Date(T0.getTime() + 37 * DAY);
    const r = await service().results(hr, next.id);
    expect(r.previous?.id).toBe(surveyId);
    const scope = r.trend.find((p) => p.groupId === 'scope' && p.question === 0);
    expect(scope?.current).toBe(4);
    expect(scope?.previous).toBeGreaterThan(2);
    expect(scope?.previous).toBeLessThan(4);
  });
});
