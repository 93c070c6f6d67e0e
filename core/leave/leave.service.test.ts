import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { startTestOutbox, type TestOutbox } from '../../test/harness/outbox.ts';
import { buildViewer } from '../access/viewer.ts';
import { storeDays } from '../attendance/attendance-import.service.ts';
import type { Db } from '../db/db.ts';
import { openPostgres } from '../db/postgres.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeByNo } from '../org/org.repository.ts';
import type { EmployeeProfile } from '../org/org.table.ts';
import { writeSetting } from '../settings/settings.repository.ts';
import { createLogger } from '../shared/logger.ts';
import { createCampaign } from './campaign.service.ts';
import { findPlan, recordTakenLeave, savePlanVersion } from './leave-plan.repository.ts';
import { submitPlan } from './leave-plan.service.ts';
import { runLeaveReminders } from './leave-reminders.service.ts';
import { runMidYearNudge } from './mid-year-nudge.service.ts';
import { plannedVsTakenFor } from './section-plan.service.ts';

/** The leave services against a real database (PGlite by default, PostgreSQL with DATABASE_URL). */

const at = (date: string, time: string) => new Date(`${date}T${time}:00+09:00`);
const logger = createLogger('silent');

let outboxes: TestOutbox[] = [];
/** The real outbox with a recording connector: the outbox is what makes a reminder once-only. */
async function recordingMessenger(db?: Db) {
  const outbox = await startTestOutbox(db ?? current!.db);
  outboxes.push(outbox);
  return outbox;
}
let current: TestDatabase | undefined;

const reminderCards = {
  reminder: (m: { campaign: { id: string } }, _p: unknown, slot: string) => ({
    kind: 'reminder',
    slot,
    campaignId: m.campaign.id,
  }),
  lowResponse: () => ({ kind: 'low-response' }),
  sectionTable: () => ({ kind: 'section-table' }),
};

