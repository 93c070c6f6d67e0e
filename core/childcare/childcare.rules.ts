import {
  addDays,
  addWorkingDays,
  daysBetween,
  type IsoDate,
  isValidIsoDate,
  nextWorkingDay,
} from '../shared/calendar.ts';
import { AppError } from '../shared/errors.ts';
import { type PlanIssue, planIssue, windowRule } from './childcare.messages.ts';
import type { ChildcareSettings } from './childcare.settings.ts';
import {
  isSpecialLeave,
  LEAVE_KINDS,
  type LeaveKind,
  type LeaveRange,
  type PlanDates,
} from './childcare-plan.schema.ts';
import {
  countedDays,
  type LeaveWindow,
  leaveWindows,
  type PlanWindows,
  requestDeadline,
} from './childcare-windows.rules.ts';

/**
 * Checks a childcare plan against the rules of each leave. Errors make the plan unsavable;
 * warnings are shown on the card and the plan is kept (a late request may still be approved).
 */

/** The part of a plan the rules read (a stored plan or a card submit both fit). */
export type PlanForRules = PlanDates & {
  ranges: readonly LeaveRange[];
  olderPreschoolChild?: boolean;
};

export interface PlanValidation {
  /** No errors (warnings allowed). */
  ok: boolean;
  errors: PlanIssue[];
  warnings: PlanIssue[];
  windows: PlanWindows;
}

const at = (index: number, field?: 'start' | 'end') =>
  field ? `ranges.${index}.${field}` : `ranges.${index}`;

interface Indexed {
  index: number;
  range: LeaveRange;
}

function byStart(ranges: readonly LeaveRange[]): Indexed[] {
  return ranges
    .map((range, index) => ({ index, range }))
    .sort((a, b) =>
      a.range.start < b.range.start ? -1 : a.range.start > b.range.start ? 1 : a.index - b.index,
    );
}

/** 休業 (育児休業 incl. 産後パパ育休), as opposed to the special leaves taken by the day. */
const isLeaveOfAbsence = (kind: LeaveKind) => !isSpecialLeave(kind);

function windowIssue(
  index: number,
  range: LeaveRange,
  window: LeaveWindow,
  settings: ChildcareSettings,
  born: IsoDate | undefined,
): PlanIssue | null {
  // 育児休業 is for a child that exists: from the day of the birth (人事院 Q&A 問1 出産日当日から).
  // Once the birth is known, any 休業 before it — planned or "taken" — is not 育児休業.
  if (born && isLeaveOfAbsence(range.kind) && range.start < born)
    return planIssue('before_birth', 'error', at(index, 'start'), { ...range, birth: born });
  const early = range.start < window.from;
  // A 産後パパ育休 running past day 57 is not refused: it counts as ordinary 育児休業 (問2 留意点),
  // reported by parentalLeaveParts. One starting after day 57 is not 産後パパ育休 at all.
  const late = window.kind === 'postnatal_paternity_leave' ? range.start > window.to : range.end > window.to;
  if (!early && !late) return null;
  const where = early && late ? at(index) : early ? at(index, 'start') : at(index, 'end');
  return planIssue(
    'outside_window',
    'error',
    late && window.kind === 'postnatal_paternity_leave' ? at(index, 'start') : where,
    {
      kind: range.kind,
      start: range.start,
      end: range.end,
      from: window.from,
      to: window.to,
      ruleJa: windowRule(window, settings, 'ja'),
      ruleEn: windowRule(window, settings, 'en'),
    },
  );
}

/** Back-to-back rows of one kind are one continuous period, so one part: the first row of each part. */
function partsOf(sortedOfKind: readonly Indexed[]): { first: Indexed; end: IsoDate }[] {
  const parts: { first: Indexed; end: IsoDate }[] = [];
  for (const x of sortedOfKind) {
    const last = parts.at(-1);
    if (last && x.range.start <= addDays(last.end, 1)) {
      if (x.range.end > last.end) last.end = x.range.end;
    } else parts.push({ first: x, end: x.range.end });
  }
  return parts;
}

