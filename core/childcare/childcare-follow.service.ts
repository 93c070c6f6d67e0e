import { z } from 'zod';
import { writeAudit } from '../audit/audit.repository.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import type { EmployeeProfile } from '../org/org.table.ts';
import { type IsoDate, isValidIsoDate } from '../shared/calendar.ts';
import { AppError } from '../shared/errors.ts';
import { DEFAULT_MIN_GROUP_SIZE, suppressSmall } from '../shared/privacy.ts';
import * as repo from './childcare.repository.ts';
import { type CaseView, type ChildcareDeps, loadCase, today } from './childcare-case.ts';
import * as follow from './childcare-follow.repository.ts';
import { type FollowState, followComplete, followDone } from './childcare-follow.rules.ts';

/**
 * The father's manager's follow sheet (seed 002): sent once the birth is known and the father has
 * consented to share; the manager records the four steps on the card; reminders until all are done;
 * completion per bureau for the WLB officer and HR (group-size floor applied). Sent through the
 * ProactiveMessenger like the other childcare cards.
 */

export const followInputSchema = z.object({
  caseId: z.string().min(1).max(64),
  explained: z.enum(['true', 'false']).optional(),
  encouraged: z.enum(['true', 'false']).optional(),
  coverArranged: z.enum(['true', 'false']).optional(),
  talkDate: z
    .string()
    .refine((d) => d === '' || isValidIsoDate(d), { message: '面談日は実在する日付で入力してください' })
    .optional(),
});

export const stateOf = (row: follow.FollowRow): FollowState => ({
  explainedAt: row.explained_at,
  encouragedAt: row.encouraged_at,
  coverArrangedAt: row.cover_arranged_at,
  talkDate: row.talk_date as IsoDate | null,
});

function followCard(
  deps: ChildcareDeps,
  view: CaseView,
  employeeName: string,
  row: follow.FollowRow,
  locale: 'ja' | 'en',
  reminder = false,
) {
  return deps.cards.managerFollow(
    {
      caseId: view.row.id,
      employeeName,
      birthDate: view.row.birth_date as IsoDate,
      done: followDone(stateOf(row)),
      talkDate: row.talk_date as IsoDate | null,
      complete: followComplete(stateOf(row)),
      reminder,
    },
    locale,
  );
}

/** After a save, a birth or consent: the manager gets the follow card once the birth is known and consent holds. */
export async function syncManagerFollow(
  deps: ChildcareDeps,
  view: CaseView,
  employee: EmployeeProfile,
): Promise<void> {
  if (!view.row.birth_date || !view.row.consent || view.row.status === 'closed' || !employee.manager) return;
  const manager = await findEmployeeById(deps.db, employee.manager.id);
  if (!manager?.entraOid) return;
  if (!(await follow.createFollow(deps.db, view.row.id, manager.id, today(deps)))) return;
  const row = (await follow.findFollow(deps.db, view.row.id)) as follow.FollowRow;
  try {
    await deps.messenger.sendCard(
      { aadObjectId: manager.entraOid },
      followCard(deps, view, employee.name, row, manager.locale),
      // Keyed in the outbox: a retry or a second instance joins the same message.
      {
        summary: '部下の育児休業等のフォロー',
        purpose: 'childcare.follow',
        key: `${view.row.id}:${manager.id}`,
      },
    );
  } catch (err) {
    deps.logger.warn({ err, caseId: view.row.id }, 'manager follow card not sent; the reminder will retry');
  }
}

