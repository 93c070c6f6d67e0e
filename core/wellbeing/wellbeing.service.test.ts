import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { invalidateDisclosures } from '../access/disclosure.service.ts';
import { accessScope } from '../access/scope.ts';
import { buildViewer } from '../access/viewer.ts';
import { storeDays } from '../attendance/attendance-import.service.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import { AppError } from '../shared/errors.ts';
import { isOfficeGap, officeGap } from './office-gap.rules.ts';
import { shortRests } from './rest-interval.rules.ts';
import { gapList, personSignals, reviewGap, signalsView } from './wellbeing.service.ts';
import { employeeNos, generateAttendance } from './wellbeing.test-data.ts';

const MONTH = '2026-10';

describe('wellbeing signals over imported attendance', () => {
  let database: TestDatabase;
  let db: Db;
  let generated: ReturnType<typeof generateAttendance>;
  let managerialNos: string[];

  const viewerOf = async (id: string) => {
    const employee = await findEmployeeById(db, id);
    return accessScope(db, await buildViewer(db, employee!));
  };
  const isErr = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await writeDemoOrg(db, 300);
    generated = generateAttendance(await employeeNos(db), '2026-09-20', '2026-10-31');
    await storeDays(db, generated, { id: null, label: 'test' }, { source: 'api' });
    invalidateDisclosures();
    managerialNos = (
      await db.query<{ employee_no: string }>(sql`select employee_no from employee where is_managerial`)
    ).map((r) => r.employee_no);
  }, 120_000);
  afterAll(() => database?.drop());

  /** The same figures straight from the generated rows, before any database round trip. */
  const expected = () => {
    const managerial = new Set(managerialNos);
    const byNo = Map.groupBy(
      generated.filter((d) => !managerial.has(d.employeeNo)),
      (d) => d.employeeNo,
    );
    let rests = 0;
    let gaps = 0;
    for (const days of byNo.values()) {
      const punches = days.map((d) => ({
        date: d.date,
        start: d.startTime,
        end: d.endTime,
        endsNextDay: d.endsNextDay,
        onLeave: d.leaveDays === 1,
        logonAt: d.logonAt,
        logoffAt: d.logoffAt,
      }));
      rests += shortRests(punches, 11, MONTH).length;
      gaps += punches.filter((p) => p.date.startsWith(MONTH) && isOfficeGap(officeGap(p), 30)).length;
    }
    return { rests, gaps };
  };

  it('counts short rests and gaps per section for HR, and the shown sections add up to the whole', async () => {
    const [hr] = await db.query<{ id: string }>(sql`select id from employee order by employee_no limit 1`);
    await db.query(
      sql`insert into role_assignment (employee_id, role, bureau_id) values (${hr!.id}, 'hr', null) on conflict do nothing`,
    );
    const view = await signalsView(db, await viewerOf(hr!.id), MONTH);
    const { rests, gaps } = expected();
    expect(rests).toBeGreaterThan(0);
    expect(gaps).toBeGreaterThan(0);
    const shown = view.bureaus.filter((b) => b.hidden === null);
    const hiddenSections = view.sections.filter((s) => s.hidden !== null);
    // Every bureau of this demo is large enough: the bureaus add up to the independent totals.
    expect(shown).toHaveLength(view.bureaus.length);
    expect(shown.reduce((n, b) => n + (b.shortRests ?? 0), 0)).toBe(rests);
    expect(shown.reduce((n, b) => n + (b.officeGaps ?? 0), 0)).toBe(gaps);
    expect(hiddenSections.length).toBeLessThan(view.sections.length);
    // A hidden cell carries no number.
    for (const s of hiddenSections) expect([s.shortRests, s.officeGaps]).toEqual([null, null]);
    expect(view.restIntervalHours).toBe(11);
  });

  it('shows a person only to themself and the managers above them, and audits the manager', async () => {
    const [pair] = await db.query<{ id: string; manager_id: string }>(sql`
      select e.id, e.manager_id from employee e where e.manager_id is not null order by e.employee_no limit 1`);
    const mine = await personSignals(db, await viewerOf(pair!.id), pair!.id, MONTH);
    expect(mine.employeeId).toBe(pair!.id);
    await personSignals(db, await viewerOf(pair!.manager_id), pair!.id, MONTH);
    const audit = await db.query(sql`
      select 1 from audit_log where action = 'wellbeing.person.read' and actor_id = ${pair!.manager_id} and target_id = ${pair!.id}`);
    expect(audit).toHaveLength(1);
    const [stranger] = await db.query<{ id: string }>(sql`
      select id from employee where id <> ${pair!.id} and id <> ${pair!.manager_id}
         and not exists (select 1 from employee s where s.manager_id = employee.id) limit 1`);
    await expect(personSignals(db, await viewerOf(stranger!.id), pair!.id, MONTH)).rejects.toSatisfy(
      isErr('forbidden'),
    );
  });

  it('lets a manager record a reason for a gap of their subtree, audited, and refuses what is not a gap', async () => {
    const [manager] = await db.query<{ id: string }>(sql`
      select m.id from employee m where exists (select 1 from employee e where e.manager_id = m.id)
       order by (select count(*) from employee e where e.manager_id = m.id) desc limit 1`);
    const scope = await viewerOf(manager!.id);
    const list = await gapList(db, scope, MONTH);
    expect(list.length).toBeGreaterThan(0);
    for (const item of list) expect(scope.subtree.has(item.employeeId)).toBe(true);
    const first = list[0]!;
    await expect(
      reviewGap(db, scope, {
        employeeId: first.employeeId,
        date: first.date,
        outcome: 'other',
        comment: '  ',
      }),
    ).rejects.toSatisfy(isErr('bad_request'));
    expect(await db.query(sql`select 1 from office_gap_review`)).toHaveLength(0);
    const saved = await reviewGap(db, scope, {
      employeeId: first.employeeId,
      date: first.date,
      outcome: 'self_study',
    });
    expect(saved.outcome).toBe('self_study');
    const again = await gapList(db, scope, MONTH);
    expect(
      again.find((i) => i.employeeId === first.employeeId && i.date === first.date)?.review?.outcome,
    ).toBe('self_study');
    const audit = await db.query<{ detail: { previous: string | null } }>(sql`
      select detail from audit_log where action = 'wellbeing.gap.review' and target_id = ${first.employeeId}`);
    expect(audit).toHaveLength(1);
    await expect(
      reviewGap(db, scope, { employeeId: first.employeeId, date: '2026-10-04', outcome: 'standby' }),
    ).rejects.toSatisfy(isErr('not_found'));
    // The person themself does not confirm their own gap.
    await expect(
      reviewGap(db, await viewerOf(first.employeeId), {
        employeeId: first.employeeId,
        date: first.date,
        outcome: 'overtime_confirmed',
      }),
    ).rejects.toSatisfy(isErr('forbidden'));
  });
});
