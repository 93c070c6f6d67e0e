import { z } from 'zod';
import { type IsoDate, isValidIsoDate } from '../shared/calendar.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import { ruleIssue, zodFieldErrors } from '../shared/zod-errors.ts';

/**
 * The childcare plan (育児シート / 取得計画書): the fields seed 004 IV.2(1)①イ names — 出産予定日,
 * 配偶者の状況, 保育の状況, the wish to use each support system — plus the planned dates of each leave.
 */

/** The four leaves a father plans around a birth. Special leaves (特別休暇) first, then 休業. */
export const LEAVE_KINDS = [
  'spouse_childbirth_leave', // 配偶者出産休暇
  'childcare_participation_leave', // 育児参加のための休暇
  'postnatal_paternity_leave', // 産後パパ育休 (出生時の育児休業)
  'childcare_leave', // 育児休業
  // 年次休暇 taken for the child: counts toward "出生後1年以内に1か月以上" (D8). The government's
  // 1-month goal is of "育児に伴う休暇・休業"; 内閣人事局's イクメンパスポート (as cited by a ministry
  // handbook) lists 年次休暇 among them — the 内閣人事局 definition page itself was not found.
  'childcare_annual_leave',
] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];

export type SpecialLeaveKind =
  | 'spouse_childbirth_leave'
  | 'childcare_participation_leave'
  | 'childcare_annual_leave';

/**
 * Leaves taken by the day on working days (the two 特別休暇 and 年次休暇); 休業 run on calendar days.
 * Only the two 特別休暇 make the 5-day target (childcare-totals.rules.ts names them).
 */
export function isSpecialLeave(kind: LeaveKind): kind is SpecialLeaveKind {
  return (
    kind === 'spouse_childbirth_leave' ||
    kind === 'childcare_participation_leave' ||
    kind === 'childcare_annual_leave'
  );
}

/** Support systems the sheet asks about (seed 004 IV.1(3), IV.2(2)①; seed 000 §(2)②). */
export const SUPPORT_SYSTEMS = [
  ...LEAVE_KINDS,
  'early_late_shift', // 早出遅出勤務
  'short_time_work', // 育児短時間勤務
  'childcare_time', // 育児時間
  'overtime_limit', // 超過勤務の制限
  'late_night_work_limit', // 深夜勤務の制限
  'child_nursing_leave', // 子の看護休暇
  'telework', // テレワーク
  'flextime', // フレックスタイム制
] as const;
export type SupportSystem = (typeof SUPPORT_SYSTEMS)[number];

export const INTENTIONS = ['yes', 'no', 'undecided'] as const;
export type Intention = (typeof INTENTIONS)[number];

export const SPOUSE_SITUATIONS = ['working', 'on_leave', 'not_working'] as const;
export type SpouseSituation = (typeof SPOUSE_SITUATIONS)[number];

/** 保育の状況: the choice, with a free note beside it. */
export const CHILDCARE_ARRANGEMENTS = [
  'family_at_home', // 家庭で保育（配偶者等）
  'nursery_planned', // 保育所等の利用を予定
  'nursery_secured', // 保育所等の入所が決定
  'relatives', // 親族の支援
  'babysitter', // ベビーシッター等
  'other',
  'undecided',
] as const;
export type ChildcareArrangement = (typeof CHILDCARE_ARRANGEMENTS)[number];

/** A planned range is 'planned' until requested; 'taken' records what happened. */
export const RANGE_STATUSES = ['planned', 'requested', 'taken'] as const;
export type RangeStatus = (typeof RANGE_STATUSES)[number];

const isoDate = z.string().refine(isValidIsoDate, {
  message: '日付は YYYY-MM-DD の形の実在する日付で入力してください',
  params: { key: 'invalid_date' },
});

export const leaveRangeSchema = z
  .object({
    kind: z.enum(LEAVE_KINDS),
    start: isoDate,
    /** Omitted for a single day. */
    end: isoDate.optional(),
    status: z.enum(RANGE_STATUSES).default('planned'),
  })
  .refine((r) => r.end === undefined || r.start <= r.end, {
    path: ['end'],
    message: '終了日は開始日以降の日付にしてください',
    params: { key: 'end_before_start' },
  })
  .transform((r) => ({ kind: r.kind, start: r.start, end: r.end ?? r.start, status: r.status }));

