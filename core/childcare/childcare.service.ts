import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import { isQuietTime } from '../leave/campaign-reminders.rules.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import type { EmployeeProfile, Locale } from '../org/org.table.ts';
import { getPreferences } from '../org/preference.repository.ts';
import { type IsoDate, isValidIsoDate, tokyoDateOf } from '../shared/calendar.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { ProactiveMessenger, SendOutcome } from '../shared/messenger.ts';
import type { PlanIssue } from './childcare.messages.ts';
import * as repo from './childcare.repository.ts';
import { type BirthRecompute, recomputeOnBirth, validatePlan } from './childcare.rules.ts';
import type { ChildcareSettings } from './childcare.settings.ts';
import type { CaseSource, ChildcareCaseRow } from './childcare.table.ts';
import {
  type ChildcarePlan,
  type ChildcarePlanFields,
  type LeaveRange,
  parseChildcarePlan,
  parseChildcarePlanInput,
} from './childcare-plan.schema.ts';
import { type ReminderItem, remindersFor } from './childcare-reminders.rules.ts';

/**
 * The childcare flow: start a case, save the sheet (versioned), consent-gated sharing with the
 * manager, the birth, reminders. Cards come through a port so core stays free of Teams.
 */

export interface ChildcareCardPort {
  infoSet(
    input: {
      caseId: string;
      occasion: 'report' | 'before_birth';
      settings: ChildcareSettings;
      invited?: boolean;
    },
    locale: Locale,
  ): object;
  reminder(
    input: { item: ReminderItem; plan: ChildcarePlan; settings: ChildcareSettings },
    locale: Locale,
  ): object;
  managerPlan(
    input: {
      caseId: string;
      version: number;
      employeeName: string;
      ranges: readonly LeaveRange[];
      acknowledged: boolean;
    },
    locale: Locale,
  ): object;
  managerWithdrawn(input: { employeeName: string }, locale: Locale): object;
}

export interface ChildcareDeps {
  db: Db;
  messenger: ProactiveMessenger;
  logger: Logger;
  now: () => Date;
  cards: ChildcareCardPort;
}

export interface CaseView {
  row: ChildcareCaseRow;
  /** The saved plan (undefined before the first save). */
  plan?: ChildcarePlan;
  version: number;
}

export const today = (deps: Pick<ChildcareDeps, 'now'>): IsoDate => tokyoDateOf(deps.now());

/** The stored sheet as a plan; the case id serves as the plan id (reminder keys build on it). */
export function planOf(row: ChildcareCaseRow, answers: Record<string, unknown>): ChildcarePlan {
  return parseChildcarePlan({ ...answers, id: row.id, reportedOn: row.reported_on });
}

export async function loadCase(db: Db, caseId: string): Promise<CaseView | undefined> {
  const row = await repo.findCase(db, caseId);
  if (!row) return undefined;
  const sheet = row.current_version > 0 ? await repo.latestSheet(db, row.id) : undefined;
  return { row, plan: sheet ? planOf(row, sheet.answers) : undefined, version: row.current_version };
}

/** A card action may only touch the sender's own case; anyone else learns nothing about it. */
export async function ownCase(db: Db, employee: EmployeeProfile, caseId: unknown): Promise<CaseView> {
  const view = typeof caseId === 'string' ? await loadCase(db, caseId) : undefined;
  if (!view || view.row.employee_id !== employee.id)
    throw new AppError(
      'forbidden',
      employee.locale === 'en'
        ? 'This card belongs to someone else.'
        : 'このカードはほかの方のものなので操作できません。',
    );
  if (view.row.status === 'closed')
    throw new AppError(
      'gone',
      employee.locale === 'en' ? 'This plan is closed.' : 'この計画は終了しています。',
    );
  return view;
}

// ---- start ----

/**
 * Opens (or finds) the person's case and sends the information set once. Used by the command, the
 * WLB officer's invitation and a pregnancy/birth report.
 */
