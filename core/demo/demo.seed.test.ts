import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { buildViewer } from '../access/viewer.ts';
import { seedAnnouncementsDemo } from '../announcements/announcement.demo.ts';
import { createAnnouncementReminders } from '../announcements/reminders.service.ts';
import { sql } from '../db/sql.ts';
import { findEmployeeByNo, roleAssignments, subtreeIds } from '../org/org.repository.ts';
import { createLogger } from '../shared/logger.ts';
import { seedSurveysDemo } from '../surveys/survey.demo.ts';
import { createSurveyService } from '../surveys/survey.service.ts';
import { seedDemoIfEmpty } from './demo.seed.ts';
import { generateDemoOrg } from './demo-org.generator.ts';

describe('demo ministry', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('seeds about 300 staff in bureaus of every kind, once', async () => {
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
    expect(await seedDemoIfEmpty(t.db)).toBe(false);
    const [{ n }] = (await t.db.query<{ n: number }>(sql`select count(*)::int as n from employee`)) as [
      { n: number },
    ];
    expect(n).toBeGreaterThanOrEqual(280);
    expect(n).toBeLessThanOrEqual(320);
    const kinds = await t.db.query<{ kind: string }>(sql`select distinct kind from bureau order by kind`);
    expect(kinds.map((k) => k.kind)).toEqual(['external_agency', 'headquarters', 'regional_branch']);
  });

  it('gives the personas their posts: the chief manages the staff persona, roles are set', async () => {
    const chief = await findEmployeeByNo(t.db, 'D00002');
    const staff = await findEmployeeByNo(t.db, 'D00003');
    expect(staff?.manager?.id).toBe(chief?.id);
    expect(chief?.isManagerial).toBe(true);
    expect(await subtreeIds(t.db, chief!.id)).toContain(staff!.id);
    const hr = await findEmployeeByNo(t.db, 'D00001');
    expect((await roleAssignments(t.db, hr!.id)).map((r) => r.role)).toEqual(['admin', 'hr']);
    const officer = await findEmployeeByNo(t.db, 'D00005');
    expect(await roleAssignments(t.db, officer!.id)).toEqual([
      { role: 'wlb_officer', bureauId: officer!.bureau.id },
    ]);
  });

  it('has two closed rounds of the pulse survey whose results HR sees, small sections hidden, and one open', async () => {
    const now = new Date();
    await seedSurveysDemo(t.db, now);
    const hr = await buildViewer(t.db, (await findEmployeeByNo(t.db, 'D00001'))!);
    const surveys = createSurveyService({ db: t.db, now: () => now });
    const rounds = await surveys.list(hr);
    expect(rounds.map((s) => s.state)).toEqual(['open', 'closed', 'closed']);
    expect(new Set(rounds.map((s) => s.series)).size).toBe(1);

    const latest = await surveys.results(hr, rounds[1]!.id);
    expect(latest.final).toBe(true);
    expect(latest.previous?.id).toBe(rounds[2]!.id);
    const scope = latest.groups.find((g) => g.level === 'scope')!;
    expect(scope.hidden).toBeNull();
    expect(scope.respondents!).toBeGreaterThan(0.8 * scope.invited);
    expect(latest.groups.some((g) => g.level === 'section' && g.hidden)).toBe(true);
    expect(latest.groups.some((g) => g.level === 'section' && !g.hidden)).toBe(true);
    // The trend is visible: the ministry's first question went up a little since the first round.
    const first = latest.trend.find((p) => p.question === 0 && p.groupId === scope.id)!;
    expect(first.current! - first.previous!).toBeGreaterThan(0);

    // The open round: only who answered so far, and 中村 健太 has not (his card still asks).
    const open = await surveys.results(hr, rounds[0]!.id);
    expect(open.final).toBe(false);
    expect(open.groups.every((g) => g.questions === null)).toBe(true);
    const nakamura = (await findEmployeeByNo(t.db, 'D00003'))!;
    expect((await surveys.forRespondent(nakamura, rounds[0]!.id)).answered).toBe(false);
    // Answers are stored without the person: the answer table has no column naming anyone.
    const columns = await t.db.query<{ column_name: string }>(
      sql`select column_name from information_schema.columns where table_name = 'survey_answer' and table_schema = current_schema()`,
    );
    expect(columns.map((c) => c.column_name)).not.toContain('employee_id');
  });

  it('has an announcement with a reminder round sent to those who had not acknowledged', async () => {
    const now = new Date();
    const reminders = createAnnouncementReminders({
      db: t.db,
      card: () => ({}),
      recalledCard: () => ({}),
      nudge: () => {},
      logger: createLogger('silent'),
    });
    await seedAnnouncementsDemo(t.db, reminders.remindDue, now);
    const [a] = await t.db.query<{ id: string }>(sql`select id::text from announcement where state = 'sent'`);
    const hr = await buildViewer(t.db, (await findEmployeeByNo(t.db, 'D00001'))!);
    const tracking = await reminders.reminded(hr, a!.id);
    expect(tracking.rounds).toEqual([expect.objectContaining({ round: 1, waiting: 0 })]);
    expect(tracking.people.length).toBeGreaterThan(50);
    expect(tracking.people.every((p) => p.state === 'sent' && p.round === 1)).toBe(true);
    // Some acknowledged after the reminder, after it was sent; nobody acknowledged before was reminded.
    const late = tracking.people.filter((p) => p.ackedAt);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((p) => new Date(p.ackedAt!) > new Date(p.sentAt!))).toBe(true);
    // Another dispatcher run adds nothing: the round is complete.
    expect(await reminders.remindDue(now)).toBe(0);
  });

  it('generates the requested size for benchmarks, with unique numbers', () => {
    const rows = [...generateDemoOrg({ staff: 5000 })];
    expect(rows.length).toBe(5000);
    expect(new Set(rows.map((r) => r.employee_no)).size).toBe(5000);
    const numbers = new Set(rows.map((r) => r.employee_no));
    expect(rows.every((r) => !r.manager_employee_no || numbers.has(r.manager_employee_no))).toBe(true);
  });
});
