import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { prng } from '../demo/demo-org.generator.ts';
import { DEFAULT_MINISTRY_ID } from '../org/org-import.repository.ts';
import { addDays, type IsoDate, isWorkingDay, workingDaysBetween } from '../shared/calendar.ts';
import { insertCampaign } from './campaign.repository.ts';
import { type CampaignInput, campaignSchema } from './campaign.schema.ts';
import type { LeaveKind, PlanEntry, TakenLeaveKind } from './leave.types.ts';
import { recordTakenLeave, savePlanVersion } from './leave-plan.repository.ts';
import { summerPeriod, yearEndPeriod } from './period-presets.rules.ts';

/**
 * Demo data for `npm start` (the story is set in late November 2026): a year-end campaign open for
 * answers with a few plans in 情報政策課 (D00002's section), a finished summer campaign with plans
 * and leave taken, and some annual leave taken this year so the card's balance has numbers.
 */
export async function seedLeaveDemo(db: Db, _now: Date): Promise<void> {
  const section = await db.query<{ id: string }>(
    sql`select section_id as id from employee where employee_no = 'D00002'`,
  );
  const sectionId = section[0]?.id;
  if (!sectionId) return;
  const staff = await db.query<{ id: string; employee_no: string }>(
    sql`select id, employee_no from employee where section_id = ${sectionId} and active order by employee_no`,
  );
  const random = prng(20261124);
  const hr = await db.query<{ id: string }>(sql`select id from employee where employee_no = 'D00001'`);
  const createdBy = hr[0]?.id ?? null;

  const campaign = async (
    input: Pick<CampaignInput, 'kind' | 'period' | 'openingDate' | 'deadline' | 'message'>,
    title: string,
  ): Promise<string> =>
    insertCampaign(db, campaignSchema.parse({ ...input, targets: { ministryId: DEFAULT_MINISTRY_ID } }), {
      title,
      bureauScope: null,
      createdBy,
    });
  const summerId = await campaign(
    {
      kind: 'summer',
      period: summerPeriod(2026),
      openingDate: '2026-06-01',
      deadline: '2026-06-19',
      message: {
        ja: '夏季休暇と年次休暇を組み合わせて、計画的に休みましょう。',
        en: 'Plan your summer leave together with annual leave.',
      },
    },
    '2026年 夏季の休暇計画表',
  );
  const yearEndId = await campaign(
    {
      kind: 'year_end',
      period: yearEndPeriod(2026),
      openingDate: '2026-11-24',
      deadline: '2026-12-11',
      message: {
        ja: '年末年始の前後に年次休暇を組み合わせて、まとまった休みを取りましょう。',
        en: 'Combine annual leave with the year-end holidays for a proper break.',
      },
    },
    '2026年 年末年始の休暇計画表',
  );
  const plan = (campaignId: string, employeeId: string, entries: PlanEntry[]) =>
    savePlanVersion(db, {
      campaignId,
      employeeId,
      baseVersion: null,
      entries,
      note: null,
      submittedBy: employeeId,
    });
  const took = (employeeId: string, days: { date: IsoDate; kind: TakenLeaveKind }[]) =>
    recordTakenLeave(
      db,
      days.map(({ date, kind }) => ({ employeeId, date, kind, days: 1, source: 'demo' })),
    );

  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const summerDays = workingDaysBetween('2026-08-03', '2026-08-21');
  const yearEndDays = workingDaysBetween('2026-12-21', '2027-01-08');

  for (const [i, person] of staff.entries()) {
    // Summer: most answered; what was taken mostly follows the plan.
    if (i % 5 !== 4) {
      const start = pick(summerDays.slice(0, -3));
      const planned: PlanEntry[] = workingDaysBetween(start, addDays(start, 6))
        .slice(0, 4)
        .map((date, k): PlanEntry => ({ date, kind: (k < 3 ? 'summer' : 'annual_full') as LeaveKind }));
      await plan(summerId, person.id, planned);
      const kept = planned.filter(() => random() < 0.8);
      await took(
        person.id,
        kept.map((e) => ({ date: e.date, kind: e.kind === 'summer' ? 'summer' : 'annual' })),
      );
    }
    // Annual leave earlier in the year: a spread from 2 to 12 days.
    const taken: IsoDate[] = [];
    const count = 2 + Math.floor(random() * 11);
    while (taken.length < count) {
      const d = addDays('2026-01-05', Math.floor(random() * 320));
      if (isWorkingDay(d) && !taken.includes(d) && !(d >= '2026-07-01' && d <= '2026-09-30')) taken.push(d);
    }
    await took(
      person.id,
      taken.map((date) => ({ date, kind: 'annual' })),
    );

    // Year-end: a few answers so far (D00003 has not answered: the reminder story starts with him).
    if (person.employee_no !== 'D00003' && i % 3 === 0) {
      const first = pick(yearEndDays);
      const entries: PlanEntry[] = [{ date: first, kind: 'annual_full' }];
      const next = yearEndDays.find((d) => d > first);
      if (next) entries.push({ date: next, kind: random() < 0.5 ? 'annual_am' : 'annual_full' });
      await plan(yearEndId, person.id, entries);
    }
  }
}
