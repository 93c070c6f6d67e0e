import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { invalidateDisclosures } from '../access/disclosure.service.ts';
import { accessScope } from '../access/scope.ts';
import { buildViewer } from '../access/viewer.ts';
import { storeDays } from '../attendance/attendance-import.service.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { createOutboxMessenger } from '../delivery/outbox.messenger.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import { AppError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import { sendLeaveOnTimeNudges, sendStillWorkingLists } from './leave-on-time.service.ts';
import type { LeaveReport } from './leave-report.service.ts';
import { sendJanuaryLeaveReports } from './leave-report.service.ts';
import { isOfficeGap, officeGap } from './office-gap.rules.ts';
import { answerGapFromCard, sendGapConfirmations } from './office-gap-cards.service.ts';
import { shortRests } from './rest-interval.rules.ts';
import { sendMorningRestCards, sendWeeklyRestCounts, type WellbeingDeps } from './rest-morning.service.ts';
import { signalsView } from './wellbeing.service.ts';
import { employeeNos, generateAttendance } from './wellbeing.test-data.ts';
import { PURPOSE, type WellbeingCards } from './wellbeing-messages.types.ts';

/** Japan time instant. */
const at = (date: string, time: string) => new Date(`${date}T${time}:00+09:00`);

/** Cards that record what they were given, so the test reads the figures the manager would see. */
const recordingCards = (): WellbeingCards => ({
  morningRest: (_locale, rest, lateStart) => ({ kind: 'morning', rest, lateStart }),
  weeklyRestCount: (_locale, week, rows, floor) => ({ kind: 'weekly', week, rows, floor }),
  gapConfirmation: (_locale, item) => ({ kind: 'gap', item }),
  leaveOnTimeNudge: (_locale, date) => ({ kind: 'nudge', date }),
  stillWorking: (_locale, _date, _endsAt, people) => ({ kind: 'list', people }),
  leaveReport: (_locale, report) => ({ kind: 'leaveReport', report }),
});

describe('the wellbeing messages, through the one outbox', () => {
  let database: TestDatabase;
  let db: Db;
  let generated: ReturnType<typeof generateAttendance>;
  const room: string[] = [];
  let roomSectionId: string;
  let partialManager: string;

  /** A process: its own outbox messenger over the same database (no sender here: rows stay due). */
  const deps = (): WellbeingDeps => ({
    db,
    messenger: createOutboxMessenger(db, { nudge() {}, onSettled: () => () => {} }, { waitMs: 5 }),
    cards: recordingCards(),
    logger: createLogger('silent'),
  });
  const rows = (purpose: string) =>
    db.query<{ subject: string; recipient: string; card: Record<string, unknown> }>(sql`
      select subject, recipient, card from delivery where purpose = ${purpose} order by recipient`);
  const oidOf = async (id: string) =>
    (await db.query<{ oid: string }>(sql`select entra_oid::text as oid from employee where id = ${id}`))[0]!
      .oid;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await writeDemoOrg(db, 300);
    // A 4-person room in B02 under the bureau's head; one of them reports to a section chief elsewhere.
    const [bureau] = await db.query<{ id: string }>(sql`select id from bureau where code = 'B02'`);
    const [section] = await db.query<{ id: string }>(sql`
      insert into section (bureau_id, code, name) values (${bureau!.id}, 'B02-9004', '四人室') returning id::text as id`);
    roomSectionId = section!.id;
    const [head] = await db.query<{ id: string }>(sql`
      select e.id from employee e join section s on s.id = e.section_id where s.bureau_id = ${bureau!.id} and e.manager_id is null limit 1`);
    const [chief] = await db.query<{ id: string }>(sql`
      select m.id::text as id from employee m join section s on s.id = m.section_id
       where s.bureau_id = ${bureau!.id} and m.manager_id is not null
         and exists (select 1 from employee e where e.manager_id = m.id) order by m.employee_no limit 1`);
    partialManager = chief!.id;
    for (let i = 0; i < 4; i++) {
      const [p] = await db.query<{ id: string }>(sql`
        insert into employee (employee_no, entra_oid, family_name, given_name, section_id, manager_id, is_managerial)
        values (${`R4-${i}`}, gen_random_uuid(), '室', ${`R4-${i}`}, ${roomSectionId}, ${i === 0 ? partialManager : head!.id}, false)
        returning id::text as id`);
      room.push(p!.id);
    }
    generated = generateAttendance(await employeeNos(db), '2026-09-20', '2026-10-31');
    // Everyone in the room ends late on Tuesday 10-06: short rests in the week of 10-05.
    for (const d of generated)
      if (d.employeeNo.startsWith('R4-') && d.date === '2026-10-06' && d.startTime) {
        d.endTime = '23:30';
        d.endsNextDay = false;
      }
    await storeDays(db, generated, { id: null, label: 'test' }, { source: 'api' });
    invalidateDisclosures();
  }, 180_000);
  afterAll(() => database?.drop());

  it('sends the morning card to exactly the people whose last day ended after 21:30, once, from two processes', async () => {
    const now = at('2026-10-07', '08:40');
    const people = await db.query<{ employee_no: string; oid: string }>(
      sql`select employee_no, entra_oid::text as oid from employee where active and entra_oid is not null`,
    );
    const oid = new Map(people.map((p) => [p.employee_no, p.oid]));
    // Independent: Tuesday's declared end after 21:30 (or after midnight) leaves under 11 h to 08:30.
    const expected = generated
      .filter((d) => d.date === '2026-10-06' && d.startTime && d.endTime && oid.has(d.employeeNo))
      .filter((d) => d.endsNextDay || d.endTime! > '21:30')
      .map((d) => oid.get(d.employeeNo)!)
      .sort();
    expect(expected.length).toBeGreaterThan(4);
    await Promise.all([sendMorningRestCards(deps(), now), sendMorningRestCards(deps(), now)]);
    await sendMorningRestCards(deps(), now);
    const sent = await rows(PURPOSE.morningRest);
    expect(sent.map((r) => r.recipient).sort()).toEqual(expected);
    expect(new Set(sent.map((r) => r.subject))).toEqual(new Set(['morning:2026-10-07']));
    // 遅出 is not promised anywhere until 設定 names a section (fail closed).
    expect(sent.every((r) => (r.card as { lateStart: boolean }).lateStart === false)).toBe(true);
    // Not on a holiday morning, and nothing in quiet hours (07:30).
    expect(await sendMorningRestCards(deps(), at('2026-11-03', '08:40'))).toBe(0);
    expect(await sendMorningRestCards(deps(), at('2026-10-08', '07:30'))).toBe(0);
  });

  it('sends no morning card to someone whose leave plan has them off that morning; an afternoon off still gets it', async () => {
    const people = await db.query<{ id: string; employee_no: string; oid: string }>(sql`
      select id::text as id, employee_no, entra_oid::text as oid from employee
       where active and entra_oid is not null and id not in (select employee_id from employee_preference)`);
    const byNo = new Map(people.map((p) => [p.employee_no, p]));
    // Two working days in a row with at least three people ending late on the first (the generated
    // days vary); not the 14th, the 定時退庁日 of the nudge test.
    const [before, day] = (
      [
        ['2026-10-19', '2026-10-20'],
        ['2026-10-21', '2026-10-22'],
        ['2026-10-26', '2026-10-27'],
        ['2026-10-28', '2026-10-29'],
      ] as const
    ).find(
      ([b]) =>
        generated.filter(
          (d) =>
            d.date === b && d.startTime && (d.endsNextDay || d.endTime! > '21:30') && byNo.has(d.employeeNo),
        ).length >= 3,
    )!;
    const late = generated
      .filter((d) => d.date === before && d.startTime && (d.endsNextDay || d.endTime! > '21:30'))
      .map((d) => byNo.get(d.employeeNo))
      .filter((p) => p !== undefined)
      .slice(0, 3);
    const [campaign] = await db.query<{ id: string }>(sql`
      insert into leave_campaign (kind, title, period_start, period_end, opening_date, deadline, message_ja, allowed_kinds)
      values ('custom', '十月', '2026-10-01', '2026-10-31', '2026-09-01', '2026-09-20', '休暇を', '{annual}')
      returning id::text as id`);
    for (const [i, kind] of (['annual_am', 'annual_full', 'annual_pm'] as const).entries()) {
      const [plan] = await db.query<{ id: string }>(sql`
        insert into leave_plan (campaign_id, employee_id, current_version)
        values (${campaign!.id}, ${late[i]!.id}, 1) returning id::text as id`);
      await db.query(sql`insert into leave_plan_version (plan_id, version) values (${plan!.id}, 1)`);
      await db.query(
        sql`insert into leave_plan_day (plan_id, version, day, kind) values (${plan!.id}, 1, ${day}, ${kind})`,
      );
    }
    await sendMorningRestCards(deps(), at(day, '08:40'));
    const sent = new Set(
      (await rows(PURPOSE.morningRest)).filter((r) => r.subject === `morning:${day}`).map((r) => r.recipient),
    );
    expect(sent.has(late[0]!.oid)).toBe(false); // 午前休: no start to move
    expect(sent.has(late[1]!.oid)).toBe(false); // 終日
    expect(sent.has(late[2]!.oid)).toBe(true); // 午後休: comes in the morning
  });

  it("gives a manager last week's counts per section, and '<floor' for a room they know one person of", async () => {
    await sendWeeklyRestCounts(deps(), at('2026-10-12', '09:10'));
    const cards = await rows(PURPOSE.weeklyRest);
    const partialOid = await oidOf(partialManager);
    const card = cards.find((c) => c.recipient === partialOid)?.card as
      | { rows: { sectionName: string; count: number | null }[]; floor: number }
      | undefined;
    expect(card).toBeDefined();
    // The room has 4 people, the manager knows one: no number, whatever the count (here 4 short rests).
    expect(card!.rows.find((r) => r.sectionName === '四人室')?.count).toBeNull();
    // Their own sections: the numbers equal an independent count over the generated days.
    const employee = await findEmployeeById(db, partialManager);
    const scope = await accessScope(db, await buildViewer(db, employee!));
    const nm = await db.query<{ employee_no: string; section: string }>(sql`
      select e.employee_no, s.name as section from employee e join section s on s.id = e.section_id where not e.is_managerial`);
    const sectionOf = new Map(nm.map((r) => [r.employee_no, r.section]));
    const bySection = new Map<string, number>();
    for (const [no, days] of Map.groupBy(generated, (d) => d.employeeNo)) {
      if (!sectionOf.has(no)) continue;
      const punches = days.map((d) => ({
        date: d.date,
        start: d.startTime,
        end: d.endTime,
        endsNextDay: d.endsNextDay,
        onLeave: d.leaveDays === 1,
      }));
      const n = shortRests(punches, 11).filter(
        (r) => r.before >= '2026-10-05' && r.before <= '2026-10-11',
      ).length;
      bySection.set(sectionOf.get(no)!, (bySection.get(sectionOf.get(no)!) ?? 0) + n);
    }
    const shown = card!.rows.filter((r) => r.count !== null);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBe(scope.managedSectionIds.size - 1);
    for (const r of shown) expect(r.count).toBe(bySection.get(r.sectionName) ?? 0);
    // Once per manager and week.
    await sendWeeklyRestCounts(deps(), at('2026-10-12', '10:10'));
    expect(await rows(PURPOSE.weeklyRest)).toHaveLength(cards.length);
  });

  it("attack: the 4-person room's count cannot be had as the bureau's total minus the shown sections", async () => {
    const [hr] = await db.query<{ id: string }>(sql`select id from employee order by employee_no limit 1`);
    await db.query(
      sql`insert into role_assignment (employee_id, role, bureau_id) values (${hr!.id}, 'hr', null) on conflict do nothing`,
    );
    const view = await signalsView(
      db,
      await accessScope(db, await buildViewer(db, (await findEmployeeById(db, hr!.id))!)),
      '2026-10',
    );
    const roomCell = view.sections.find((s) => s.id === roomSectionId)!;
    expect(roomCell.hidden).not.toBeNull();
    expect(roomCell.shortRests).toBeNull();
    const bureau = view.bureaus.find((b) => b.id === roomCell.bureauId)!;
    if (bureau.hidden === null) {
      // What total − shown sections gives is the sum over the hidden sections: it must cover ≥ floor people.
      const hiddenIds = view.sections
        .filter((s) => s.bureauId === bureau.id && s.hidden !== null)
        .map((s) => s.id);
      const [size] = await db.query<{ n: number }>(sql`
        select coalesce(sum(nm_staff_count), 0)::int as n from overtime_section_month
         where month = '2026-10-01' and section_id = any(${hiddenIds}::uuid[])`);
      expect(hiddenIds.length).toBeGreaterThan(1);
      expect(size!.n).toBeGreaterThanOrEqual(view.minGroupSize);
    }
  });

  it('asks the direct manager about each unanswered gap once; only that manager may answer, refusals audited', async () => {
    const now = at('2026-10-08', '09:05');
    const gapDays = generated.filter((d) => {
      if (d.date < '2026-10-01' || d.date > '2026-10-07' || !d.startTime) return false;
      const g = officeGap({
        date: d.date,
        start: d.startTime,
        end: d.endTime,
        endsNextDay: d.endsNextDay,
        onLeave: false,
        logonAt: d.logonAt,
        logoffAt: d.logoffAt,
      });
      return isOfficeGap(g, 30);
    });
    expect(gapDays.length).toBeGreaterThan(0);
    // One gap answered before the run: no card for it.
    const first = gapDays[0]!;
    const [subject] = await db.query<{ id: string; manager_id: string }>(
      sql`select id::text as id, manager_id::text as manager_id from employee where employee_no = ${first.employeeNo}`,
    );
    await answerGapFromCard({ db }, subject!.manager_id, {
      employeeId: subject!.id,
      date: first.date,
      outcome: 'standby',
    });
    await Promise.all([sendGapConfirmations(deps(), now), sendGapConfirmations(deps(), now)]);
    const sent = await rows(PURPOSE.gap);
    const withManager = await db.query<{ employee_no: string; id: string; moid: string | null }>(sql`
      select e.employee_no, e.id::text as id, m.entra_oid::text as moid from employee e left join employee m on m.id = e.manager_id`);
    const who = new Map(withManager.map((r) => [r.employee_no, r]));
    const expected = gapDays
      .filter((d) => d !== first && who.get(d.employeeNo)?.moid)
      .map((d) => `${who.get(d.employeeNo)!.id}:${d.date}|${who.get(d.employeeNo)!.moid}`)
      .sort();
    expect(sent.map((r) => `${r.subject}|${r.recipient}`).sort()).toEqual(expected);
    // Someone else — even the manager's own manager — is refused, and the refusal is in the audit log.
    const other = sent[0]!;
    const [employeeId, date] = other.subject.split(':') as [string, string];
    const [boss] = await db.query<{ id: string | null }>(sql`
      select m.manager_id::text as id from employee e join employee m on m.id = e.manager_id where e.id = ${employeeId}`);
    const stranger = boss?.id ?? room[1]!;
    await expect(
      answerGapFromCard({ db }, stranger, { employeeId, date, outcome: 'self_study' }),
    ).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'forbidden');
    const denied = await db.query(sql`
      select 1 from audit_log where action = 'wellbeing.gap.review.denied' and actor_id = ${stranger} and target_id = ${employeeId}`);
    expect(denied).toHaveLength(1);
    expect(
      await db.query(
        sql`select 1 from office_gap_review where employee_id = ${employeeId} and work_date = ${date}::date`,
      ),
    ).toHaveLength(0);
  }, 60_000); // ~14 s alone, 31 s once on PostgreSQL with the machine shared by five runs

  it('nudges on a 定時退庁日 only those not opted out, not on leave, outside quiet hours; then lists who stays', async () => {
    const wed = '2026-10-14';
    const people = await db.query<{ id: string; employee_no: string; oid: string }>(
      sql`select id::text as id, employee_no, entra_oid::text as oid from employee where active and entra_oid is not null order by employee_no`,
    );
    const [optedOut, quiet] = [people[3]!, people[4]!];
    await db.query(sql`insert into leave_on_time_opt_out (employee_id) values (${optedOut.id})`);
    await db.query(
      sql`insert into employee_preference (employee_id, quiet_start, quiet_end) values (${quiet.id}, '16:00', '09:00')`,
    );
    const onLeave = new Set(
      generated.filter((d) => d.date === wed && d.leaveDays === 1).map((d) => d.employeeNo),
    );
    expect(onLeave.size).toBeGreaterThan(0);
    // Not before the time, not on a Thursday, not after the hour.
    expect(await sendLeaveOnTimeNudges(deps(), at(wed, '16:00'))).toBe(0);
    expect(await sendLeaveOnTimeNudges(deps(), at('2026-10-15', '16:40'))).toBe(0);
    expect(await sendLeaveOnTimeNudges(deps(), at(wed, '17:20'))).toBe(0);
    await Promise.all([
      sendLeaveOnTimeNudges(deps(), at(wed, '16:40')),
      sendLeaveOnTimeNudges(deps(), at(wed, '16:45')),
    ]);
    const sent = (await rows(PURPOSE.leaveOnTime)).map((r) => r.recipient).sort();
    const expected = people
      .filter((p) => p !== optedOut && p !== quiet && !onLeave.has(p.employee_no))
      .map((p) => p.oid)
      .sort();
    expect(sent).toEqual(expected);

    await sendStillWorkingLists(deps(), at(wed, '18:10'));
    const lists = await rows(PURPOSE.stillWorking);
    const mgr = await db.query<{ employee_no: string; moid: string | null; name: string }>(sql`
      select e.employee_no, m.entra_oid::text as moid, e.family_name || ' ' || e.given_name as name
        from employee e join employee m on m.id = e.manager_id where e.active`);
    const expectedLists = new Map<string, string[]>();
    for (const d of generated.filter((x) => x.date === wed && x.leaveDays !== 1)) {
      const m = mgr.find((r) => r.employee_no === d.employeeNo);
      if (!m?.moid) continue;
      // The declared end when there is one, else the terminal's log-off, else still at work.
      const after = d.endTime
        ? d.endsNextDay || d.endTime > '17:15'
        : d.logoffAt
          ? d.logoffAt > `${wed}T17:15`
          : Boolean(d.startTime || d.logonAt);
      if (!after) continue;
      expectedLists.set(m.moid, [...(expectedLists.get(m.moid) ?? []), m.name]);
    }
    expect(lists.map((l) => l.recipient).sort()).toEqual([...expectedLists.keys()].sort());
    for (const l of lists)
      expect((l.card as { people: { name: string }[] }).people.map((p) => p.name).sort()).toEqual(
        expectedLists.get(l.recipient)!.sort(),
      );
    const audits = await db.query(sql`select 1 from audit_log where action = 'wellbeing.still_working.list'`);
    expect(audits).toHaveLength(lists.length);
  });

  it('does not nudge a person whose leave plan has them off that afternoon or all day; a morning off is back by then', async () => {
    const wed = '2026-11-04';
    const people = await db.query<{ id: string; oid: string }>(sql`
      select id::text as id, entra_oid::text as oid from employee
       where active and entra_oid is not null
         and id not in (select employee_id from leave_on_time_opt_out)
         and id not in (select employee_id from employee_preference)
       order by employee_no desc limit 3`);
    const [campaign] = await db.query<{ id: string }>(sql`
      insert into leave_campaign (kind, title, period_start, period_end, opening_date, deadline, message_ja, allowed_kinds)
      values ('custom', '秋', '2026-11-01', '2026-11-30', '2026-10-01', '2026-10-20', '休暇を', '{annual}')
      returning id::text as id`);
    const kinds = ['annual_pm', 'annual_full', 'annual_am'] as const;
    for (const [i, kind] of kinds.entries()) {
      const [plan] = await db.query<{ id: string }>(sql`
        insert into leave_plan (campaign_id, employee_id, current_version)
        values (${campaign!.id}, ${people[i]!.id}, 1) returning id::text as id`);
      await db.query(sql`insert into leave_plan_version (plan_id, version) values (${plan!.id}, 1)`);
      await db.query(
        sql`insert into leave_plan_day (plan_id, version, day, kind) values (${plan!.id}, 1, ${wed}, ${kind})`,
      );
    }
    await sendLeaveOnTimeNudges(deps(), at(wed, '16:40'));
    const sent = new Set(
      (await rows(PURPOSE.leaveOnTime)).filter((r) => r.subject === `nudge:${wed}`).map((r) => r.recipient),
    );
    expect(sent.size).toBeGreaterThan(100);
    expect(sent.has(people[0]!.oid)).toBe(false); // 午後休: on leave at the nudge time
    expect(sent.has(people[1]!.oid)).toBe(false); // 終日
    expect(sent.has(people[2]!.oid)).toBe(true); // 午前休: at work in the afternoon
  });

  it("sends each executive last year's leave per person in January, once, equal to an independent SQL figure", async () => {
    const [exec] = await db.query<{ id: string; oid: string; bureau_id: string; bureau: string }>(sql`
      select e.id::text as id, e.entra_oid::text as oid, b.id::text as bureau_id, b.name as bureau
        from employee e join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
       where b.code = 'B02' and not exists (select 1 from employee r where r.manager_id = e.id)
       order by e.employee_no limit 1`);
    await db.query(sql`delete from role_assignment where role = 'executive'`);
    await db.query(
      sql`insert into role_assignment (employee_id, role, bureau_id) values (${exec!.id}, 'executive', ${exec!.bureau_id})`,
    );
    // Not in December, not during the 1/1–1/3 closure, not before 9:00.
    expect(await sendJanuaryLeaveReports(deps(), at('2026-12-28', '10:00'))).toBe(0);
    expect(await sendJanuaryLeaveReports(deps(), at('2027-01-02', '10:00'))).toBe(0);
    expect(await sendJanuaryLeaveReports(deps(), at('2027-01-04', '08:50'))).toBe(0);
    await Promise.all([
      sendJanuaryLeaveReports(deps(), at('2027-01-04', '09:30')),
      sendJanuaryLeaveReports(deps(), at('2027-01-04', '09:31')),
    ]);
    await sendJanuaryLeaveReports(deps(), at('2027-01-05', '09:30'));
    const sent = await rows(PURPOSE.leaveReport);
    expect(sent.map((r) => [r.subject, r.recipient])).toEqual([['2026', exec!.oid]]);
    const report = (sent[0]!.card as { report: LeaveReport }).report;
    // Independent: leave days of non-managerial B02 people in 2026 ÷ their average monthly head count.
    const [want] = await db.query<{ per: number }>(sql`
      with staff as (
        select m.month, count(*) as n from overtime_month m join section s on s.id = m.section_id
         where s.bureau_id = ${exec!.bureau_id} and not m.is_managerial and m.month between '2026-01-01' and '2026-12-01'
         group by m.month),
      days as (
        select coalesce(sum(least(1, a.leave_days)), 0) as d from attendance_day a
          join overtime_month m on m.employee_id = a.employee_id and m.month = date_trunc('month', a.work_date)::date
          join section s on s.id = m.section_id
         where s.bureau_id = ${exec!.bureau_id} and not m.is_managerial and a.leave_type like '%年次%'
           and a.work_date between '2026-01-01' and '2026-12-31')
      select round(((select d from days) / (select avg(n) from staff))::numeric, 1)::float8 as per`);
    const line = report.lines.find((l) => l.label === exec!.bureau)!;
    expect(want!.per).toBeGreaterThan(0);
    expect(line.thisYear).toMatchObject({ perPerson: want!.per, hidden: null });
    expect(line.lastYear.perPerson).toBeNull(); // no 2025 data: a dash, not a zero
    expect(report.lines.find((l) => l.label === '合計')?.thisYear.perPerson).toBe(want!.per);
    expect(report.targetDays).toBe(15);
  });
});
