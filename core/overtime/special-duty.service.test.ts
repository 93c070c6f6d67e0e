import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { overtimeCards } from '../../bot/cards/overtime/overtime.cards.ts';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { startTestOutbox, type TestOutbox } from '../../test/harness/outbox.ts';
import { importAttendanceBatch } from '../attendance/attendance-import.service.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { eachDay, isWorkingDay, tokyoInstant } from '../shared/calendar.ts';
import { createLogger } from '../shared/logger.ts';
import { type OvertimeSettings, parseOvertimeSettings } from './overtime.settings.ts';
import { overtimeAlertPurpose } from './overtime-alert.purpose.ts';
import { type OvertimeDeps, raiseAlerts } from './overtime-alerts.service.ts';
import { specialDutyByBureau } from './special-duty.repository.ts';
import { designateSpecialDuty, requestInterview } from './special-duty.service.ts';

type Card = { body?: unknown[]; actions?: { verb?: string; data?: Record<string, unknown> }[] };
const text = (card: Card) => JSON.stringify(card);

async function person(db: Db, employeeNo: string) {
  const [row] = await db.query<{ id: string; oid: string; section_id: string }>(
    sql`select id, entra_oid::text as oid, section_id from employee where employee_no = ${employeeNo}`,
  );
  return row!;
}

async function importMonth(db: Db, employeeNo: string, month: string, hours: number) {
  const last = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5), 0)).getUTCDate();
  const days = eachDay(`${month}-01`, `${month}-${last}`).filter(isWorkingDay);
  const total = hours * 60;
  const each = Math.floor(total / days.length / 15) * 15;
  const rows = days.map((date, i) => ({
    employeeNo,
    date,
    overtimeMinutes: i === days.length - 1 ? total - each * (days.length - 1) : each,
  }));
  await importAttendanceBatch(db, { rows }, { id: null, label: 'test' });
}

/**
 * 人事院規則15-14 第16条の2の2 (caps, 特例業務, 要因の整理・分析・検証) and 人事院規則10-4 第22条の2
 * (面接指導 on request) through the real alert pipeline, on PGlite and PostgreSQL.
 */