/**
 * 育児休業 parts (国家公務員育児休業法 as explained by 人事院 Q&A 問1, 問2, 問5): within the 57 days
 * the 1st and 2nd are 産後パパ育休; a 3rd there, or one running into day 58, is allowed but counts as
 * one of the two ordinary 育児休業, of which more than two need 特別の事情 (a warning).
 */
function parentalLeaveParts(ranges: readonly LeaveRange[], windows: PlanWindows['windows']): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const sorted = byStart(ranges);
  const papaWindow = windows.postnatal_paternity_leave;
  const ordinary: Indexed[] = [];
  let papaCount = 0;
  for (const part of partsOf(sorted.filter((x) => x.range.kind === 'postnatal_paternity_leave'))) {
    if (part.first.range.start > papaWindow.to) continue; // refused by windowIssue
    if (part.end > papaWindow.to) {
      issues.push(
        planIssue('papa_past_window', 'warning', at(part.first.index), {
          kind: 'postnatal_paternity_leave',
          start: part.first.range.start,
          end: part.end,
          to: papaWindow.to,
        }),
      );
      ordinary.push(part.first);
    } else if (papaCount >= (papaWindow.maxParts ?? Number.POSITIVE_INFINITY)) {
      issues.push(
        planIssue('third_part_ordinary', 'warning', at(part.first.index), {
          kind: 'postnatal_paternity_leave',
          start: part.first.range.start,
          end: part.end,
          max: papaWindow.maxParts ?? 0,
        }),
      );
      ordinary.push(part.first);
    } else papaCount++;
  }
  for (const part of partsOf(sorted.filter((x) => x.range.kind === 'childcare_leave')))
    ordinary.push(part.first);
  const max = windows.childcare_leave.maxParts;
  if (max !== null && ordinary.length > max) {
    const over = ordinary.sort((a, b) => (a.range.start < b.range.start ? -1 : 1))[max]!;
    issues.push(
      planIssue('too_many_parts', 'warning', at(over.index), {
        kind: 'childcare_leave',
        max,
        planned: ordinary.length,
      }),
    );
  }
  return issues;
}

/** Day and part limits per kind, reported on the range that goes over. */
function limitIssues(ranges: readonly LeaveRange[], windows: PlanWindows['windows']): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const sorted = byStart(ranges);
  for (const kind of LEAVE_KINDS) {
    const window = windows[kind];
    const ofKind = sorted.filter((x) => x.range.kind === kind);
    if (window.maxDays !== null) {
      const total = ofKind.reduce((sum, x) => sum + countedDays(kind, x.range.start, x.range.end), 0);
      let running = 0;
      for (const x of ofKind) {
        running += countedDays(kind, x.range.start, x.range.end);
        if (running > window.maxDays) {
          issues.push(
            planIssue('too_many_days', 'error', at(x.index), { kind, max: window.maxDays, planned: total }),
          );
          break;
        }
      }
    }
    if (window.maxParts !== null && isSpecialLeave(kind)) {
      const parts = partsOf(ofKind);
      const over = parts[window.maxParts];
      if (over)
        issues.push(
          planIssue('too_many_parts', window.partsHardLimit ? 'error' : 'warning', at(over.first.index), {
            kind,
            max: window.maxParts,
            planned: parts.length,
          }),
        );
    }
  }
  issues.push(...parentalLeaveParts(ranges, windows));
  return issues;
}

function overlapIssues(ranges: readonly LeaveRange[]): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const sorted = byStart(ranges);
  for (let b = 1; b < sorted.length; b++) {
    const later = sorted[b]!;
    // Report each range once, against the earliest range it runs into.
    const earlier = sorted.slice(0, b).find((a) => a.range.end >= later.range.start);
    if (!earlier) continue;
    issues.push(
      planIssue('overlap', 'error', at(later.index), {
        kind: later.range.kind,
        start: later.range.start,
        end: later.range.end,
        otherKind: earlier.range.kind,
        otherStart: earlier.range.start,
        otherEnd: earlier.range.end,
      }),
    );
  }
  return issues;
}

