import { refreshAggregatesForImport } from '../attendance/attendance-import.repository.ts';
import { bornCases } from '../childcare/childcare.repository.ts';
import { planOf } from '../childcare/childcare-case.ts';
import type { LeaveKind } from '../childcare/childcare-plan.schema.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { readSetting } from '../settings/settings.repository.ts';
import { addDays, eachDay, isWorkingDay, tokyoDateOf } from '../shared/calendar.ts';

/**
 * The demo ministry's terminal log-on/log-off and the managers' answers about gaps, so the
 * dashboard's rest and in-office-gap figures have plausible values (issue 19). Runs after the demo
 * attendance (core/overtime/overtime-demo.seed.ts), over its rows, in two statements:
 *
 * - log-on 0–14 min before the declared start; log-off 0–14 min after the declared end (together
 *   under the 30-min default, so an ordinary day is no gap), except on
 *   about 4 % of days when the terminal stays on 45–194 min longer (the seed-001 乖離 the manager is
 *   asked about). Short rests come from the demo's own late ends (after 22:00 with a 09:00 start);
 * - about 60 % of the gaps of months before this one answered by the person's manager (自己研鑽,
 *   待機, 超過勤務として確認 in that order of frequency; "other" needs a reason, so it is not seeded).
 * - annual leave for the twelve months before the daily data (which has monthly overtime only), at
 *   the demo's own rate (~5.5 % of working days, ~13–14 days a year), so "last year" on the annual
 *   targets and the January report is a figure, not a zero.
 * Deterministic: hashes of person and date.
 */
export async function seedDemoWellbeing(db: Db, now: Date): Promise<void> {
  const { officeGapMinutes } = await readSetting(db, 'wellbeing');
  const monthStart = `${tokyoDateOf(now).slice(0, 7)}-01`;
  const [first] = await db.query<{ day: string | null }>(
    sql`select to_char(min(work_date), 'YYYY-MM-DD') as day from attendance_day`,
  );
  if (first?.day) {
    const yearBefore = eachDay(addDays(`${first.day.slice(0, 7)}-01`, -365), addDays(first.day, -1)).filter(
      isWorkingDay,
    );
    await db.query(sql`
      insert into leave_taken (employee_id, day, kind, days, source)
      select e.id, d.day, 'annual', 1, 'demo'
        from employee e join overtime_month m on m.employee_id = e.id
        join unnest(${yearBefore}::date[]) as d(day) on date_trunc('month', d.day)::date = m.month
       where e.active and abs(hashtext(e.employee_no || d.day::text)) % 1000 < 55
      on conflict do nothing`);
  }
  await db.query(sql`
    update attendance_day d
       set logon_at = d.work_date + d.start_time - (abs(hashtext(d.employee_id::text || d.work_date::text)) % 15) * interval '1 minute',
           logoff_at = d.work_date + d.end_time + (case when d.ends_next_day then interval '1 day' else interval '0' end)
                     + (case when abs(hashtext(d.work_date::text || d.employee_id::text)) % 1000 < 40
                             then 45 + abs(hashtext(d.employee_id::text || 'x' || d.work_date::text)) % 150
                             else abs(hashtext(d.employee_id::text || 'y' || d.work_date::text)) % 15 end) * interval '1 minute'
     where d.start_time is not null and d.end_time is not null and d.logon_at is null`);
  await db.query(sql`
    insert into office_gap_review (employee_id, work_date, outcome, comment, reviewed_by, reviewed_at)
    select d.employee_id, d.work_date,
           (array['self_study', 'self_study', 'standby', 'overtime_confirmed'])[1 + abs(hashtext(d.employee_id::text || d.work_date::text || 'r')) % 4],
           null, e.manager_id, (d.work_date + interval '2 days')::timestamptz
      from attendance_day d join employee e on e.id = d.employee_id
     where e.manager_id is not null and d.work_date < ${monthStart}::date
       and d.logon_at is not null and d.logoff_at is not null
       and extract(epoch from (d.work_date + d.start_time - d.logon_at)) / 60
         + extract(epoch from (d.logoff_at - (d.work_date + d.end_time))) / 60 > ${officeGapMinutes}
       and abs(hashtext(d.work_date::text || d.employee_id::text || 'a')) % 10 < 6
    on conflict (employee_id, work_date) do nothing`);
}

/** The attendance app's words for the childcare leaves (docs/attendance-csv.md). */
const LEAVE_TYPE: Partial<Record<LeaveKind, string>> = {
  spouse_childbirth_leave: '配偶者出産休暇',
  childcare_participation_leave: '育児参加のための休暇',
  postnatal_paternity_leave: '育児休業',
  childcare_leave: '育児休業',
};

/**
 * The demo fathers' leave as the attendance data records it (issue 19: take-up from what was
 * taken), from the ranges their sheets mark 'taken' — except that the father of the May birth came
 * back after 9 days of his 2-week 産後パパ育休 and never updated the sheet, so the two sources differ
 * by one person on the 2-week target, as they would in a real ministry. Runs after the childcare
 * demo; the aggregates of the demo import are recomputed (those days had working hours before).
 */
export async function seedDemoChildcareAttendance(db: Db): Promise<void> {
  const days: { employeeId: string; date: string; type: string }[] = [];
  for (const c of await bornCases(db)) {
    if (!c.answers || !c.birth_date) continue;
    for (const r of planOf(c, c.answers).ranges) {
      const type = LEAVE_TYPE[r.kind];
      if (r.status !== 'taken' || !type) continue;
      const end =
        c.birth_date === '2026-05-11' && r.kind === 'postnatal_paternity_leave' ? addDays(r.start, 8) : r.end;
      for (const date of eachDay(r.start, end))
        if (isWorkingDay(date)) days.push({ employeeId: c.employee_id, date, type });
    }
  }
  if (days.length === 0) return;
  await db.transaction(async (tx) => {
    const updated = await tx.query<{ import_id: number }>(sql`
      update attendance_day a
         set leave_type = x.type, leave_days = 1, start_time = null, end_time = null, ends_next_day = false,
             logon_at = null, logoff_at = null, overtime_minutes = 0, in_office_minutes = null
        from unnest(${days.map((d) => d.employeeId)}::uuid[], ${days.map((d) => d.date)}::date[], ${days.map((d) => d.type)}::text[])
             as x(employee_id, day, type)
       where a.employee_id = x.employee_id and a.work_date = x.day
      returning a.import_id`);
    const importId = updated[0]?.import_id;
    if (importId) await refreshAggregatesForImport(tx, importId);
  });
}