describe('特例業務 and 面接指導 on request', () => {
  let t: TestDatabase;
  let deps: OvertimeDeps;
  let sent: { oid: string; card: Card }[];
  let outbox: TestOutbox;
  let settings: OvertimeSettings;
  const clock = tokyoInstant('2026-06-10', '09:00');

  beforeAll(async () => {
    t = await createTestDatabase();
    await writeDemoOrg(t.db, 60);
  });
  afterAll(() => t?.drop());
  beforeEach(async () => {
    await t.db.exec(`delete from overtime_special_duty; delete from overtime_interview_request;
      delete from delivery; delete from overtime_alert_action; delete from overtime_alert;
      delete from attendance_month; delete from overtime_month; delete from overtime_year;`);
    settings = parseOvertimeSettings({
      healthManagerContact: { employeeNo: 'D00001', label: '健康管理医 山田' },
    });
    outbox = await startTestOutbox(t.db);
    sent = outbox.sent as unknown as { oid: string; card: Card }[];
    deps = {
      db: t.db,
      messenger: outbox.messenger,
      cards: overtimeCards,
      logger: createLogger('silent'),
      now: () => clock,
      settings: async () => settings,
      alert100Exempt: async () => true,
    };
    outbox.worker.register(overtimeAlertPurpose(deps));
  });
  afterEach(() => outbox.stop());
  /** Everything the alerts enqueued has reached the (fake) connector. */
  const deliverDue = () => outbox.drained();

  const setKind = async (employeeNo: string, heteronomous: boolean) => {
    const p = await person(t.db, employeeNo);
    await t.db.query(sql`update section set heteronomous = ${heteronomous} where id = ${p.section_id}`);
  };

  it('自律 section: the manager gets the 特例業務 card at 46 h, designates it, HR sees it by bureau and reason', async () => {
    await setKind('D00003', false);
    await importMonth(t.db, 'D00003', '2026-05', 46);
    await raiseAlerts(deps, ['2026-05']);
    await deliverDue();
    const chief = await person(t.db, 'D00002');
    const card = sent.find((s) => s.oid === chief.oid && text(s.card).includes('特例業務'))?.card;
    expect(card).toBeDefined();
    expect(text(card!)).toContain('国会対応業務');
    expect(text(card!)).toContain('45時間');
    const action = card!.actions?.find((a) => a.verb === 'overtime.specialDuty.designate');
    const alertId = Number(action?.data?.alertId);

    // Someone else may not designate; "other" needs words; an unknown reason is refused.
    const kenta = await person(t.db, 'D00003');
    await expect(
      designateSpecialDuty(deps, { id: kenta.id, locale: 'ja' }, { alertId, reason: 'diet' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      designateSpecialDuty(deps, { id: chief.id, locale: 'ja' }, { alertId, reason: 'other' }),
    ).rejects.toMatchObject({ code: 'bad_request' });
    await expect(
      designateSpecialDuty(deps, { id: chief.id, locale: 'ja' }, { alertId, reason: 'nope' }),
    ).rejects.toMatchObject({ code: 'bad_request' });

    const done = await designateSpecialDuty(
      deps,
      { id: chief.id, locale: 'ja' },
      { alertId, reason: 'diet' },
    );
    expect(done.kind).toBe('recorded');
    expect(done.designation.reasonLabel).toBe('国会対応業務');
    const again = await designateSpecialDuty(
      deps,
      { id: chief.id, locale: 'ja' },
      { alertId, reason: 'budget' },
    );
    expect(again.kind).toBe('already');
    expect(again.designation.reasonCode).toBe('diet');

    const report = await specialDutyByBureau(t.db, 2026);
    expect(report.some((r) => r.reason_code === 'diet' && r.excesses === 1 && r.people === 1)).toBe(true);
  });

  it('他律 section: 99 h asks nothing, 100 h asks for 特例業務 (100時間未満)', async () => {
    await setKind('D00003', true);
    await importMonth(t.db, 'D00003', '2026-05', 99);
    await raiseAlerts(deps, ['2026-05']);
    const [{ n: before }] = (await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from overtime_alert where level like 'over_%'`,
    )) as [{ n: number }];
    expect(before).toBe(0);
    await importMonth(t.db, 'D00003', '2026-05', 100);
    await raiseAlerts(deps, ['2026-05']);
    const rows = await t.db.query<{ level: string }>(
      sql`select level from overtime_alert where level like 'over_%'`,
    );
    expect(rows.map((r) => r.level)).toEqual(['over_month_cap']);
    await deliverDue();
    const chief = await person(t.db, 'D00002');
    expect(sent.some((s) => s.oid === chief.oid && text(s.card).includes('100時間未満'))).toBe(true);
    await setKind('D00003', false);
  });

  it('a mover from 他律 to 自律 keeps the 720 h year: 400 h by May is no annual breach', async () => {
    const kenta = await person(t.db, 'D00003');
    const [het] = await t.db.query<{ id: string }>(
      sql`select id from section where id <> ${kenta.section_id} order by id limit 1`,
    );
    await t.db.query(sql`update section set heteronomous = true where id = ${het!.id}`);
    await t.db.query(sql`update section set heteronomous = false where id = ${kenta.section_id}`);
    await t.db.query(sql`update employee set section_id = ${het!.id} where id = ${kenta.id}`);
    await importMonth(t.db, 'D00003', '2026-04', 360);
    await t.db.query(sql`update employee set section_id = ${kenta.section_id} where id = ${kenta.id}`);
    await importMonth(t.db, 'D00003', '2026-05', 40);
    await raiseAlerts(deps, ['2026-05']);
    const levels = async () =>
      (
        await t.db.query<{ level: string }>(
          sql`select level from overtime_alert where employee_id = ${kenta.id} and period >= '2026-04-01'`,
        )
      ).map((r) => r.level);
    expect(await levels()).not.toContain('over_annual_cap');
    expect(await levels()).not.toContain('annual360');

    // Control: had April been worked in this 自律 section, 400 h would breach the 360 h year.
    await t.db.exec('delete from delivery; delete from overtime_alert;');
    await t.db.query(sql`update section set heteronomous = false where id = ${het!.id}`);
    await raiseAlerts(deps, ['2026-05']);
    expect(await levels()).toContain('over_annual_cap');
    expect(await levels()).toContain('annual360');
  });

  it('from 80 h the employee can ask for 面接指導; it reaches the 健康管理医 contact, once', async () => {
    await setKind('D00003', false);
    await importMonth(t.db, 'D00003', '2026-05', 82);
    await raiseAlerts(deps, ['2026-05']);
    await deliverDue();
    const kenta = await person(t.db, 'D00003');
    const notice = sent.find((s) => s.oid === kenta.oid && text(s.card).includes('80時間に達しました'))?.card;
    const offer = notice?.actions?.find((a) => a.verb === 'overtime.interview.request');
    expect(offer).toBeDefined();
    expect(text(notice!)).toContain('健康管理医');
    expect(text(notice!)).not.toContain('産業医');
    // The manager's copy of the 80 h alert carries no offer: the request is the employee's.
    const chief = await person(t.db, 'D00002');
    const toChief = sent.find(
      (s) => s.oid === chief.oid && text(s.card).includes('80時間に達しました'),
    )?.card;
    expect(toChief?.actions?.some((a) => a.verb === 'overtime.interview.request') ?? false).toBe(false);

    const alertId = Number(offer!.data!.alertId);
    await expect(requestInterview(deps, { id: chief.id, locale: 'ja' }, alertId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const before = sent.length;
    const r = await requestInterview(deps, { id: kenta.id, locale: 'ja' }, alertId);
    expect(r).toMatchObject({ status: 'sent', already: false, contactLabel: '健康管理医 山田' });
    const doctor = await person(t.db, 'D00001');
    const toDoctor = sent.slice(before).filter((s) => s.oid === doctor.oid);
    expect(toDoctor).toHaveLength(1);
    expect(text(toDoctor[0]!.card)).toContain('面接指導の申出');
    expect((await requestInterview(deps, { id: kenta.id, locale: 'ja' }, alertId)).already).toBe(true);
    expect(sent.length).toBe(before + 1);
  });

  it('without a contact in 設定 the request is still recorded and says HR will follow up', async () => {
    settings = parseOvertimeSettings({});
    await importMonth(t.db, 'D00003', '2026-05', 82);
    await raiseAlerts(deps, ['2026-05']);
    const kenta = await person(t.db, 'D00003');
    const [alert] = await t.db.query<{ id: number }>(
      sql`select id from overtime_alert where employee_id = ${kenta.id} and level = 'month80'`,
    );
    const r = await requestInterview(deps, { id: kenta.id, locale: 'ja' }, alert!.id);
    expect(r.status).toBe('no_contact');
    const rows = await t.db.query(
      sql`select 1 from overtime_interview_request where alert_id = ${alert!.id}`,
    );
    expect(rows).toHaveLength(1);
  });
});