/** The manager records steps from the card. Only the father's manager, only while consent holds. */
export async function recordFollow(
  deps: ChildcareDeps,
  manager: EmployeeProfile,
  input: z.infer<typeof followInputSchema>,
): Promise<object> {
  const en = manager.locale === 'en';
  const found = await currentFollow(deps, input.caseId, manager.id);
  if (!found)
    throw new AppError(
      'forbidden',
      en
        ? 'This follow sheet is not yours (or was withdrawn).'
        : 'このフォローシートはあなたのものではないか、取り下げられています。',
    );
  const { view, employee } = found;
  const updated = await deps.db.transaction(async (tx) => {
    const r = await follow.recordSteps(tx, view.row.id, manager.id, {
      explained: input.explained === 'true',
      encouraged: input.encouraged === 'true',
      coverArranged: input.coverArranged === 'true',
      talkDate: input.talkDate ? (input.talkDate as IsoDate) : null,
    });
    await writeAudit(tx, {
      actorId: manager.id,
      action: 'childcare.manager_follow',
      targetType: 'childcare_case',
      targetId: view.row.id,
      detail: { complete: r ? followComplete(stateOf(r)) : false },
    });
    return r as follow.FollowRow;
  });
  return followCard(deps, view, employee.name, updated, manager.locale);
}

/**
 * The one check of a manager's right to a follow sheet (the card's steps, the reminders): the sheet
 * was sent to them, the father still shares, the case is open, and they are his manager NOW — the
 * same rule as the shared plan and the cover confirmation (childcare-sharing.service.ts). A manager
 * who has been transferred away keeps the old card, but it stops working.
 */
async function currentFollow(deps: Pick<ChildcareDeps, 'db'>, caseId: string, managerId: string) {
  const view = await loadCase(deps.db, caseId);
  if (!view?.row.consent || view.row.status === 'closed') return undefined;
  const [row, employee] = await Promise.all([
    follow.findFollow(deps.db, view.row.id),
    findEmployeeById(deps.db, view.row.employee_id),
  ]);
  if (!row || row.manager_id !== managerId || !employee || employee.manager?.id !== managerId)
    return undefined;
  return { view, row, employee };
}

/** Reminders until the follow is complete (claimed per day, so several runners send each once). */
export async function remindManagerFollows(deps: ChildcareDeps, on: IsoDate): Promise<number> {
  const settings = await repo.loadChildcareSettings(deps.db);
  const due = await follow.claimDueFollowReminders(deps.db, on, {
    intervalDays: settings.reminders.managerFollowIntervalDays,
    maxReminders: settings.reminders.managerFollowMaxReminders,
  });
  let sent = 0;
  for (const row of due) {
    const found = await currentFollow(deps, row.case_id, row.manager_id);
    const manager = found ? await findEmployeeById(deps.db, row.manager_id) : undefined;
    if (!found || !manager?.entraOid) continue;
    const { view, employee } = found;
    try {
      const outcome = await deps.messenger.sendCard(
        { aadObjectId: manager.entraOid },
        followCard(deps, view, employee.name, row, manager.locale, true),
        {
          summary: '【リマインド】部下の育児休業等のフォロー',
          purpose: 'childcare.follow.reminder',
          // The claim counts reminders: the n-th reminder is one message however often it is retried.
          key: `${row.case_id}:${row.manager_id}:${row.reminders}`,
        },
      );
      if (outcome.ok) sent++;
    } catch (err) {
      deps.logger.warn({ err, caseId: row.case_id }, 'manager follow reminder not sent');
    }
  }
  return sent;
}

/** Completion per bureau for the WLB officer (their bureaus) and HR (all); small groups hidden. */
export async function followCompletion(
  deps: Pick<ChildcareDeps, 'db'>,
  bureauIds: readonly string[] | null,
  minGroupSize = DEFAULT_MIN_GROUP_SIZE,
) {
  const rows = await follow.followCompletionByBureau(deps.db, bureauIds);
  return rows.map((r) => {
    const hidden = r.follows < minGroupSize;
    return {
      bureau: { id: r.bureau_id, name: r.bureau_name },
      follows: suppressSmall(r.follows, r.follows, minGroupSize),
      completed: suppressSmall(r.completed, r.follows, minGroupSize),
      rate: hidden || r.follows === 0 ? null : r.completed / r.follows,
      suppressed: hidden,
    };
  });
}
