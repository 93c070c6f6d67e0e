import type { SignalCell, SignalsView } from '../../contracts/tab-api/wellbeing.contract.ts';
import { viewerDisclosure } from '../access/disclosure.service.ts';
import { type AccessScope, auditPersonalRead, requirePerson } from '../access/scope.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { readSetting } from '../settings/settings.repository.ts';
import { addDays, type IsoDate } from '../shared/calendar.ts';
import { AppError } from '../shared/errors.ts';
import { firstDayOf, shiftMonth, type YearMonth } from '../shared/year-month.ts';
import { isOfficeGap, type OfficeGap, officeGap } from './office-gap.rules.ts';
import { type RestInterval, shortRests } from './rest-interval.rules.ts';
import {
  byPerson,
  type GapOutcome,
  type GapReview,
  gapReviews,
  type PunchRow,
  punchDays,
  saveGapReview,
} from './wellbeing.repository.ts';

/**
 * 勤務間インターバル and 在庁時間の乖離 for the dashboard (counts per section and month, cut by the one
 * disclosure model), for a person (only themself and the managers of their subtree), and the
 * manager's list of gaps with a recorded reason (audited).
 */

const lastDayOf = (month: YearMonth) => addDays(firstDayOf(shiftMonth(month, 1)), -1);
/** A rest that ends on the 1st started in the previous month: read a week before. */
const LOOKBACK_DAYS = 7;

export interface MonthSignals {
  /** Per person: short rests (belonging to the month) and gaps (days of the month). */
  rests: Map<string, RestInterval[]>;
  gaps: Map<string, { date: IsoDate; gap: OfficeGap }[]>;
  /** Where the month's figures count each person (their overtime_month row), null when nowhere. */
  sectionOf: Map<string, { sectionId: string; managerial: boolean } | null>;
}

/** The one computation every view of a month reads (dashboard counts, a person, the manager's list). */
export async function monthSignals(
  db: Db,
  month: YearMonth,
  employeeIds?: readonly string[],
): Promise<MonthSignals> {
  const settings = await readSetting(db, 'wellbeing');
  const from = firstDayOf(month);
  const rows = await punchDays(db, addDays(from, -LOOKBACK_DAYS), lastDayOf(month), employeeIds);
  const rests = new Map<string, RestInterval[]>();
  const gaps = new Map<string, { date: IsoDate; gap: OfficeGap }[]>();
  const sectionOf = new Map<string, { sectionId: string; managerial: boolean } | null>();
  for (const [id, days] of byPerson<PunchRow>(rows)) {
    rests.set(id, shortRests(days, settings.restIntervalHours, month));
    const list: { date: IsoDate; gap: OfficeGap }[] = [];
    for (const d of days) {
      if (d.date < from) continue;
      const g = officeGap(d);
      if (isOfficeGap(g, settings.officeGapMinutes)) list.push({ date: d.date, gap: g });
    }
    gaps.set(id, list);
    const first = days.find((d) => d.date >= from && d.sectionId);
    sectionOf.set(
      id,
      first?.sectionId ? { sectionId: first.sectionId, managerial: first.isManagerial === true } : null,
    );
  }
  return { rests, gaps, sectionOf };
}

export type { SignalCell, SignalsView };

/** Counts per section and bureau for the dashboard; every cell asks the viewer's disclosure decision. */
export async function signalsView(db: Db, scope: AccessScope, month: YearMonth): Promise<SignalsView> {
  const [disclosure, settings, signals, sections] = await Promise.all([
    viewerDisclosure(db, scope, [month]),
    readSetting(db, 'wellbeing'),
    monthSignals(db, month),
    db.query<{ id: string; name: string; bureau_id: string; bureau_name: string }>(sql`
      select s.id::text as id, s.name, s.bureau_id::text as bureau_id, b.name as bureau_name
        from section s join bureau b on b.id = s.bureau_id order by b.code, s.code`),
  ]);
  const d = disclosure.at(month);
  const withGaps = [...signals.gaps].filter(([, list]) => list.length > 0).map(([id]) => id);
  const reviews = await gapReviews(db, withGaps, firstDayOf(month), lastDayOf(month));
  const count = new Map<string, { rests: number; gaps: number; answered: number }>();
  const add = (id: string, rests: number, gaps: number, answered: number) => {
    const c = count.get(id) ?? { rests: 0, gaps: 0, answered: 0 };
    count.set(id, { rests: c.rests + rests, gaps: c.gaps + gaps, answered: c.answered + answered });
  };
  const bureauOf = new Map(sections.map((s) => [s.id, s.bureau_id]));
  // Non-managerial staff only, like the plan's figures: the disclosure decision is made over them
  // (with managers in, a section's count would be shown only where its few managers are ≥ floor).
  for (const [person, where] of signals.sectionOf) {
    if (!where || where.managerial) continue;
    const r = signals.rests.get(person)?.length ?? 0;
    const list = signals.gaps.get(person) ?? [];
    const a = list.filter((x) => reviews.has(`${person}|${x.date}`)).length;
    add(where.sectionId, r, list.length, a);
    add(bureauOf.get(where.sectionId) ?? '', r, list.length, a);
  }
  const cell = (id: string, name: string): SignalCell => {
    const hidden = d.hidden(id);
    const c = count.get(id) ?? { rests: 0, gaps: 0, answered: 0 };
    return {
      id,
      name,
      shortRests: hidden ? null : c.rests,
      officeGaps: hidden ? null : c.gaps,
      gapsAnswered: hidden ? null : c.answered,
      hidden,
    };
  };
  const visibleSection = (s: { id: string; bureau_id: string }) =>
    disclosure.bureauScoped
      ? scope.orgWide || scope.bureauIds.has(s.bureau_id) || scope.managedSectionIds.has(s.id)
      : scope.managedSectionIds.has(s.id);
  const shown = sections.filter(visibleSection);
  const bureauIds = disclosure.bureauScoped
    ? [...new Set(shown.map((s) => s.bureau_id))].filter((b) => scope.orgWide || scope.bureauIds.has(b))
    : [];
  return {
    month,
    minGroupSize: d.floor,
    restIntervalHours: settings.restIntervalHours,
    officeGapMinutes: settings.officeGapMinutes,
    bureaus: bureauIds.map((b) => cell(b, sections.find((s) => s.bureau_id === b)?.bureau_name ?? '')),
    sections: shown.map((s) => ({ ...cell(s.id, s.name), bureauId: s.bureau_id })),
  };
}

