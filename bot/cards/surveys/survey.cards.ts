import type { Locale } from '../../../core/org/org.table.ts';
import { AppError } from '../../../core/shared/errors.ts';
import type { AnswerValue, Question } from '../../../core/surveys/survey.schema.ts';
import type { SurveyRow } from '../../../core/surveys/survey.table.ts';
import { formatReceipt } from '../../../core/surveys/survey-receipt.ts';
import { type CardJson, MAX_CARD_BYTES } from '../cards.ts';
import { surveyCardMessages } from './survey-card.messages.ts';

/**
 * The survey cards, built in code (the number and kind of questions vary, which a fixed template
 * expresses badly). Every card is 1.5, every input has an id, every action is an Action.Execute.
 */

const closesText = (s: SurveyRow, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ja-JP', {
    timeZone: 'Asia/Tokyo',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(s.closes_at);

function checked(card: CardJson): CardJson {
  const bytes = Buffer.byteLength(JSON.stringify(card));
  if (bytes > MAX_CARD_BYTES) throw new AppError('too_large', `survey card is ${bytes} bytes`);
  return card;
}

function inputOf(q: Question, i: number, locale: Locale, value: AnswerValue): object {
  const t = surveyCardMessages(locale);
  const common = {
    id: `q${i}`,
    label: `${i + 1}. ${q.text}${q.required ? t.required : ''}`,
    isRequired: q.required,
    ...(q.required ? { errorMessage: t.requiredError } : {}),
  };
  if (q.kind === 'text')
    return {
      type: 'Input.Text',
      ...common,
      isMultiline: true,
      maxLength: 1000,
      placeholder: t.textPlaceholder,
      ...(typeof value === 'string' ? { value } : {}),
    };
  const choices =
    q.kind === 'scale'
      ? t.scale.map((title, k) => ({ title, value: String(k + 1) }))
      : q.options.map((title, k) => ({ title, value: String(k) }));
  return {
    type: 'Input.ChoiceSet',
    ...common,
    style: 'expanded',
    choices,
    ...(typeof value === 'number' ? { value: String(value) } : {}),
  };
}

/** The form: sent as the invitation and the reminder, and returned for an edit (with the receipt). */
export function surveyFormCard(
  s: SurveyRow,
  locale: Locale,
  opts: { reminder?: boolean; receipt?: string; answers?: AnswerValue[] | null } = {},
): CardJson {
  const t = surveyCardMessages(locale);
  const body: unknown[] = [
    { type: 'TextBlock', text: s.title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
  ];
  if (opts.reminder)
    body.push({ type: 'TextBlock', text: t.reminderBanner, wrap: true, weight: 'Bolder', color: 'Accent' });
  if (s.intro) body.push({ type: 'TextBlock', text: s.intro, wrap: true });
  body.push(
    {
      type: 'TextBlock',
      text: t.closes(closesText(s, locale)),
      wrap: true,
      isSubtle: true,
      spacing: 'Small',
    },
    { type: 'TextBlock', text: t.anonymity, wrap: true, size: 'Small', isSubtle: true },
  );
  body.push(...s.questions.map((q, i) => inputOf(q, i, locale, opts.answers?.[i] ?? null)));
  return checked({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions: [
      {
        type: 'Action.Execute',
        title: opts.receipt ? t.saveEdit : t.submit,
        verb: 'survey.submit',
        style: 'positive',
        data: { surveyId: s.id, ...(opts.receipt ? { receipt: opts.receipt } : {}) },
      },
    ],
  });
}

const answerText = (q: Question, v: AnswerValue, locale: Locale): string => {
  const t = surveyCardMessages(locale);
  if (v === null) return t.skipped;
  if (q.kind === 'scale') return t.scale[Number(v) - 1] ?? String(v);
  if (q.kind === 'choice') return q.options[Number(v)] ?? String(v);
  return String(v);
};

/**
 * What the respondent holds after answering: their answers, the receipt (the only link to them) and,
 * while the survey is open, the edit button carrying the receipt. It replaces their view of the
 * form (the invoke response): the bot keeps no copy.
 */
export function surveyAnsweredCard(
  s: SurveyRow,
  locale: Locale,
  r: { receipt: string; answers: AnswerValue[]; edited: boolean; open: boolean },
): CardJson {
  const t = surveyCardMessages(locale);
  return checked({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: s.title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
      {
        type: 'TextBlock',
        text: r.open ? (r.edited ? t.edited : t.saved) : t.closedNote,
        wrap: true,
        color: 'Good',
      },
      { type: 'TextBlock', text: t.yourAnswers, wrap: true, weight: 'Bolder', spacing: 'Medium' },
      ...s.questions.flatMap((q, i) => [
        { type: 'TextBlock', text: `${i + 1}. ${q.text}`, wrap: true, isSubtle: true, spacing: 'Small' },
        { type: 'TextBlock', text: answerText(q, r.answers[i] ?? null, locale), wrap: true, spacing: 'None' },
      ]),
      {
        type: 'TextBlock',
        text: t.receipt(formatReceipt(r.receipt)),
        wrap: true,
        fontType: 'Monospace',
        spacing: 'Medium',
      },
      { type: 'TextBlock', text: t.receiptNote, wrap: true, size: 'Small', isSubtle: true },
    ],
    actions: r.open
      ? [
          {
            type: 'Action.Execute',
            title: t.edit,
            verb: 'survey.edit',
            data: { surveyId: s.id, receipt: r.receipt },
          },
        ]
      : [],
  });
}
