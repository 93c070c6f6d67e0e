import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { addDays, addWorkingDays, type IsoDate, nextWorkingDay } from '../shared/calendar.ts';
import * as repo from './childcare.repository.ts';
import { type LeaveRange, parseChildcarePlanInput } from './childcare-plan.schema.ts';

/**
 * Demo plans in different states (npm start): D00003 中村健太 with a saved plan shared with his
 * chief D00002; an invited, not yet started case in the WLB officer D00005's bureau (B03); and
 * five births earlier in the fiscal year with leave taken, so the take-up table has figures.
 * Fixed dates: the demo is the same every time.
 */

const special = (
  kind: LeaveRange['kind'],
  from: IsoDate,
  days: number,
  status: LeaveRange['status'] = 'taken',
): LeaveRange => {
  const start = nextWorkingDay(from);
  return { kind, start, end: addWorkingDays(start, days - 1), status };
};
const calendar = (
  kind: LeaveRange['kind'],
  start: IsoDate,
  days: number,
  status: LeaveRange['status'] = 'taken',
): LeaveRange => ({
  kind,
  start,
  end: addDays(start, days - 1),
  status,
});

/** Births of FY2026 in B03 and what the fathers took: the mix gives rates between 0 and 100%. */
const BORN: { birth: IsoDate; ranges: (b: IsoDate) => LeaveRange[] }[] = [
  {
    birth: '2026-05-11',
    ranges: (b) => [
      special('spouse_childbirth_leave', b, 2),
      special('childcare_participation_leave', addDays(b, 7), 3),
      calendar('postnatal_paternity_leave', addDays(b, 14), 14),
    ],
  },
  {
    birth: '2026-06-03',
    ranges: (b) => [
      special('spouse_childbirth_leave', b, 2),
      special('childcare_participation_leave', addDays(b, 5), 5),
      calendar('childcare_leave', addDays(b, 40), 31),
    ],
  },
  { birth: '2026-07-15', ranges: (b) => [special('spouse_childbirth_leave', b, 2)] },
  {
    birth: '2026-08-20',
    ranges: (b) => [
      special('childcare_participation_leave', b, 5),
      calendar('postnatal_paternity_leave', addDays(b, 10), 28),
    ],
  },
  {
    birth: '2026-09-09',
    ranges: (b) => [
      special('spouse_childbirth_leave', b, 2),
      special('childcare_participation_leave', addDays(b, 4), 2),
      calendar('postnatal_paternity_leave', addDays(b, 14), 7),
    ],
  },
];

async function saveDemoPlan(
  db: Db,
  employeeId: string,
  reportedOn: IsoDate,
  fields: Record<string, unknown>,
  consent: boolean,
): Promise<void> {
  const plan = parseChildcarePlanInput(fields);
  const { row } = await repo.openCase(db, { employeeId, source: 'self', reportedOn });
  if (row.current_version > 0) return;
  await repo.saveSheetVersion(db, {
    caseId: row.id,
    expectedVersion: 0,
    answers: plan as unknown as Record<string, unknown>,
    by: employeeId,
    dueDate: plan.dueDate ?? null,
    birthDate: plan.birthDate ?? null,
    multipleBirth: plan.multipleBirth,
  });
  if (consent) await repo.setConsent(db, row.id, true, employeeId);
}

export async function seedChildcareDemo(db: Db, _now: Date): Promise<void> {
  const ids = await db.query<{ id: string; employee_no: string }>(sql`
    select e.id, e.employee_no from employee e join section s on s.id = e.section_id join bureau b on b.id = s.bureau_id
     where b.code = 'B03' and e.gender = 'male' and not e.is_managerial and e.employee_no not like 'D0000%'
     order by e.employee_no limit 6`);
  const d3 = (await db.query<{ id: string }>(sql`select id from employee where employee_no = 'D00003'`))[0];
  await db.transaction(async (tx) => {
    if (d3)
      await saveDemoPlan(
        tx,
        d3.id,
        '2026-10-01',
        {
          dueDate: '2027-01-20',
          spouseSituation: 'working',
          childcareArrangement: { kind: 'nursery_planned', note: '2027年4月から保育所を希望' },
          intendedUse: { telework: 'yes', flextime: 'yes', child_nursing_leave: 'yes' },
          ranges: [
            special('spouse_childbirth_leave', '2027-01-19', 2, 'planned'),
            special('childcare_participation_leave', '2027-01-21', 5, 'planned'),
            calendar('postnatal_paternity_leave', '2027-02-01', 14, 'planned'),
            calendar('childcare_leave', '2027-03-01', 31, 'planned'),
          ],
          consentToShareWithManager: true,
        },
        true,
      );
    const [invited, ...born] = ids;
    if (invited)
      await repo.openCase(tx, { employeeId: invited.id, source: 'invite', reportedOn: '2026-11-16' });
    for (const [i, person] of born.entries()) {
      const b = BORN[i];
      if (!b) break;
      await saveDemoPlan(
        tx,
        person.id,
        addDays(b.birth, -120),
        {
          dueDate: b.birth,
          birthDate: b.birth,
          spouseSituation: i % 2 === 0 ? 'on_leave' : 'working',
          ranges: b.ranges(b.birth),
          consentToShareWithManager: false,
        },
        false,
      );
    }
  });
}