export async function startCase(
  deps: ChildcareDeps,
  employee: EmployeeProfile,
  input: {
    source: CaseSource;
    invitedBy?: string | null;
    dueDate?: IsoDate | null;
    birthDate?: IsoDate | null;
    multipleBirth?: boolean;
  },
): Promise<{ view: CaseView; created: boolean }> {
  const settings = await repo.loadChildcareSettings(deps.db);
  const { row, created } = await deps.db.transaction(async (tx) => {
    const opened = await repo.openCase(tx, { employeeId: employee.id, reportedOn: today(deps), ...input });
    if (!opened.created) {
      if (input.source === 'self') await repo.markStarted(tx, opened.row.id);
      if (input.source === 'report' && (input.dueDate || input.birthDate))
        await repo.setReportedDates(tx, opened.row.id, {
          dueDate: input.dueDate ?? null,
          birthDate: input.birthDate ?? null,
          multipleBirth: input.multipleBirth ?? false,
        });
    }
    await writeAudit(tx, {
      actorId: input.invitedBy ?? employee.id,
      action: `childcare.start.${input.source}`,
      targetType: 'childcare_case',
      targetId: opened.row.id,
      detail: { created: opened.created },
    });
    return opened;
  });
  await sendOnce(deps, employee, {
    key: `${row.id}:info_set:report:${row.reported_on}`,
    caseId: row.id,
    type: 'info_set',
    sendOn: today(deps),
    card: () =>
      deps.cards.infoSet(
        { caseId: row.id, occasion: 'report', settings, invited: input.source === 'invite' },
        employee.locale,
      ),
  });
  const view = (await loadCase(deps.db, row.id)) as CaseView;
  return { view, created };
}

// ---- the sheet ----

export type BirthChange = Pick<
  BirthRecompute<ChildcarePlan>,
  'moved' | 'nowInvalid' | 'suggestions' | 'shiftDays'
>;

export interface SaveResult {
  view: CaseView & { plan: ChildcarePlan };
  warnings: PlanIssue[];
  /** Set when this save entered the birth date: what moved. */
  birth?: BirthChange;
}

/**
 * The card only plans, so a range sent back unchanged keeps its stored status; one kept unchanged
 * after its start day has passed is recorded as taken (the sheet is the father's own record, and
 * the take-up figures count taken ranges). A new range in the past is still refused by the rules.
 */
export function carryStatuses(
  ranges: readonly LeaveRange[],
  previous: readonly LeaveRange[] | undefined,
  on: IsoDate,
): LeaveRange[] {
  return ranges.map((r) => {
    const same = previous?.find((p) => p.kind === r.kind && p.start === r.start && p.end === r.end);
    if (!same) return r;
    return { ...r, status: same.status === 'planned' && same.start < on ? 'taken' : same.status };
  });
}

/**
 * Validates and saves the sheet as a new version. Any rule error refuses the whole submit (nothing
 * stored); warnings are returned for the card.
 */
export async function saveSheet(
  deps: ChildcareDeps,
  employee: EmployeeProfile,
  caseId: unknown,
  expectedVersion: number,
  input: unknown,
): Promise<SaveResult> {
  const view = await ownCase(deps.db, employee, caseId);
  if (expectedVersion !== view.version)
    throw new AppError(
      'conflict',
      employee.locale === 'en'
        ? 'The plan was changed in another card. Open it again.'
        : '計画はほかのカードで更新されています。開き直してください。',
    );
  const settings = await repo.loadChildcareSettings(deps.db);
  const parsed: ChildcarePlanFields = parseChildcarePlanInput(input);
  const fields: ChildcarePlanFields = {
    ...parsed,
    ranges: carryStatuses(parsed.ranges, view.plan?.ranges, today(deps)),
  };
  const validation = validatePlan(fields, settings, today(deps));
  if (!validation.ok) throw planError(validation.errors, employee.locale);

  const plan = planOf(view.row, fields as unknown as Record<string, unknown>);
  const birth =
    view.plan && !view.plan.birthDate && plan.birthDate
      ? recomputeOnBirth(view.plan, plan.birthDate, settings)
      : undefined;
  await deps.db.transaction(async (tx) => {
    const saved = await repo.saveSheetVersion(tx, {
      caseId: view.row.id,
      expectedVersion,
      answers: fields as unknown as Record<string, unknown>,
      by: employee.id,
      dueDate: fields.dueDate ?? null,
      birthDate: fields.birthDate ?? null,
      multipleBirth: fields.multipleBirth,
    });
    if (await repo.setConsent(tx, view.row.id, fields.consentToShareWithManager, employee.id))
      await writeAudit(tx, {
        actorId: employee.id,
        action: fields.consentToShareWithManager ? 'childcare.consent.grant' : 'childcare.consent.withdraw',
        targetType: 'childcare_case',
        targetId: view.row.id,
      });
    // Ids and counts only: the sheet holds the spouse's details.
    await writeAudit(tx, {
      actorId: employee.id,
      action: 'childcare.sheet.save',
      targetType: 'childcare_case',
      targetId: view.row.id,
      detail: { version: saved, ranges: fields.ranges.length },
    });
  });
  const after = (await loadCase(deps.db, view.row.id)) as CaseView & { plan: ChildcarePlan };
  await syncManagerShare(deps, after, employee);
  return { view: after, warnings: validation.warnings, birth };
}