export type LeaveRange = z.output<typeof leaveRangeSchema>;

const intendedUseSchema = z
  .partialRecord(z.enum(SUPPORT_SYSTEMS), z.enum(INTENTIONS))
  .default({})
  .transform((given) => {
    const all = {} as Record<SupportSystem, Intention>;
    for (const system of SUPPORT_SYSTEMS) all[system] = given[system] ?? 'undecided';
    return all;
  });

const planFields = {
  /** 出産予定日. */
  dueDate: isoDate.optional(),
  /** 出生日, once the child is born. */
  birthDate: isoDate.optional(),
  /** 配偶者の入院等の日: starts the 配偶者出産休暇 window. */
  spouseAdmissionDate: isoDate.optional(),
  multipleBirth: z.boolean().default(false),
  /**
   * A child below school age at home already. Before the birth, 育児参加のための休暇 is for caring
   * for such a child; undefined = not asked.
   */
  olderPreschoolChild: z.boolean().optional(),
  spouseSituation: z.enum(SPOUSE_SITUATIONS),
  childcareArrangement: z
    .object({
      kind: z.enum(CHILDCARE_ARRANGEMENTS).default('undecided'),
      note: z.string().trim().max(500).optional(),
    })
    .prefault({}),
  intendedUse: intendedUseSchema,
  ranges: z.array(leaveRangeSchema).max(30).default([]),
  consentToShareWithManager: z.boolean().default(false),
};

type PlanDatesShape = { dueDate?: string; birthDate?: string; spouseAdmissionDate?: string };

function checkDates(plan: PlanDatesShape, ctx: z.RefinementCtx): void {
  if (!plan.dueDate && !plan.birthDate)
    ruleIssue(
      ctx,
      ['dueDate'],
      '出産予定日か出生日のどちらかを入力してください',
      'childcare.due_or_birth_date',
    );
  if (plan.spouseAdmissionDate && plan.birthDate && plan.spouseAdmissionDate > plan.birthDate)
    ruleIssue(
      ctx,
      ['spouseAdmissionDate'],
      '配偶者の入院等の日は出生日以前の日付にしてください',
      'childcare.spouse_admission_after_birth',
    );
}

/** What the card collects. */
export const childcarePlanInputSchema = z.object(planFields).superRefine(checkDates);

/** A stored plan: the card's fields plus its id and the day it was reported. */
export const childcarePlanSchema = z
  .object({ id: z.string().min(1).max(100), reportedOn: isoDate, ...planFields })
  .superRefine(checkDates);

export type ChildcarePlanInput = z.input<typeof childcarePlanInputSchema>;
export type ChildcarePlanFields = z.output<typeof childcarePlanInputSchema>;
export type ChildcarePlan = z.output<typeof childcarePlanSchema>;

/** The dates the windows depend on. */
export interface PlanDates {
  dueDate?: IsoDate;
  birthDate?: IsoDate;
  spouseAdmissionDate?: IsoDate;
  multipleBirth: boolean;
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: FieldError[] = zodFieldErrors(parsed.error.issues, { whole: '(plan)' }).map((f, n) => {
    const i = parsed.error.issues[n];
    // The bot shows `message`: our own checks speak Japanese already; zod's built-in ones are wrapped.
    return { ...f, message: i?.code === 'custom' ? i.message : `入力が正しくありません（${i?.message}）` };
  });
  throw new AppError('bad_request', 'invalid childcare plan', fields);
}

/** Parses a card submit; AppError('bad_request') with one FieldError per problem. */
export function parseChildcarePlanInput(input: unknown): ChildcarePlanFields {
  return parseWith(childcarePlanInputSchema, input);
}

export function parseChildcarePlan(input: unknown): ChildcarePlan {
  return parseWith(childcarePlanSchema, input);
}