/** One person's short rests and gaps of a month: themself, or a manager of their subtree (audited). */
export async function personSignals(db: Db, scope: AccessScope, employeeId: string, month: YearMonth) {
  requirePerson(scope, employeeId);
  const signals = await monthSignals(db, month, [employeeId]);
  await auditPersonalRead(db, scope.viewer, {
    action: 'wellbeing.person.read',
    subjectIds: [employeeId],
    detail: { month },
  });
  return {
    month,
    employeeId,
    shortRests: signals.rests.get(employeeId) ?? [],
    officeGaps: signals.gaps.get(employeeId) ?? [],
  };
}

export interface GapListItem {
  employeeId: string;
  name: string;
  date: IsoDate;
  gap: OfficeGap;
  review: GapReview | null;
}

/** The manager's list: gaps of the people of their subtree in the month, with any recorded answer. */
export async function gapList(db: Db, scope: AccessScope, month: YearMonth): Promise<GapListItem[]> {
  const people = [...scope.subtree];
  if (people.length === 0) return [];
  const signals = await monthSignals(db, month, people);
  const reviews = await gapReviews(db, people, firstDayOf(month), lastDayOf(month));
  const names = new Map(
    (
      await db.query<{ id: string; name: string }>(sql`
        select id::text as id, family_name || ' ' || given_name as name from employee where id = any(${people}::uuid[])`)
    ).map((r) => [r.id, r.name]),
  );
  const items: GapListItem[] = [];
  for (const [id, list] of signals.gaps)
    for (const g of list)
      items.push({
        employeeId: id,
        name: names.get(id) ?? '',
        date: g.date,
        gap: g.gap,
        review: reviews.get(`${id}|${g.date}`) ?? null,
      });
  items.sort((a, b) => (a.date === b.date ? a.name.localeCompare(b.name) : a.date < b.date ? -1 : 1));
  await auditPersonalRead(db, scope.viewer, {
    action: 'wellbeing.gaps.read',
    subjectIds: [...new Set(items.map((i) => i.employeeId))],
    targetType: 'office_gap_list',
    detail: { month, items: items.length },
  });
  return items;
}

/**
 * A manager confirms the overtime or records why the terminal was on (自己研鑽, 待機, other + comment)
 * for a gap of a person of their subtree. Only for a day that is a gap; audited with the old answer.
 */
export async function reviewGap(
  db: Db,
  scope: AccessScope,
  input: { employeeId: string; date: IsoDate; outcome: GapOutcome; comment?: string | null },
): Promise<GapReview> {
  // Managers of the subtree only: a person does not confirm their own gap.
  if (!scope.subtree.has(input.employeeId))
    throw new AppError('forbidden', 'You do not have access to this.');
  const comment = input.comment?.trim() || null;
  if (input.outcome === 'other' && !comment)
    throw new AppError('bad_request', 'Invalid input.', [
      { where: 'comment', message: '「その他」を選んだときは理由を入力してください。' },
    ]);
  const signals = await monthSignals(db, input.date.slice(0, 7), [input.employeeId]);
  if (!signals.gaps.get(input.employeeId)?.some((g) => g.date === input.date))
    throw new AppError('not_found', 'この日の在庁時間と申告の乖離はありません。');
  const by = scope.viewer.employee.id;
  await db.transaction(async (tx) => {
    const { previous } = await saveGapReview(tx, {
      employeeId: input.employeeId,
      workDate: input.date,
      outcome: input.outcome,
      comment,
      by,
    });
    await writeAudit(tx, {
      actorId: by,
      action: 'wellbeing.gap.review',
      targetType: 'employee',
      targetId: input.employeeId,
      detail: { date: input.date, outcome: input.outcome, previous, comment: comment !== null },
    });
  });
  const saved = (await gapReviews(db, [input.employeeId], input.date, input.date)).get(
    `${input.employeeId}|${input.date}`,
  );
  if (!saved) throw new Error('gap review was not stored');
  return saved;
}
