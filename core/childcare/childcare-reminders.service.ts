import { isSettled, recordOf } from '../delivery/delivery-records.repository.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import type { EmployeeProfile } from '../org/org.table.ts';
import { getPreferences } from '../org/preference.repository.ts';
import type { IsoDate } from '../shared/calendar.ts';
import type { SendOutcome } from '../shared/messenger.ts';
import { isQuietTime } from '../shared/quiet-hours.ts';
import * as repo from './childcare.repository.ts';
import { type ChildcareDeps, planOf, today } from './childcare-case.ts';
import { remindersFor } from './childcare-reminders.rules.ts';

/** Reminders and information sets: the outbox key makes each go once, even with two instances. */

interface Sendable {
  key: string;
  caseId: string;
  type: string;
  sendOn: IsoDate;
  card: () => object;
}

/**
 * Send once: the outbox (childcare.reminder, key, person) is the record. One already settled is
 * skipped; one a crashed run left queued is joined (a lease hands it to a live worker).
 */
export async function sendOnce(
  deps: ChildcareDeps,
  employee: EmployeeProfile,
  item: Sendable,
): Promise<'sent' | 'skipped' | 'undeliverable'> {
  if (!employee.entraOid) return 'undeliverable';
  const message = { purpose: 'childcare.reminder', subject: item.key, recipient: employee.entraOid };
  if (isSettled(await recordOf(deps.db, message))) return 'skipped';
  const outcome: SendOutcome = await deps.messenger.sendCard(
    { aadObjectId: employee.entraOid },
    item.card(),
    {
      purpose: message.purpose,
      key: message.subject,
    },
  );
  return outcome.ok ? 'sent' : 'undeliverable';
}

/**
 * Every reminder due on `on` (or earlier and not sent yet), for every saved plan. Someone in their
 * quiet hours right now (their own, else the org-wide 設定 value) is held: nothing is claimed, so a
 * later run of the job sends it, still once.
 */
export async function sendDueReminders(
  deps: ChildcareDeps,
  on: IsoDate = today(deps),
): Promise<{ sent: number; skipped: number; failed: number; held: number }> {
  const settings = await repo.loadChildcareSettings(deps.db);
  const counts = { sent: 0, skipped: 0, failed: 0, held: 0 };
  const now = deps.now();
  let firstError: unknown;
  for (const row of await repo.submittedCases(deps.db)) {
    const sheet = await repo.latestSheet(deps.db, row.id);
    const employee = await findEmployeeById(deps.db, row.employee_id);
    if (!sheet || !employee) continue;
    const prefs = await getPreferences(deps.db, employee.id);
    if (isQuietTime(now, { start: prefs.quietStart, end: prefs.quietEnd })) {
      counts.held++;
      continue;
    }
    const plan = planOf(row, sheet.answers);
    for (const item of remindersFor(plan, settings, on).filter((i) => i.sendOn <= on)) {
      try {
        const result = await sendOnce(deps, employee, {
          key: item.key,
          caseId: row.id,
          type: item.type,
          sendOn: item.sendOn,
          card: () =>
            item.type === 'info_set'
              ? deps.cards.infoSet(
                  { caseId: row.id, occasion: item.occasion ?? 'report', settings },
                  employee.locale,
                )
              : deps.cards.reminder({ item, plan, settings }, employee.locale),
        });
        if (result === 'skipped') counts.skipped++;
        else if (result === 'sent') counts.sent++;
        else counts.failed++;
      } catch (err) {
        counts.failed++;
        firstError ??= err;
      }
    }
  }
  // Rethrown after the loop so one person's connector trouble does not hold back the others;
  // the job's retry then sends only what is still unclaimed.
  if (firstError) throw firstError;
  return counts;
}