/** The birth date, entered on the saved plan: new windows and what moved; ranges are not moved silently. */
export async function enterBirth(
  deps: ChildcareDeps,
  employee: EmployeeProfile,
  caseId: unknown,
  expectedVersion: number,
  birthDate: unknown,
): Promise<SaveResult> {
  const view = await ownCase(deps.db, employee, caseId);
  if (!view.plan)
    throw new AppError(
      'conflict',
      employee.locale === 'en' ? 'Save the plan first.' : '先に計画を保存してください。',
    );
  if (expectedVersion !== view.version)
    throw new AppError(
      'conflict',
      employee.locale === 'en'
        ? 'The plan was changed in another card. Open it again.'
        : '計画はほかのカードで更新されています。開き直してください。',
    );
  if (typeof birthDate !== 'string' || !isValidIsoDate(birthDate))
    throw new AppError(
      'bad_request',
      employee.locale === 'en' ? 'Enter the date of birth.' : '出生日を入力してください。',
      [
        {
          where: 'birthDate',
          message:
            employee.locale === 'en'
              ? 'Enter a real date (YYYY-MM-DD).'
              : '出生日は実在する日付で入力してください。',
        },
      ],
    );
  if (birthDate > today(deps))
    throw planError(
      validatePlan(
        { ...view.plan, birthDate },
        await repo.loadChildcareSettings(deps.db),
        today(deps),
      ).errors.filter((e) => e.code === 'birth_in_future'),
      employee.locale,
    );
  const settings = await repo.loadChildcareSettings(deps.db);
  const birth = recomputeOnBirth(view.plan, birthDate, settings);
  const { id: _id, reportedOn: _r, ...fields } = birth.plan;
  await deps.db.transaction(async (tx) => {
    await repo.saveSheetVersion(tx, {
      caseId: view.row.id,
      expectedVersion,
      answers: fields as unknown as Record<string, unknown>,
      by: employee.id,
      dueDate: fields.dueDate ?? null,
      birthDate,
      multipleBirth: fields.multipleBirth,
    });
    await writeAudit(tx, {
      actorId: employee.id,
      action: 'childcare.birth',
      targetType: 'childcare_case',
      targetId: view.row.id,
    });
  });
  const after = (await loadCase(deps.db, view.row.id)) as CaseView & { plan: ChildcarePlan };
  await syncManagerShare(deps, after, employee);
  return { view: after, warnings: birth.nowInvalid, birth };
}

function planError(errors: PlanIssue[], locale: Locale): AppError {
  const fields: FieldError[] = errors.map((e) => ({
    where: e.where,
    message: locale === 'en' ? e.en : e.message,
  }));
  return new AppError(
    'bad_request',
    locale === 'en'
      ? 'The plan was not saved. Please fix these points:'
      : '計画は保存されていません。次の点を直してください。',
    fields,
  );
}

// ---- consent and the manager ----

/** Consent on or off, immediately; the manager's card follows. */
export async function changeConsent(
  deps: ChildcareDeps,
  employee: EmployeeProfile,
  caseId: unknown,
  granted: boolean,
): Promise<CaseView> {
  const view = await ownCase(deps.db, employee, caseId);
  if (!view.plan)
    throw new AppError(
      'conflict',
      employee.locale === 'en' ? 'Save the plan first.' : '先に計画を保存してください。',
    );
  await deps.db.transaction(async (tx) => {
    const changed = await repo.setConsent(tx, view.row.id, granted, employee.id);
    if (changed)
      await writeAudit(tx, {
        actorId: employee.id,
        action: granted ? 'childcare.consent.grant' : 'childcare.consent.withdraw',
        targetType: 'childcare_case',
        targetId: view.row.id,
      });
  });
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
          ? await deps.messenger.updateCard(share.conversation_id, share.activity_id, card)
          : await deps.messenger.sendCard({ aadObjectId: manager.entraOid }, card, {
              summary: '育児休業等の計画が共有されました',
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

// ---- reminders ----

interface Sendable {
  key: string;
  caseId: string;
  type: string;
  sendOn: IsoDate;
  card: () => object;
}

/** Claim, send, record: the key makes it once, even with two instances running the same job. */
async function sendOnce(
  deps: ChildcareDeps,
  employee: EmployeeProfile,
  item: Sendable,
): Promise<'sent' | 'skipped' | 'undeliverable'> {
  if (!employee.entraOid) return 'undeliverable';
  if (!(await repo.claimDelivery(deps.db, item))) return 'skipped';
  let outcome: SendOutcome;
  try {
    outcome = await deps.messenger.sendCard({ aadObjectId: employee.entraOid }, item.card());
  } catch (err) {
    await repo.releaseDelivery(deps.db, item.key);
    throw err;
  }
  await repo.completeDelivery(
    deps.db,
    item.key,
    outcome.ok
      ? { status: 'sent', conversationId: outcome.conversationId, activityId: outcome.activityId }
      : { status: 'undeliverable' },
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