describe('leave services on a database', () => {
  let d: TestDatabase;
  let staff: EmployeeProfile;
  let chief: EmployeeProfile;
  let hr: EmployeeProfile;
  let wlb: EmployeeProfile;

  beforeAll(async () => {
    d = await createTestDatabase();
    current = d;
    await writeDemoOrg(d.db, 80);
    const get = async (no: string) => {
      const e = await findEmployeeByNo(d.db, no);
      if (!e) throw new Error(`no ${no}`);
      return e;
    };
    [hr, chief, staff, wlb] = await Promise.all([get('D00001'), get('D00002'), get('D00003'), get('D00005')]);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(outboxes.map((o) => o.stop()));
    outboxes = [];
  });
  afterAll(() => d?.drop());

  const gw = (targets: Record<string, unknown>) => ({
    kind: 'gw',
    year: 2027,
    targets,
    openingDate: '2027-03-01',
    deadline: '2027-04-09',
    message: { ja: 'GWの計画を' },
  });

  it('lets a WLB officer open a campaign for their own bureau only', async () => {
    const viewer = await buildViewer(d.db, wlb);
    const [other] = await d.db.query<{ id: string }>(
      sql`select id from section where bureau_id <> ${wlb.bureau.id} limit 1`,
    );
    await expect(
      createCampaign(
        d.db,
        { kind: 'viewer', viewer },
        gw({ sectionIds: [other?.id] }),
        at('2027-02-01', '10:00'),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      createCampaign(
        d.db,
        { kind: 'viewer', viewer },
        gw({ ministryId: 'ministry' }),
        at('2027-02-01', '10:00'),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const own = await createCampaign(
      d.db,
      { kind: 'viewer', viewer },
      gw({ bureauIds: [wlb.bureau.id] }),
      at('2027-02-01', '10:00'),
    );
    expect(own.bureauScope).toBe(wlb.bureau.id);
    expect(own.period).toEqual({ start: '2027-04-29', end: '2027-05-05' });
  });

  it('names an unknown target in a field error and stores no campaign', async () => {
    const viewer = await buildViewer(d.db, hr);
    const before = await d.db.query(sql`select id from leave_campaign`);
    await expect(
      createCampaign(
        d.db,
        { kind: 'viewer', viewer },
        gw({ sectionIds: ['00000000-0000-4000-8000-000000000000'] }),
        at('2027-02-01', '10:00'),
      ),
    ).rejects.toMatchObject({ code: 'bad_request', fields: [{ where: 'targets.sectionIds[0]' }] });
    expect(await d.db.query(sql`select id from leave_campaign`)).toHaveLength(before.length);
  });

  it('refuses a save from a stale card instead of overwriting a newer version, and keeps every version', async () => {
    const campaign = await createCampaign(
      d.db,
      { kind: 'cli', label: 'test' },
      gw({ sectionIds: [staff.section.id] }),
      at('2027-02-01', '10:00'),
    );
    const now = at('2027-03-02', '10:00');
    await submitPlan(
      d.db,
      staff,
      {
        campaignId: campaign.id,
        baseVersion: null,
        submission: { entries: [{ date: '2027-04-30', kind: 'annual_full' }] },
      },
      now,
    );
    await expect(
      submitPlan(
        d.db,
        staff,
        { campaignId: campaign.id, baseVersion: null, submission: { entries: [] } },
        now,
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    await submitPlan(
      d.db,
      staff,
      {
        campaignId: campaign.id,
        baseVersion: 1,
        submission: { entries: [{ date: '2027-04-30', kind: 'annual_pm' }] },
      },
      now,
    );
    const plan = await findPlan(d.db, campaign.id, staff.id);
    expect(plan?.version).toBe(2);
    expect(plan?.entries).toEqual([{ date: '2027-04-30', kind: 'annual_pm' }]);
    const versions = await d.db.query(
      sql`select version from leave_plan_version where plan_id = ${plan?.id}`,
    );
    expect(versions).toHaveLength(2);
  });

  it('after downtime sends only the latest missed reminder, once, and nothing after the deadline', async () => {
    const campaign = await createCampaign(
      d.db,
      { kind: 'cli', label: 'test' },
      { ...gw({ sectionIds: [chief.section.id] }), message: { ja: 'downtime' } },
      at('2027-02-01', '10:00'),
    );
    const { sent, messenger } = await recordingMessenger();
    const deps = { db: d.db, messenger, cards: reminderCards, logger };
    // The server was down from the opening until the 3-days-before reminder was due.
    await runLeaveReminders(deps, at('2027-04-06', '10:00'));
    const slots = sent.filter((s) => s.card.kind === 'reminder').map((s) => s.card.slot);
    expect(new Set(slots)).toEqual(new Set(['deadline-3d']));
    const count = sent.length;
    await runLeaveReminders(deps, at('2027-04-06', '11:00'));
    expect(sent).toHaveLength(count);
    // Down again over the 1-day reminder until after the deadline: nothing is sent late.
    await runLeaveReminders(deps, at('2027-04-12', '10:00'));
    expect(sent.filter((s) => s.card.kind === 'reminder')).toHaveLength(slots.length);
    expect(campaign.id).toBeTruthy();
  });

  it('sends each reminder once when two app instances (separate connection pools) run the job at the same moment', async () => {
    const campaign = await createCampaign(
      d.db,
      { kind: 'cli', label: 'test' },
      { ...gw({ bureauIds: [staff.bureau.id] }), openingDate: '2027-03-15', message: { ja: 'race' } },
      at('2027-02-01', '10:00'),
    );
    // On the real server the second instance has its own pool; PGlite has one connection to share.
    const second = d.url && d.schema ? openPostgres(d.url, d.schema, 4) : d.db;
    try {
      const a = await recordingMessenger();
      const b = await recordingMessenger(second);
      const now = at('2027-03-15', '09:31');
      await Promise.all([
        runLeaveReminders({ db: d.db, messenger: a.messenger, cards: reminderCards, logger }, now),
        runLeaveReminders({ db: second, messenger: b.messenger, cards: reminderCards, logger }, now),
      ]);
      const oids = [...a.sent, ...b.sent].filter((s) => s.card.campaignId === campaign.id).map((s) => s.oid);
      const [targets] = await d.db.query<{ n: number }>(sql`
        select count(*)::int as n from employee e join section s on s.id = e.section_id
         where s.bureau_id = ${staff.bureau.id} and e.active and e.entra_oid is not null`);
      expect(oids.length).toBe(targets?.n);
      expect(new Set(oids).size).toBe(oids.length);
    } finally {
      if (second !== d.db) await second.close();
    }
  });

  it('holds a reminder for someone in their quiet hours and sends it at a later run of the same slot', async () => {
    const campaign = await createCampaign(
      d.db,
      { kind: 'cli', label: 'test' },
      { ...gw({ sectionIds: [staff.section.id] }), openingDate: '2027-03-08', message: { ja: 'quiet' } },
      at('2027-02-01', '10:00'),
    );
    await d.db.query(sql`insert into employee_preference (employee_id, quiet_start, quiet_end) values (${staff.id}, '09:00', '10:00')
                         on conflict (employee_id) do update set quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end`);
    const { sent, messenger } = await recordingMessenger();
    const deps = { db: d.db, messenger, cards: reminderCards, logger };
    const mine = () => sent.filter((s) => s.oid === staff.entraOid && s.card.campaignId === campaign.id);
    await runLeaveReminders(deps, at('2027-03-08', '09:35'));
    expect(mine()).toHaveLength(0);
    expect(sent.length).toBeGreaterThan(0);
    await runLeaveReminders(deps, at('2027-03-08', '10:05'));
    await runLeaveReminders(deps, at('2027-03-08', '10:15'));
    expect(mine().map((s) => s.card.slot)).toEqual(['opening']);
    const [row] = await d.db.query<{ status: string }>(
      sql`select state as status from delivery where purpose = 'leave.reminder' and subject = ${`${campaign.id}:opening`} and recipient = ${staff.entraOid}`,
    );
    expect(row?.status).toBe('sent');
  });

  it('delivers a reminder that a crashed run left in flight exactly once, seconds after its lease, at the next run', async () => {
    const campaign = await createCampaign(
      d.db,
      { kind: 'cli', label: 'test' },
      { ...gw({ sectionIds: [staff.section.id] }), openingDate: '2027-03-09', message: { ja: 'crash' } },
      at('2027-02-01', '10:00'),
    );
    // The instance that ran the job was killed (kill -9) with staff's card on the wire: its
    // claim's lease ran out and nobody recorded an outcome.
    await d.db.query(sql`
      insert into delivery (purpose, subject, recipient, state, attempts, ready_at, aad_object_id, card, claimed_by)
      values ('leave.reminder', ${`${campaign.id}:opening`}, ${staff.entraOid}, 'in_flight', 1, now() - interval '1 second',
              ${staff.entraOid}, ${JSON.stringify({ kind: 'reminder', slot: 'opening', campaignId: campaign.id })}::jsonb, 'dead')`);
    const { sent, messenger } = await recordingMessenger();
    const deps = { db: d.db, messenger, cards: reminderCards, logger };
    await runLeaveReminders(deps, at('2027-03-09', '10:05'));
    await runLeaveReminders(deps, at('2027-03-09', '10:35'));
    const mine = sent.filter((s) => s.oid === staff.entraOid && s.card.campaignId === campaign.id);
    expect(mine.map((s) => s.card.slot)).toEqual(['opening']);
    const [row] = await d.db.query<{ state: string; attempts: number }>(
      sql`select state, attempts from delivery where purpose = 'leave.reminder' and subject = ${`${campaign.id}:opening`} and recipient = ${staff.entraOid}`,
    );
    expect(row).toEqual({ state: 'sent', attempts: 2 });
  });

  it('compares planned with taken leave for the person and for their manager’s section', async () => {
    const campaign = await createCampaign(
      d.db,
      { kind: 'cli', label: 'test' },
      { ...gw({ sectionIds: [staff.section.id] }), message: { ja: 'pvt' } },
      at('2027-02-01', '10:00'),
    );
    await savePlanVersion(d.db, {
      campaignId: campaign.id,
      employeeId: staff.id,
      baseVersion: null,
      entries: [{ date: '2027-04-30', kind: 'annual_full' }],
      note: null,
      submittedBy: staff.id,
    });
    await recordTakenLeave(d.db, [{ employeeId: staff.id, date: '2027-04-30', kind: 'annual', days: 1 }]);
    const mine = await plannedVsTakenFor(d.db, await buildViewer(d.db, staff), campaign.id);
    expect(mine.me).toMatchObject({ plannedDays: 1, takenDays: 1, adherence: 1 });
    expect(mine.sections).toEqual([]);
    const chiefView = await plannedVsTakenFor(d.db, await buildViewer(d.db, chief), campaign.id);
    expect(chiefView.sections).toHaveLength(1);
    expect(chiefView.sections[0]).toMatchObject({
      sectionId: staff.section.id,
      plannedDays: 1,
      plannedTakenDays: 1,
      responded: 1,
    });
  });

  it('counts leave from the attendance import (休暇種別 with days or hours) as taken', async () => {
    const campaign = await createCampaign(
      d.db,
      { kind: 'cli', label: 'test' },
      { ...gw({ sectionIds: [chief.section.id] }), message: { ja: 'att' } },
      at('2027-02-01', '10:00'),
    );
    await savePlanVersion(d.db, {
      campaignId: campaign.id,
      employeeId: chief.id,
      baseVersion: null,
      entries: [{ date: '2027-04-30', kind: 'annual_full' }],
      note: null,
      submittedBy: chief.id,
    });
    const off = {
      line: 1,
      employeeNo: chief.employeeNo,
      startTime: null,
      endTime: null,
      endsNextDay: false,
      overtimeMinutes: 0,
      inOfficeMinutes: null,
      logonAt: null,
      logoffAt: null,
    };
    await storeDays(
      d.db,
      [
        { ...off, date: '2027-04-30', leaveType: '年次休暇', leaveDays: null, leaveMinutes: 232 },
        { ...off, date: '2027-05-06', leaveType: '病気休暇', leaveDays: 1, leaveMinutes: null },
      ],
      { id: null, label: 'test' },
      { source: 'api' },
    );
    const view = await plannedVsTakenFor(d.db, await buildViewer(d.db, chief), campaign.id);
    // 232 of 465 minutes is (about) half of the one planned day; a sick day after the period does not count.
    expect(view.me).toMatchObject({ plannedDays: 1, takenDays: 0.499, plannedTakenDays: 0.499 });
  });

  it('nudges everyone under 5 days at the end of June once, and gives managers a count suppressed for small teams', async () => {
    await recordTakenLeave(
      d.db,
      ['2027-01-12', '2027-02-15', '2027-03-15', '2027-04-15', '2027-05-17'].map((date) => ({
        employeeId: staff.id,
        date,
        kind: 'annual' as const,
        days: 1,
      })),
    );
    const { sent, messenger } = await recordingMessenger();
    const cards = {
      person: (_l: string, days: number) => ({ kind: 'person', days }),
      manager: (_l: string, nudged: number | string, size: number) => ({ kind: 'manager', nudged, size }),
    };
    const deps = { db: d.db, messenger, cards, logger };
    expect(await runMidYearNudge(deps, at('2027-06-29', '09:30'))).toEqual({ people: 0, managers: 0 });
    await runMidYearNudge(deps, at('2027-06-30', '09:35'));
    await runMidYearNudge(deps, at('2027-06-30', '10:35'));
    const oids = sent.filter((s) => s.card.kind === 'person').map((s) => s.oid);
    expect(new Set(oids).size).toBe(oids.length);
    expect(oids).not.toContain(staff.entraOid);
    const chiefCard = sent.find((s) => s.oid === chief.entraOid && s.card.kind === 'manager')?.card;
    expect(chiefCard).toBeDefined();
    const teamSize = Number(chiefCard?.size);
    if (teamSize < 5) expect(chiefCard?.nudged).toBe('<5');
    else expect(typeof chiefCard?.nudged).toBe('number');
    // Someone whose direct team is under the floor sees "<5", never a number.
    for (const s of sent)
      if (s.card.kind === 'manager' && Number(s.card.size) < 5) expect(s.card.nudged).toBe('<5');
    expect(sent.some((s) => s.card.kind === 'manager' && Number(s.card.size) < 5)).toBe(true);
  });
  it("counts a manager's nudged team under the floor set in 設定, not the deployment's environment", async () => {
    const { sent, messenger } = await recordingMessenger();
    const cards = {
      person: (_l: string, days: number) => ({ kind: 'person', days }),
      manager: (_l: string, nudged: number | string, size: number) => ({ kind: 'manager', nudged, size }),
    };
    await writeSetting(d.db, 'privacy', { minGroupSize: 50 }, hr.id);
    try {
      await runMidYearNudge({ db: d.db, messenger, cards, logger }, at('2028-06-30', '09:35'));
    } finally {
      await writeSetting(d.db, 'privacy', { minGroupSize: 5 }, hr.id);
    }
    const managerCards = sent.filter((s) => s.card.kind === 'manager').map((s) => s.card);
    expect(managerCards.length).toBeGreaterThan(0);
    // Every demo team is under 50 people: each count is "<50", never a number nor the env's "<5".
    for (const card of managerCards) expect(card.nudged).toBe('<50');
  });
});
