import { writeAudit } from '../audit/audit.repository.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import type { EmployeeProfile } from '../org/org.table.ts';
import { AppError } from '../shared/errors.ts';
import type { SendOutcome } from '../shared/messenger.ts';
import * as repo from './childcare.repository.ts';
import {
  type CaseView,
  type ChildcareDeps,
  loadCase,
  ownCase,
  requireSavedPlan,
  setConsent,
} from './childcare-case.ts';
import { syncManagerFollow } from './childcare-follow.service.ts';
import type { ChildcarePlan } from './childcare-plan.schema.ts';

/** Consent-gated sharing: the manager's card appears only with consent and is withdrawn with it. */

/** Consent on or off, immediately; the manager's card follows. */
export async function changeConsent(
  deps: ChildcareDeps,
  employee: EmployeeProfile,
  caseId: unknown,
  granted: boolean,
): Promise<CaseView> {
  const view = await ownCase(deps.db, employee, caseId);
  requireSavedPlan(view, employee.locale);
  await deps.db.transaction((tx) => setConsent(tx, view.row.id, granted, employee.id));
  const after = (await loadCase(deps.db, view.row.id)) as CaseView;
  await syncManagerShare(deps, after, employee);
  return after;
}

/**
 * Brings the manager's card in line with consent: sent (or updated) while consent is given,
 * replaced by a "withdrawn" notice when it is not. A failed send is logged; consent itself is
 * already in force (the API and the card action read it from the database).
 */
export async function syncManagerShare(
  deps: ChildcareDeps,
  view: CaseView,
  employee: EmployeeProfile,
): Promise<SendOutcome | undefined> {
  if (!employee.manager || !view.plan) return undefined;
  // Once the birth is known and consent given, the manager's follow sheet goes out (seed 002).
  await syncManagerFollow(deps, view, employee);
  const manager = await findEmployeeById(deps.db, employee.manager.id);
  if (!manager?.entraOid) return undefined;
  const share = await repo.findShare(deps.db, view.row.id, manager.id);
  try {
    if (view.row.consent) {
      const acknowledged = await repo.coverageAcknowledged(deps.db, view.row.id, view.version);
      const card = deps.cards.managerPlan(
        {
          caseId: view.row.id,
          version: view.version,
          employeeName: employee.name,
          ranges: view.plan.ranges,
          acknowledged,
        },
        manager.locale,
      );
      const outcome =
        share?.conversation_id && share.activity_id
          ? await deps.messenger.updateCard(share.conversation_id, share.activity_id, card, {
              purpose: 'childcare.share',
            })
          : await deps.messenger.sendCard({ aadObjectId: manager.entraOid }, card, {
              summary: '育児休業等の計画が共有されました',
              purpose: 'childcare.share',
              key: `${view.row.id}:${view.version}`,
            });
      await repo.recordShare(deps.db, {
        caseId: view.row.id,
        managerId: manager.id,
        conversationId: outcome.ok ? outcome.conversationId : null,
        activityId: outcome.ok ? outcome.activityId : null,
        version: view.version,
      });
      return outcome;
    }
    if (share && !share.withdrawn_at) {
      await repo.markShareWithdrawn(deps.db, view.row.id, manager.id);
      if (share.conversation_id && share.activity_id)
        return await deps.messenger.updateCard(
          share.conversation_id,
          share.activity_id,
          deps.cards.managerWithdrawn({ employeeName: employee.name }, manager.locale),
          { purpose: 'childcare.share' },
        );
    }
  } catch (err) {
    deps.logger.warn({ err, caseId: view.row.id }, 'manager card not updated');
  }
  return undefined;
}

/** The manager confirms coverage; only the employee's manager, only while consent holds. */
export async function confirmCoverage(
  deps: ChildcareDeps,
  manager: EmployeeProfile,
  caseId: unknown,
  version: unknown,
) {
  const view = typeof caseId === 'string' ? await loadCase(deps.db, caseId) : undefined;
  const employee = view ? await findEmployeeById(deps.db, view.row.employee_id) : undefined;
  const en = manager.locale === 'en';
  if (!view || !employee || employee.manager?.id !== manager.id)
    throw new AppError(
      'forbidden',
      en ? 'This card is not for you.' : 'このカードはあなたあてではありません。',
    );
  if (!view.row.consent || !view.plan) return { view, employee, withdrawn: true as const };
  const v = typeof version === 'number' ? version : view.version;
  await deps.db.transaction(async (tx) => {
    if (await repo.acknowledgeCoverage(tx, view.row.id, manager.id, v))
      await writeAudit(tx, {
        actorId: manager.id,
        action: 'childcare.coverage.ack',
        targetType: 'childcare_case',
        targetId: view.row.id,
        detail: { version: v },
      });
  });
  return { view: view as CaseView & { plan: ChildcarePlan }, employee, withdrawn: false as const };
}
