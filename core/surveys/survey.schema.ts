import { z } from 'zod';
import { audienceSchema } from '../announcements/announcement.schema.ts';
import { AppError } from '../shared/errors.ts';
import { ruleIssue, zodFieldErrors } from '../shared/zod-errors.ts';

/** A pulse survey is short: the ministries' Forms pulse surveys (seed 003) ask 5–10 questions. */
export const MAX_QUESTIONS = 10;
export const MAX_TEXT_ANSWER = 1_000;
/** The 5-point scale's values (1 = そう思わない … 5 = そう思う). */
export const SCALE = [1, 2, 3, 4, 5] as const;

const text = (max: number) => z.string().trim().min(1, 'is required').max(max);

export const questionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scale'), text: text(300), required: z.boolean().default(true) }),
  z.object({
    kind: z.literal('choice'),
    text: text(300),
    options: z.array(text(80)).min(2).max(8),
    required: z.boolean().default(true),
  }),
  z.object({ kind: z.literal('text'), text: text(300), required: z.boolean().default(false) }),
]);
export type Question = z.infer<typeof questionSchema>;

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

/**
 * A survey's audience: the announcements' (bureaus, sections, roles, people, everyone) without
 * channels — a survey card goes to one person in a 1:1 chat only — and without Entra groups:
 * surveys never expand a group through Graph, so one would match whoever it held when an
 * announcement last expanded it, past a WLB officer's bureaus too. Unknown keys are refused.
 */
export const surveyAudienceSchema = audienceSchema
  .omit({ allTeams: true, teamIds: true, entraGroupIds: true })
  .strict();

/** What HR or a WLB officer composes. */
export const surveyDraftSchema = z
  .object({
    title: text(120),
    intro: z.string().trim().max(1_000).default(''),
    series: z.preprocess(
      (v) => (v === '' ? null : v),
      z.string().trim().min(1).max(80).nullable().default(null),
    ),
    questions: z.array(questionSchema).min(1).max(MAX_QUESTIONS),
    audience: surveyAudienceSchema,
    opensAt: instant,
    closesAt: instant,
    remindAt: z.preprocess((v) => (v === '' ? null : v), instant.nullable().default(null)),
  })
  .superRefine((d, ctx) => {
    if (d.closesAt <= d.opensAt)
      ruleIssue(ctx, ['closesAt'], 'must be after the opening', 'survey.closes_before_opens');
    if (d.remindAt && (d.remindAt <= d.opensAt || d.remindAt >= d.closesAt))
      ruleIssue(ctx, ['remindAt'], 'must be inside the window', 'survey.remind_outside_window');
  });
export type SurveyDraft = z.infer<typeof surveyDraftSchema>;

/** An Action.Execute payload of the survey card: which survey, and the receipt when editing. */
export const cardPayloadSchema = z.object({
  surveyId: z.string().uuid(),
  receipt: z
    .string()
    .regex(/^[A-Z2-7]{26}$/, 'is not a receipt')
    .optional(),
});
export type CardPayload = z.infer<typeof cardPayloadSchema>;

/** One answer per question, index-aligned; null where a question was skipped. */
export type AnswerValue = number | string | null;

/**
 * The card's inputs (`q0`…`q9`, strings as Teams sends them) against the survey's questions:
 * every problem at once, and nothing is stored when there is one.
 */
export function parseAnswers(questions: readonly Question[], inputs: Record<string, unknown>): AnswerValue[] {
  const problems: { where: string; message: string; key: string; params: Record<string, string | number> }[] =
    [];
  const values = questions.map((q, i): AnswerValue => {
    const raw = inputs[`q${i}`];
    const v = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
    const where = `q${i + 1}`;
    if (v === '') {
      if (q.required) problems.push({ where, message: 'is required', key: 'required', params: {} });
      return null;
    }
    if (q.kind === 'scale') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 5) {
        problems.push({
          where,
          message: 'must be 1 to 5',
          key: 'invalid_choice',
          params: { values: '1 / 2 / 3 / 4 / 5' },
        });
        return null;
      }
      return n;
    }
    if (q.kind === 'choice') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n >= q.options.length) {
        problems.push({
          where,
          message: 'is not one of the choices',
          key: 'invalid_choice',
          params: { values: q.options.join(' / ') },
        });
        return null;
      }
      return n;
    }
    if (v.length > MAX_TEXT_ANSWER) {
      problems.push({
        where,
        message: `at most ${MAX_TEXT_ANSWER} characters`,
        key: 'too_long',
        params: { max: MAX_TEXT_ANSWER },
      });
      return null;
    }
    return v;
  });
  if (problems.length > 0) throw new AppError('bad_request', 'The answers have problems.', problems);
  return values;
}

export function parseOrThrow<T>(
  schema: z.ZodType<T>,
  data: unknown,
  message = 'The survey has problems.',
): T {
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) throw new AppError('bad_request', message, zodFieldErrors(parsed.error.issues));
  return parsed.data;
}
