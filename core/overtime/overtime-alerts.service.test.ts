import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bureauReportCard, overtimeCards } from '../../bot/cards/overtime/overtime.cards.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { startTestOutbox, type TestOutbox } from '../../test/harness/outbox.ts';
import { importAttendanceBatch } from '../attendance/attendance-import.service.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { eachDay, isWorkingDay, tokyoInstant } from '../shared/calendar.ts';
import { isAppError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import { parseOvertimeSettings } from './overtime.settings.ts';
import { overtimeAlertPurpose } from './overtime-alert.purpose.ts';
import { sentCards } from './overtime-alert.repository.ts';
import { type OvertimeDeps, raiseAlerts } from './overtime-alerts.service.ts';
import { recordFollowUp, runFollowUps } from './overtime-follow-up.service.ts';
import { sendMonthlyReports } from './overtime-report.service.ts';

type Card = {
  body?: { text?: string }[];
  actions?: { verb?: string; title?: string; data?: Record<string, unknown> }[];
  refresh?: { userIds: string[] };
};

const text = (card: Card) => JSON.stringify(card.body ?? []);

async function person(db: Db, employeeNo: string) {
  const [row] = await db.query<{ id: string; oid: string }>(
    sql`select id, entra_oid::text as oid from employee where employee_no = ${employeeNo}`,
  );
  return row!;
}

/** Overtime spread evenly over the month's working days (whole quarter hours, the rest on the last day). */
async function importMonth(db: Db, employeeNo: string, month: string, hours: number, until?: string) {
  const days = eachDay(
    `${month}-01`,
    until ?? `${month}-${new Date(Date.UTC(+month.slice(0, 4), +month.slice(5), 0)).getUTCDate()}`,
  ).filter(isWorkingDay);
  const total = hours * 60;
  const each = Math.floor(total / days.length / 15) * 15;
  const rows = days.map((date, i) => ({
    employeeNo,
    date,
    overtimeMinutes: i === days.length - 1 ? total - each * (days.length - 1) : each,
  }));
  await importAttendanceBatch(db, { rows }, { id: null, label: 'test' });
}

describe('overtime alerts: thresholds, exactly once, follow-up, reminder and escalation', () => {
  let t: TestDatabase;
  let clock: Date;
  let fake: {
    messenger: ProactiveMessenger;
    sent: { oid: string; card: Card }[];
    updated: { card: Card }[];
    outbox: TestOutbox;
  };
  let deps: OvertimeDeps;
  const settings = parseOvertimeSettings({});

  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 60);
  });
  afterAll(() => t?.drop());
  beforeEach(async () => {
    await t.db.exec('delete from delivery; delete from overtime_alert_action; delete from overtime_alert;');
    // The real outbox (claim, lease, limiter, render at send time); only the connector is fake.
    const outbox = await startTestOutbox(t.db);
    fake = {
      messenger: outbox.messenger,
      sent: outbox.sent as unknown as { oid: string; card: Card }[],
      updated: outbox.updated as unknown as { card: Card }[],
      outbox,
    };
    clock = tokyoInstant('2026-06-10', '09:00');
    deps = {
      db: t.db,
      messenger: fake.messenger,
      cards: overtimeCards,
      logger: createLogger('silent'),
      now: () => clock,
      settings: async () => settings,
      alert100Exempt: async () => true,
    };
    outbox.worker.register(overtimeAlertPurpose(deps));
  });
  afterEach(() => fake.outbox.stop());
  /** Everything the alerts enqueued (and is due) has reached the fake connector. */
  const deliverDue = (_deps?: OvertimeDeps) => fake.outbox.drained();

  it('100 h: the manager gets the card with the actions, the WLB officer the status card, the employee a health notice', async () => {
    await importMonth(t.db, 'D00003', '2026-05', 101);
    expect(await raiseAlerts(deps, ['2026-05'])).toBeGreaterThanOrEqual(3);
    await deliverDue(deps);
    const kenta = await person(t.db, 'D00003');
    const chief = await person(t.db, 'D00002');
    const officer = await person(t.db, 'D00005');
    const toChief = fake.sent.filter((s) => s.oid === chief.oid);
    const card100 = toChief.find((s) => text(s.card).includes('面接指導'))!.card;
    expect(text(card100)).toContain('中村 健太');
    expect(card100.actions?.map((a) => a.title)).toEqual([
      '業務配分を見直した',
      '本人と面談した',
      '健康管理医の面接指導を案内した',
      'コメント',
    ]);
    expect(card100.refresh?.userIds).toEqual([chief.oid]);
    const toOfficer = fake.sent.filter((s) => s.oid === officer.oid);
    expect(toOfficer.some((s) => text(s.card).includes('101時間'))).toBe(true);
    expect(toOfficer.every((s) => !s.card.actions?.some((a) => a.verb))).toBe(true);
    const toKenta = fake.sent.filter((s) => s.oid === kenta.oid).map((s) => text(s.card));
    expect(
      toKenta.some((c) => c.includes('健康確保のためのお知らせ') && c.includes('kokoro.mhlw.go.jp')),
    ).toBe(true);
    // 45 h and 80 h reached the employee too, the 80 h also the manager.
    expect(toKenta.some((c) => c.includes('45時間に達しました'))).toBe(true);
    expect(toChief.some((s) => text(s.card).includes('80時間に達しました'))).toBe(true);
  });

  it('two runners evaluating and delivering at the same time raise and send each alert once', async () => {
    await importMonth(t.db, 'D00003', '2026-05', 101);
    const [a, b] = await Promise.all([raiseAlerts(deps, ['2026-05']), raiseAlerts(deps, ['2026-05'])]);
    await Promise.all([deliverDue(deps), deliverDue(deps)]);
    const [{ n } = { n: 0 }] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from overtime_alert`,
    );
    expect(a + b).toBe(n);
    const keys = fake.sent.map((s) => `${s.oid}:${text(s.card)}`);
    expect(new Set(keys).size).toBe(keys.length);
    // And a later run (the daily job) finds nothing new.
    expect(await raiseAlerts(deps, ['2026-05'])).toBe(0);
    await deliverDue(deps);
    expect(fake.sent.length).toBe(keys.length);
  });

  it('holds the employee’s messages for the end of quiet hours but sends the 100 h card to the manager at once', async () => {
    // No sender in this test: the question is when each message is scheduled. This clock is months
    // behind the database's, so every row is already due and a running worker would claim it (and
    // stamp its lease over ready_at) between the alert and the check — a race CI lost under load.
    await fake.outbox.stop();
    await importMonth(t.db, 'D00003', '2026-05', 101);
    clock = tokyoInstant('2026-06-10', '23:00');
    await raiseAlerts(deps, ['2026-05']);
    const kenta = await person(t.db, 'D00003');
    const chief = await person(t.db, 'D00002');
    // The outbox holds each message until its ready_at (the claim takes only what is due).
    const held = await t.db.query<{ recipient: string; subject: string; priority: number; ready_at: Date }>(
      sql`select recipient, subject, priority, ready_at from delivery where purpose = 'overtime.alert' order by id`,
    );
    const at = (r: { ready_at: Date }) => new Date(r.ready_at).toISOString();
    const toKenta = held.filter((r) => r.recipient === kenta.id);
    expect(toKenta.length).toBeGreaterThan(0);
    expect(toKenta.every((r) => at(r) === tokyoInstant('2026-06-11', '08:00').toISOString())).toBe(true);
    const card100 = held.find((r) => r.recipient === chief.id && r.priority === 0);
    expect(card100 && at(card100)).toBe(clock.toISOString());
    // Only the 100 h card to the manager is urgent (claimed before reminders and broadcasts).
    expect(held.filter((r) => r.priority === 0)).toEqual([card100]);
  });

  it('sends an alert a killed worker had claimed seconds after its lease ends, once, rendered then', async () => {
    await importMonth(t.db, 'D00003', '2026-05', 101);
    await raiseAlerts(deps, ['2026-05']);
    await deliverDue(deps);
    const chief = await person(t.db, 'D00002');
    const [alert] = await t.db.query<{ id: number }>(
      sql`select id from overtime_alert where level = 'month100'`,
    );
    // A worker claimed the 100 h card and was killed (kill -9) before recording anything.
    await t.db.query(sql`
      update delivery set state = 'in_flight', attempts = 1, ready_at = now() - interval '1 millisecond', claimed_by = 'dead'
       where purpose = 'overtime.alert' and subject = ${`${alert!.id}:alert`} and recipient = ${chief.id}`);
    const before = fake.sent.filter((s) => s.oid === chief.oid && text(s.card).includes('面接指導')).length;
    // Its lease (15 s by default) has run out: a live worker sends it at once, not an hour later.
    await deliverDue(deps);
    const after = fake.sent.filter((s) => s.oid === chief.oid && text(s.card).includes('面接指導'));
    expect(after.length).toBe(before + 1);
    const [row] = await t.db.query<{ state: string; attempts: number }>(
      sql`select state, attempts from delivery where purpose = 'overtime.alert' and subject = ${`${alert!.id}:alert`} and recipient = ${chief.id}`,
    );
    expect(row).toEqual({ state: 'sent', attempts: 2 });
    // And the tab still lists who got what (read from the outbox).
    const sentTo = await sentCards(t.db, alert!.id);
    expect(sentTo.find((c) => c.recipientId === chief.id)?.recipientRole).toBe('manager');
  });

  it('records the manager’s follow-up once; a replayed or foreign click changes nothing; the others see 対応済み', async () => {
    await importMonth(t.db, 'D00003', '2026-05', 101);
    await raiseAlerts(deps, ['2026-05']);
    await deliverDue(deps);
    const chief = await person(t.db, 'D00002');
    const [alert] = await t.db.query<{ id: number }>(
      sql`select id from overtime_alert where level = 'month100'`,
    );
    const input = { alertId: alert!.id, action: 'talked' as const, version: 0 };
    const first = await recordFollowUp(deps, { id: chief.id, locale: 'ja' }, input);
    expect(first.kind).toBe('recorded');
    expect(first.view.actions.map((a) => a.action)).toEqual(['talked']);
    const replay = await recordFollowUp(deps, { id: chief.id, locale: 'ja' }, input);
    expect(replay.kind).toBe('stale');
    expect(replay.view.actions).toHaveLength(1);
    const stranger = await person(t.db, 'D00005');
    await expect(
      recordFollowUp(deps, { id: stranger.id, locale: 'ja' }, { ...input, version: 1 }),
    ).rejects.toSatisfy((e) => isAppError(e) && e.code === 'forbidden');
    const audit = await t.db.query(sql`select actor_id from audit_log where action = 'overtime.follow_up'`);
    expect(audit).toEqual([{ actor_id: chief.id }]);
    // The WLB officer's card was updated in place and now says who handled it.
    expect(fake.updated.some((u) => text(u.card).includes('対応済み（高橋 誠）'))).toBe(true);
    const [row] = await t.db.query<{ follow_up: string }>(
      sql`select follow_up from overtime_alert where id = ${alert!.id}`,
    );
    expect(row?.follow_up).toBe('acted');
  });

  it('reminds the manager after 3 working days and escalates to their manager 3 working days later (fake clock)', async () => {
    await importMonth(t.db, 'D00003', '2026-05', 101);
    await raiseAlerts(deps, ['2026-05']); // raised Wed 2026-06-10
    await deliverDue(deps);
    const chief = await person(t.db, 'D00002');
    const [head] = await t.db.query<{ id: string; oid: string }>(
      sql`select m.id, m.entra_oid::text as oid from employee e join employee m on m.id = e.manager_id where e.employee_no = 'D00002'`,
    );
    const before = fake.sent.length;
    clock = tokyoInstant('2026-06-12', '09:05');
    expect(await runFollowUps(deps)).toEqual({ reminded: 0, escalated: 0 });
    clock = tokyoInstant('2026-06-15', '09:05'); // Mon: 3 working days after Wed
    expect(await runFollowUps(deps)).toEqual({ reminded: 1, escalated: 0 });
    expect(await runFollowUps(deps)).toEqual({ reminded: 0, escalated: 0 });
    await deliverDue(deps);
    const reminder = fake.sent.slice(before).find((s) => s.oid === chief.oid)!;
    expect(text(reminder.card)).toContain('リマインド');
    clock = tokyoInstant('2026-06-17', '09:05');
    expect(await runFollowUps(deps)).toEqual({ reminded: 0, escalated: 0 });
    clock = tokyoInstant('2026-06-18', '09:05');
    expect(await runFollowUps(deps)).toEqual({ reminded: 0, escalated: 1 });
    await deliverDue(deps);
    const escalation = fake.sent.find(
      (s) => s.oid === head!.oid && text(s.card).includes('エスカレーション'),
    )!;
    expect(escalation.card.actions?.some((a) => a.verb === 'overtime.followUp')).toBe(true);
    // The manager's manager may now record the follow-up.
    const [alert] = await t.db.query<{ id: number }>(
      sql`select id from overtime_alert where level = 'month100'`,
    );
    const done = await recordFollowUp(
      deps,
      { id: head!.id, locale: 'ja' },
      { alertId: alert!.id, action: 'workload_reviewed', version: 0 },
    );
    expect(done.kind).toBe('recorded');
  });

  it('他律部署: an average over 80 h across two months raises avg80; pace warnings wait for enough working days', async () => {
    await t.db.exec(`delete from attendance_month; delete from overtime_month; delete from overtime_year;`);
    await importMonth(t.db, 'D00003', '2026-04', 85);
    await importMonth(t.db, 'D00003', '2026-05', 85);
    await raiseAlerts(deps, ['2026-05']);
    const levels = await t.db.query<{ level: string; value_minutes: number }>(
      sql`select level, value_minutes from overtime_alert order by id`,
    );
    // The average over 80 h is also a cap passed (第16条の2の2): the manager is asked for 特例業務.
    expect(levels.map((l) => l.level)).toEqual(['month45', 'month80', 'avg80', 'over_average_cap']);
    expect(levels[2]?.value_minutes).toBe(170 * 60);

    // June up to Tue 6/9 (6 working days): 30 h so far → projected ≥ 100 h.
    await importMonth(t.db, 'D00002', '2026-06', 30, '2026-06-09');
    clock = tokyoInstant('2026-06-09', '20:00');
    await raiseAlerts(deps, ['2026-06']);
    const pace = await t.db.query<{ level: string }>(
      sql`select a.level from overtime_alert a join employee e on e.id = a.employee_id where e.employee_no = 'D00002'`,
    );
    // D00002 is a 課長 (managerial): no pace warnings for the non-managerial targets.
    expect(pace).toEqual([]);
    // D00003 (staff): 35 h in the first 7 working days of June → 110 h projected over its 22.
    await importMonth(t.db, 'D00003', '2026-06', 35, '2026-06-09');
    await raiseAlerts(deps, ['2026-06']);
    const staffPace = await t.db.query<{ level: string; value_minutes: number }>(sql`
      select a.level, a.value_minutes from overtime_alert a join employee e on e.id = a.employee_id
       where e.employee_no = 'D00003' and a.period = '2026-06-01' order by a.id`);
    expect(staffPace).toEqual([
      { level: 'pace80', value_minutes: 110 * 60 },
      { level: 'pace100', value_minutes: 110 * 60 },
    ]);
  });

  it('sends the monthly bureau report once to each executive, on the first working day only', async () => {
    await importMonth(t.db, 'D00003', '2026-05', 101);
    const reportDeps = {
      db: t.db,
      messenger: fake.messenger,
      logger: createLogger('silent'),
      now: () => clock,
      minGroupSize: async () => 5,
      card: (
        report: Parameters<typeof bureauReportCard>[0],
        month: string,
        locale: 'ja' | 'en',
        floor: number,
      ) => bureauReportCard(report, month, locale, floor, 'https://example.test/tab/'),
    };
    // An executive of 情報通信局 who manages nobody (SPEC §2: aggregates only).
    const [execOnly] = await t.db.query<{ id: string; oid: string }>(sql`
      select e.id, e.entra_oid::text as oid from employee e join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
       where b.code = 'B03' and e.employee_no like 'E%' and not exists (select 1 from employee r where r.manager_id = e.id)
       order by e.employee_no limit 1`);
    await t.db.query(sql`
      insert into role_assignment (employee_id, role, bureau_id)
      select ${execOnly?.id}, 'executive', s.bureau_id from employee e join section s on s.id = e.section_id where e.id = ${execOnly?.id}`);
    clock = tokyoInstant('2026-06-02', '09:10'); // Tue: not the first working day of June
    expect(await sendMonthlyReports(reportDeps)).toBe(0);
    clock = tokyoInstant('2026-06-01', '09:10'); // Mon 6/1
    const sent = await sendMonthlyReports(reportDeps);
    expect(sent).toBeGreaterThan(0);
    expect(await sendMonthlyReports(reportDeps)).toBe(0);
    const director = await person(t.db, 'D00004');
    const card = fake.sent.find((s) => s.oid === director.oid)!.card;
    expect(text(card)).toContain('2026年5月 局別 超過勤務報告');
    expect(text(card)).toContain('情報通信局');
    // Only D00003 has May data in 情報通信局: the director manages him and may see it; an executive
    // who manages nobody gets "<5" (one person is under the floor), as on their dashboard.
    expect(text(card)).toContain('101時間');
    const execCard = fake.sent.find((s) => s.oid === execOnly?.oid)!.card;
    expect(text(execCard)).toContain('<5');
    expect(text(execCard)).not.toContain('101時間');
  });
});