/** Problems that do not depend on today's date: windows, day counts, parts, overlaps. */
export function structuralIssues(
  plan: PlanForRules,
  settings: ChildcareSettings,
  windows: PlanWindows = leaveWindows(plan, settings),
): PlanIssue[] {
  const issues: PlanIssue[] = [];
  plan.ranges.forEach((range, index) => {
    if (isSpecialLeave(range.kind) && countedDays(range.kind, range.start, range.end) === 0) {
      issues.push(planIssue('no_working_day', 'error', at(index), range));
    }
    const outside = windowIssue(index, range, windows.windows[range.kind], settings, plan.birthDate);
    if (outside) issues.push(outside);
    if (
      range.kind === 'childcare_participation_leave' &&
      plan.olderPreschoolChild === false &&
      range.start < windows.referenceBirth
    ) {
      issues.push(
        planIssue('participation_before_birth', 'warning', at(index, 'start'), {
          ...range,
          birth: windows.referenceBirth,
        }),
      );
    }
  });
  issues.push(...limitIssues(plan.ranges, windows.windows));
  issues.push(...overlapIssues(plan.ranges));
  if (plan.dueDate && plan.birthDate) {
    const offset = daysBetween(plan.dueDate, plan.birthDate);
    if (
      offset < -settings.sanity.birthEarliestDaysBeforeDue ||
      offset > settings.sanity.birthLatestDaysAfterDue
    )
      issues.push(
        planIssue('birth_far_from_due', 'warning', 'birthDate', {
          birthDate: plan.birthDate,
          dueDate: plan.dueDate,
        }),
      );
  }
  return issues;
}

function leadText(kind: LeaveKind, settings: ChildcareSettings): { ja: string; en: string } {
  if (kind === 'childcare_leave') {
    const m = settings.childcareLeave.requestLeadMonths;
    return { ja: `${m}か月`, en: `${m} month${m === 1 ? '' : 's'}` };
  }
  const d = settings.postnatalPaternityLeave.requestLeadDays;
  return d % 7 === 0
    ? { ja: `${d / 7}週間`, en: `${d / 7} week${d === 7 ? '' : 's'}` }
    : { ja: `${d}日`, en: `${d} days` };
}

/** Problems that depend on today: past starts, missed request deadlines, a birth "in the future". */
function timingIssues(plan: PlanForRules, settings: ChildcareSettings, today: IsoDate): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (plan.birthDate && plan.birthDate > today)
    issues.push(planIssue('birth_in_future', 'error', 'birthDate', { birthDate: plan.birthDate, today }));
  plan.ranges.forEach((range, index) => {
    if (range.status !== 'planned') return;
    if (range.start < today) {
      issues.push(planIssue('start_in_past', 'error', at(index, 'start'), { ...range, today }));
      return;
    }
    const requestBy = requestDeadline(range.kind, range.start, settings);
    if (requestBy && requestBy < today) {
      const lead = leadText(range.kind, settings);
      issues.push(
        planIssue('request_deadline_passed', 'warning', at(index, 'start'), {
          ...range,
          requestBy,
          lead: lead.ja,
          leadEn: lead.en,
        }),
      );
    }
  });
  return issues;
}

/** Every problem of the plan as of `today`, split into errors and warnings. */
export function validatePlan(
  plan: PlanForRules,
  settings: ChildcareSettings,
  today: IsoDate,
): PlanValidation {
  const windows = leaveWindows(plan, settings);
  const issues = [...structuralIssues(plan, settings, windows), ...timingIssues(plan, settings, today)];
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  return { ok: errors.length === 0, errors, warnings, windows };
}

/** Throws AppError('bad_request') listing the errors, for the card submit and the API. */
export function assertPlanValid(validation: PlanValidation): void {
  if (!validation.ok)
    throw new AppError('bad_request', 'the childcare plan breaks the leave rules', validation.errors);
}

