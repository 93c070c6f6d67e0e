import { z } from 'zod';
import { accessScope, auditPersonalReadBy } from '../access/scope.ts';
import { buildViewer } from '../access/viewer.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import { readSetting } from '../settings/settings.repository.ts';
import { addDays, isValidIsoDate, tokyoDateOf } from '../shared/calendar.ts';
import { AppError } from '../shared/errors.ts';
import { isOfficeGap, officeGap } from './office-gap.rules.ts';
import type { WellbeingDeps } from './rest-morning.service.ts';
import { type GapReview, gapReviews, punchDays } from './wellbeing.repository.ts';
import { reviewGap } from './wellbeing.service.ts';
import { PURPOSE } from './wellbeing-messages.types.ts';
import { activePeople } from './wellbeing-people.repository.ts';
import { mayReceive, type Outgoing, sendAll } from './wellbeing-send.ts';

/** Gaps of the last days are asked about (a week: imports come a day or a few late). */
const LOOKBACK_DAYS = 7;

/**
 * The confirmation card (seed 001: 管理者が…比較し、著しい乖離があれば勤務実態を確認) to the direct manager
 * of each person with an unanswered gap in the last week: one card per person and day (outbox key),
 * 1:1 only, never in the manager's quiet hours. Sending it is a read of the person's times by the
 * manager, so each first send is audited.
 */
export async function sendGapConfirmations(deps: WellbeingDeps, now: Date): Promise<number> {
  const today = tokyoDateOf(now);
  const from = addDays(today, -LOOKBACK_DAYS);
  const to = addDays(today, -1);
  const settings = await readSetting(deps.db, 'wellbeing');
  const rows = await punchDays(deps.db, from, to);
  const gaps = rows.flatMap((d) => {
    const g = officeGap(d);
    return isOfficeGap(g, settings.officeGapMinutes) ? [{ day: d, gap: g }] : [];
  });
  if (gaps.length === 0) return 0;
  const people = new Map((await activePeople(deps.db)).map((p) => [p.id, p]));
  const reviews = await gapReviews(deps.db, [...new Set(gaps.map((g) => g.day.employeeId))], from, to);
  const keyOf = (employeeId: string, date: string) => `${employeeId}:${date}`;
  const managerIds = [...new Set([...people.values()].map((p) => p.managerId).filter((m) => m !== null))];
  const may = await mayReceive(
    deps.db,
    PURPOSE.gap,
    gaps.map((g) => keyOf(g.day.employeeId, g.day.date)),
    managerIds,
    now,
  );
  const out: Outgoing[] = [];
  for (const { day, gap } of gaps) {
    if (reviews.has(`${day.employeeId}|${day.date}`)) continue;
    const person = people.get(day.employeeId);
    const manager = person?.managerId ? people.get(person.managerId) : undefined;
    if (!person || !manager?.oid) continue;
    const key = keyOf(person.id, day.date);
    if (!may(manager.id, manager.oid, key)) continue;
    out.push({
      oid: manager.oid,
      purpose: PURPOSE.gap,
      key,
      card: deps.cards.gapConfirmation(manager.locale, {
        employeeId: person.id,
        name: person.name,
        date: day.date,
        gap,
        declared: `${day.start}–${day.end}${day.endsNextDay ? ' (+1)' : ''}`,
        logged: `${day.logonAt?.slice(11)}–${day.logoffAt?.slice(11)}${day.logoffAt?.slice(0, 10) !== day.date ? ' (+1)' : ''}`,
      }),
      onQueued: () =>
        auditPersonalReadBy(deps.db, manager.id, {
          action: 'wellbeing.gap.card',
          subjectIds: [person.id],
          detail: { date: day.date, channel: 'bot' },
        }),
    });
  }
  await sendAll(deps.messenger, deps.logger, out);
  return out.length;
}

/** The card's payload (Action.Execute data + the comment input). */
export const gapAnswerSchema = z.object({
  employeeId: z.uuid('must be an id'),
  date: z.string().refine(isValidIsoDate, '日付が正しくありません。'),
  outcome: z.enum(['overtime_confirmed', 'self_study', 'standby', 'other']),
  comment: z.string().max(500).optional().nullable(),
});
export type GapAnswer = z.infer<typeof gapAnswerSchema>;

/**
 * An answer from the card: only the person's own (direct) manager may answer from the bot; anyone
 * else is refused and the refusal audited. The answer itself is stored and audited by reviewGap
 * (which also refuses days that are not gaps and "other" without a reason).
 */
export async function answerGapFromCard(
  deps: Pick<WellbeingDeps, 'db'>,
  actorId: string,
  answer: GapAnswer,
): Promise<{ review: GapReview; subjectName: string }> {
  const subject = await findEmployeeById(deps.db, answer.employeeId);
  if (!subject || subject.manager?.id !== actorId) {
    await writeAudit(deps.db, {
      actorId,
      action: 'wellbeing.gap.review.denied',
      targetType: 'employee',
      targetId: answer.employeeId,
      detail: { date: answer.date, channel: 'bot' },
    });
    throw new AppError('forbidden', 'You do not have access to this.');
  }
  const actor = await findEmployeeById(deps.db, actorId);
  if (!actor) throw new AppError('forbidden', 'You do not have access to this.');
  const scope = await accessScope(deps.db, await buildViewer(deps.db, actor));
  const review = await reviewGap(deps.db, scope, {
    employeeId: answer.employeeId,
    date: answer.date,
    outcome: answer.outcome,
    comment: answer.comment ?? null,
  });
  return { review, subjectName: subject.name };
}
