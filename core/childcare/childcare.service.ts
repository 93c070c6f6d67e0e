import { writeAudit } from '../audit/audit.repository.ts';
import type { EmployeeProfile, Locale } from '../org/org.table.ts';
import { type IsoDate, isValidIsoDate } from '../shared/calendar.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import type { PlanIssue } from './childcare.messages.ts';
import * as repo from './childcare.repository.ts';
import { type BirthRecompute, recomputeOnBirth, validatePlan } from './childcare.rules.ts';
import type { CaseSource } from './childcare.table.ts';
import {
  type CaseView,
  type ChildcareDeps,
  loadCase,
  ownCase,
  planOf,
  requireSavedPlan,
  requireVersion,
  setConsent,
  today,
} from './childcare-case.ts';
import {
  type ChildcarePlan,
  type ChildcarePlanFields,
  type LeaveRange,
  parseChildcarePlanInput,
} from './childcare-plan.schema.ts';
import { sendOnce } from './childcare-reminders.service.ts';
import { syncManagerShare } from './childcare-sharing.service.ts';

/**
 * The childcare flow: start a case, save the sheet (versioned), enter the birth. Sharing with the
 * manager is childcare-sharing.service.ts, reminders childcare-reminders.service.ts.
 */

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

/**
 * The person cancels their case (not a father-to-be after all, opened by mistake, or no longer
 * wanted): closed and unlisted; a manager who saw the shared plan gets the "withdrawn" notice.
 */
export async function cancelCase(
  deps: ChildcareDeps,
  employee: EmployeeProfile,
  caseId: unknown,
): Promise<void> {
  const view = await ownCase(deps.db, employee, caseId);
  const closed = await deps.db.transaction(async (tx) => {
    const done = await repo.closeCase(tx, view.row.id);
    if (done)
      await writeAudit(tx, {
        actorId: employee.id,
        action: 'childcare.cancel',
        targetType: 'childcare_case',
        targetId: view.row.id,
      });
    return done;
  });
  if (closed && view.plan)
    await syncManagerShare(deps, { ...view, row: { ...view.row, consent: false } }, employee);
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
  requireVersion(view, expectedVersion, employee.locale);
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
    await setConsent(tx, view.row.id, fields.consentToShareWithManager, employee.id);
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
  requireSavedPlan(view, employee.locale);
  requireVersion(view, expectedVersion, employee.locale);
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