// ---- the birth ----

export interface WindowMove {
  kind: LeaveKind;
  edge: 'from' | 'to';
  before: IsoDate;
  after: IsoDate;
  /** after − before, in days (negative: earlier). */
  days: number;
}

export interface RangeSuggestion {
  index: number;
  kind: LeaveKind;
  start: IsoDate;
  end: IsoDate;
}

export interface BirthRecompute<P extends PlanForRules> {
  /** The plan with the birth date set; ranges untouched (the employee decides). */
  plan: P & { birthDate: IsoDate };
  /** birth − due date in days (negative: born early); 0 if there was no due date. */
  shiftDays: number;
  windowsBefore: PlanWindows;
  windows: PlanWindows;
  /** Window edges that changed. */
  moved: WindowMove[];
  /** Problems the birth date created (were not there before). */
  nowInvalid: PlanIssue[];
  /** For ranges now outside their window: the same range moved with the birth, when that fits. */
  suggestions: RangeSuggestion[];
}

const issueKey = (i: PlanIssue) => `${i.code}|${i.where}`;

/**
 * The birth is known: new windows, what moved, and which planned ranges no longer fit. Nothing is
 * changed silently; the card shows the list and the employee edits the plan.
 */
export function recomputeOnBirth<P extends PlanForRules>(
  plan: P,
  actualBirthDate: IsoDate,
  settings: ChildcareSettings,
): BirthRecompute<P> {
  if (!isValidIsoDate(actualBirthDate))
    throw new AppError('bad_request', 'invalid birth date', [
      { where: 'birthDate', message: '出生日は YYYY-MM-DD の形の実在する日付で入力してください' },
    ]);
  if (plan.spouseAdmissionDate && plan.spouseAdmissionDate > actualBirthDate)
    throw new AppError('bad_request', 'admission after birth', [
      { where: 'spouseAdmissionDate', message: '配偶者の入院等の日は出生日以前の日付にしてください' },
    ]);

  const previousReference = (plan.birthDate ?? plan.dueDate) as IsoDate;
  const next = { ...plan, birthDate: actualBirthDate };
  const windowsBefore = leaveWindows(plan, settings);
  const windows = leaveWindows(next, settings);

  const moved: WindowMove[] = [];
  for (const kind of LEAVE_KINDS) {
    for (const edge of ['from', 'to'] as const) {
      const before = windowsBefore.windows[kind][edge];
      const after = windows.windows[kind][edge];
      if (before !== after) moved.push({ kind, edge, before, after, days: daysBetween(before, after) });
    }
  }

  const had = new Set(structuralIssues(plan, settings, windowsBefore).map(issueKey));
  const nowInvalid = structuralIssues(next, settings, windows).filter((i) => !had.has(issueKey(i)));

  const shift = daysBetween(previousReference, actualBirthDate);
  const suggestions: RangeSuggestion[] = [];
  const outside = new Set(
    nowInvalid
      .filter((i) => i.code === 'outside_window' || i.code === 'before_birth')
      .map((i) => Number(i.where.split('.')[1])),
  );
  for (const index of [...outside].sort((a, b) => a - b)) {
    const range = next.ranges[index]!;
    if (shift === 0) continue;
    let start = addDays(range.start, shift);
    let end = addDays(range.end, shift);
    if (isSpecialLeave(range.kind)) {
      // Keep the number of leave days: the moved range may land on a weekend.
      const days = countedDays(range.kind, range.start, range.end);
      if (days === 0) continue;
      start = nextWorkingDay(start);
      end = addWorkingDays(start, days - 1);
    }
    const window = windows.windows[range.kind];
    if (start >= window.from && end <= window.to) suggestions.push({ index, kind: range.kind, start, end });
  }

  return {
    plan: next,
    shiftDays: plan.dueDate ? daysBetween(plan.dueDate, actualBirthDate) : 0,
    windowsBefore,
    windows,
    moved,
    nowInvalid,
    suggestions,
  };
}
