import { dayOfWeek, type IsoDate, parseIsoDate } from '../shared/calendar.ts';

/**
 * User-facing texts of the leave rules. Errors travel as one string (FieldError.message,
 * AppError.message), so each carries Japanese first and English after " / ".
 */
export interface Bilingual {
  ja: string;
  en: string;
}

export const bilingual = (m: Bilingual): string => `${m.ja} / ${m.en}`;

const WEEKDAY_JA = '日月火水木金土';
const WEEKDAY_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** 2026-05-01 → 2026年5月1日(金) */
export function jaDate(date: IsoDate): string {
  const { y, m, d } = parseIsoDate(date);
  return `${y}年${m}月${d}日(${WEEKDAY_JA[dayOfWeek(date)]})`;
}

/** 2026-05-01 → Fri 2026-05-01 */
export function enDate(date: IsoDate): string {
  return `${WEEKDAY_EN[dayOfWeek(date)]} ${date}`;
}

const both = (ja: string, en: string): string => bilingual({ ja, en });

export const msg = {
  notADate: (value: string) =>
    both(`「${value}」は日付（YYYY-MM-DD）ではありません`, `"${value}" is not a date (YYYY-MM-DD)`),

  // campaign definition
  periodReversed: () => both('期間の終了日が開始日より前です', 'the period ends before it starts'),
  periodTooLong: (max: number) =>
    both(`期間は${max}日以内にしてください`, `the period must be at most ${max} days`),
  summerOutsideJulSep: () =>
    both(
      '夏季休暇の期間は同じ年の7月1日から9月30日までの範囲にしてください',
      'a summer campaign must lie within July 1 – September 30 of one year',
    ),
  noTargets: () =>
    both(
      '対象（省全体・局・課室）を1つ以上指定してください',
      'choose at least one target (ministry, bureau or section)',
    ),
  deadlineBeforeOpening: () =>
    both('締切日が受付開始日より前です', 'the deadline is before the opening date'),
  deadlineAfterPeriodEnd: () =>
    both('締切日が期間の終了日より後です', 'the deadline is after the end of the period'),
  deadlineNotBeforePeriod: () =>
    both(
      '計画は期間が始まる前に提出するものです。締切日は期間の開始日より前にしてください',
      'plans are made ahead: the deadline must be before the period starts',
    ),
  deadlinePassed: () => both('締切日が既に過ぎています', 'the deadline has already passed'),
  quietReminderTime: () =>
    both(
      'リマインドの時刻は8:00から20:00の間にしてください（夜間は通知しません）',
      'reminders must be between 08:00 and 20:00 (no notifications at night)',
    ),
  duplicateReminderDay: () => both('リマインドの日が重複しています', 'the same reminder day is listed twice'),
  summerKindOutsideJulSep: () =>
    both(
      '期間に7月〜9月の日がないため夏季休暇は選べません',
      'summer leave needs a July–September day in the period',
    ),
  halfDayKindsButNotAllowed: () =>
    both(
      '半日休暇を認めない設定で午前・午後休暇が選ばれています',
      'half-day kinds are listed although half days are not allowed',
    ),

  // plan submission
  closed: (deadline: IsoDate) =>
    both(
      `締切（${jaDate(deadline)}）を過ぎたため、計画の提出・変更はできません。担当者にご相談ください。`,
      `The deadline (${enDate(deadline)}) has passed; the plan can no longer be submitted or changed. Please contact the person in charge.`,
    ),
  notYetOpen: (opening: IsoDate) =>
    both(`この計画表の受付は${jaDate(opening)}からです`, `this leave plan opens on ${enDate(opening)}`),
  invalidPlan: () => both('計画に誤りがあります', 'the plan has errors'),
  outsidePeriod: (date: IsoDate, period: { start: IsoDate; end: IsoDate }) =>
    both(
      `${jaDate(date)}は期間（${jaDate(period.start)}〜${jaDate(period.end)}）の外です`,
      `${enDate(date)} is outside the period ${period.start} – ${period.end}`,
    ),
  holiday: (date: IsoDate, name: string) =>
    both(`${jaDate(date)}は祝日（${name}）です`, `${enDate(date)} is a public holiday (${name})`),
  weekend: (date: IsoDate) => both(`${jaDate(date)}は週休日です`, `${enDate(date)} is a weekend day`),
  closure: (date: IsoDate) =>
    both(`${jaDate(date)}は年末年始の休日です`, `${enDate(date)} is a year-end holiday (12/29–1/3)`),
  duplicateDate: (date: IsoDate) =>
    both(`${jaDate(date)}が重複しています`, `${enDate(date)} appears more than once`),
  kindNotAllowed: (date: IsoDate, label: Bilingual) =>
    both(
      `${jaDate(date)}：この計画表では「${label.ja}」は選べません`,
      `${enDate(date)}: "${label.en}" is not available in this plan`,
    ),
  halfDayNotAllowed: (date: IsoDate) =>
    both(
      `${jaDate(date)}：この計画表では半日単位の休暇は選べません`,
      `${enDate(date)}: half days are not available in this plan`,
    ),
  summerOutsideSeason: (date: IsoDate) =>
    both(
      `${jaDate(date)}：夏季休暇は7月〜9月に限られます`,
      `${enDate(date)}: summer leave can only be taken July–September`,
    ),
  summerOverLimit: (date: IsoDate, max: number) =>
    both(
      `${jaDate(date)}：夏季休暇は${max}日までです`,
      `${enDate(date)}: summer leave is limited to ${max} days`,
    ),
  noteTooLong: (max: number) =>
    both(`備考は${max}文字以内にしてください`, `the note must be at most ${max} characters`),
};
