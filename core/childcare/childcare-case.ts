import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import type { EmployeeProfile, Locale } from '../org/org.table.ts';
import { type IsoDate, tokyoDateOf } from '../shared/calendar.ts';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import * as repo from './childcare.repository.ts';
import type { ChildcareSettings } from './childcare.settings.ts';
import type { ChildcareCaseRow } from './childcare.table.ts';
import { type ChildcarePlan, type LeaveRange, parseChildcarePlan } from './childcare-plan.schema.ts';
import type { ReminderItem } from './childcare-reminders.rules.ts';
/**
 * What every part of the childcare flow shares: its dependencies, the card port (cards come
 * through it so core stays free of Teams), and loading a case with its saved plan.
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
  /** The father's manager's follow sheet (seed 002), with what is already recorded. */
  managerFollow(
    input: {
      caseId: string;
      employeeName: string;
      birthDate: IsoDate;
      done: Record<'explained' | 'encouraged' | 'coverArranged' | 'talkDate', boolean>;
      talkDate: IsoDate | null;
      complete: boolean;
      reminder: boolean;
    },
    locale: Locale,
  ): object;
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

/** Consent and the birth date act on a saved plan. */
export function requireSavedPlan(
  view: CaseView,
  locale: Locale,
): asserts view is CaseView & { plan: ChildcarePlan } {
  if (!view.plan)
    throw new AppError('conflict', locale === 'en' ? 'Save the plan first.' : '先に計画を保存してください。');
}

/** The card must show the current version of the plan: another card may have changed it meanwhile. */
export function requireVersion(view: CaseView, expectedVersion: number, locale: Locale): void {
  if (expectedVersion !== view.version)
    throw new AppError(
      'conflict',
      locale === 'en'
        ? 'The plan was changed in another card. Open it again.'
        : '計画はほかのカードで更新されています。開き直してください。',
    );
}

/** Consent to share with the manager, on or off; a change is audited. */
export async function setConsent(
  tx: Db,
  caseId: string,
  granted: boolean,
  employeeId: string,
): Promise<void> {
  if (await repo.setConsent(tx, caseId, granted, employeeId))
    await writeAudit(tx, {
      actorId: employeeId,
      action: granted ? 'childcare.consent.grant' : 'childcare.consent.withdraw',
      targetType: 'childcare_case',
      targetId: caseId,
    });
}
