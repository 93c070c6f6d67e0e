import { dayOfWeek, type IsoDate, parseIsoDate } from '../shared/calendar.ts';
import type { FieldError } from '../shared/errors.ts';
import type { ChildcareSettings } from './childcare.settings.ts';
import type { LeaveKind } from './childcare-plan.schema.ts';
import type { LeaveWindow } from './childcare-windows.rules.ts';

/**
 * User-facing text of the childcare rules, Japanese first with English beside it. Each problem says
 * which rule it breaks and what the rule allows, with the dates worked out.
 */

export type Lang = 'ja' | 'en';

export const LEAVE_NAMES: Record<LeaveKind, Record<Lang, string>> = {
  spouse_childbirth_leave: { ja: '配偶者出産休暇', en: 'spouse childbirth leave' },
  childcare_participation_leave: { ja: '育児参加のための休暇', en: 'childcare participation leave' },
  postnatal_paternity_leave: { ja: '産後パパ育休（出生時の育児休業）', en: 'postnatal paternity leave' },
  childcare_leave: { ja: '育児休業', en: 'childcare leave' },
  childcare_annual_leave: { ja: '年次休暇（育児のため）', en: 'annual leave for the child' },
};

const JA_DOW = ['日', '月', '火', '水', '木', '金', '土'];
const EN_DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** 2026年6月20日（土） / 2026-06-20 (Sat). */
export function formatDate(date: IsoDate, lang: Lang): string {
  const { y, m, d } = parseIsoDate(date);
  const dow = dayOfWeek(date);
  return lang === 'ja' ? `${y}年${m}月${d}日（${JA_DOW[dow]}）` : `${date} (${EN_DOW[dow]})`;
}

function unitText(kind: LeaveKind, lang: Lang): string {
  const special =
    kind === 'spouse_childbirth_leave' ||
    kind === 'childcare_participation_leave' ||
    kind === 'childcare_annual_leave';
  if (lang === 'ja') return special ? '勤務日の日数' : '暦日の日数';
  return special ? 'working days' : 'calendar days';
}

/** The rule behind a window, in words, without its dates. */
export function windowRule(window: LeaveWindow, settings: ChildcareSettings, lang: Lang): string {
  const ja = lang === 'ja';
  const provisionalBirth = ja
    ? '（出生前のため出産予定日で仮に計算）'
    : ' (not yet born: computed from the due date)';
  const tail = window.provisional && window.kind !== 'spouse_childbirth_leave' ? provisionalBirth : '';
  switch (window.kind) {
    case 'spouse_childbirth_leave': {
      const s = settings.spouseChildbirthLeave;
      const from =
        window.fromBasis === 'admission'
          ? ja
            ? '配偶者の入院等の日'
            : "the spouse's admission to hospital"
          : ja
            ? `配偶者の入院等の日（未入力のため、出生日（生まれる前は出産予定日）の${s.assumedAdmissionDaysBefore}日前と仮定）`
            : `the spouse's admission (not entered: assumed ${s.assumedAdmissionDaysBefore} days before the birth, or the due date before it)`;
      const after =
        s.daysAfterBirth % 7 === 0
          ? {
              ja: `${s.daysAfterBirth / 7}週間`,
              en: `${s.daysAfterBirth / 7} week${s.daysAfterBirth === 7 ? '' : 's'}`,
            }
          : { ja: `${s.daysAfterBirth}日`, en: `${s.daysAfterBirth} days` };
      return ja ? `${from}から出産の日後${after.ja}まで` : `from ${from} to ${after.en} after the birth`;
    }
    case 'childcare_participation_leave': {
      const p = settings.participationLeave;
      const weeks = window.fromBasis === 'birth' ? null : `${p.weeksBeforeDue}`;
      const multiple = `${p.weeksBeforeDueMultipleBirth}`;
      const from = ja
        ? weeks
          ? `出産予定日の${weeks}週間（多胎妊娠は${multiple}週間）前の日`
          : '出生の日（予定日よりかなり早く生まれたため）'
        : weeks
          ? `${weeks} weeks (multiple birth: ${multiple} weeks) before the due date`
          : 'the birth (born well before the due date)';
      const span =
        p.monthsAfterBirth % 12 === 0
          ? { ja: `${p.monthsAfterBirth / 12}年`, en: `${p.monthsAfterBirth / 12} year(s)` }
          : { ja: `${p.monthsAfterBirth}か月`, en: `${p.monthsAfterBirth} months` };
      return ja
        ? `${from}から出生の日以後${span.ja}を経過する日まで${tail}`
        : `from ${from} to the last day of ${span.en} counted from the birth${tail}`;
    }
    case 'postnatal_paternity_leave': {
      const n = settings.postnatalPaternityLeave.windowDays;
      return ja
        ? `子の出生の日（予定日と前後しても出産日当日）から、出生の日を1日目として${n}日目まで${tail}`
        : `from the day of the birth (even when it differs from the due date) to day ${n} counted from the birth${tail}`;
    }
    case 'childcare_annual_leave': {
      const m = settings.targets.firstYearMonths;
      return ja
        ? `子の出生の日から${m % 12 === 0 ? `${m / 12}年` : `${m}か月`}以内（出生後1年以内の1か月以上の目標に数えます）${tail}`
        : `within ${m} months of the birth (counts toward the first-year one-month goal)${tail}`;
    }
    case 'childcare_leave': {
      const years = settings.childcareLeave.untilAgeYears;
      return ja
        ? `子の出生の日から${years}歳に達する日（${years}歳の誕生日の前日）まで${tail}`
        : `from the birth to the day before the child's ${years === 1 ? '1st' : years === 2 ? '2nd' : years === 3 ? '3rd' : `${years}th`} birthday${tail}`;
    }
  }
}

type RangeParams = { kind: LeaveKind; start: IsoDate; end: IsoDate };

type IssueParams = {
  outside_window: RangeParams & { from: IsoDate; to: IsoDate; ruleJa: string; ruleEn: string };
  no_working_day: RangeParams;
  before_birth: RangeParams & { birth: IsoDate };
  third_part_ordinary: RangeParams & { max: number };
  papa_past_window: RangeParams & { to: IsoDate };
  too_many_days: { kind: LeaveKind; max: number; planned: number };
  too_many_parts: { kind: LeaveKind; max: number; planned: number };
  overlap: RangeParams & { otherKind: LeaveKind; otherStart: IsoDate; otherEnd: IsoDate };
  start_in_past: RangeParams & { today: IsoDate };
  request_deadline_passed: RangeParams & { requestBy: IsoDate; lead: string; leadEn: string };
  participation_before_birth: RangeParams & { birth: IsoDate };
  birth_far_from_due: { birthDate: IsoDate; dueDate: IsoDate };
  birth_in_future: { birthDate: IsoDate; today: IsoDate };
};
export type IssueCode = keyof IssueParams;
export type Severity = 'error' | 'warning';

export interface PlanIssue extends FieldError {
  code: IssueCode;
  severity: Severity;
  /** The same message in English (`message` is Japanese). */
  en: string;
  params: Readonly<Record<string, string | number>>;
}

const j = (d: IsoDate) => formatDate(d, 'ja');
const e = (d: IsoDate) => formatDate(d, 'en');
const jn = (k: LeaveKind) => LEAVE_NAMES[k].ja;
const en = (k: LeaveKind) => LEAVE_NAMES[k].en;
const jr = (p: RangeParams) => (p.start === p.end ? j(p.start) : `${j(p.start)}〜${j(p.end)}`);
const er = (p: RangeParams) => (p.start === p.end ? e(p.start) : `${e(p.start)} – ${e(p.end)}`);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const TEXT: { [C in IssueCode]: { ja: (p: IssueParams[C]) => string; en: (p: IssueParams[C]) => string } } = {
  outside_window: {
    ja: (p) =>
      `${jn(p.kind)}は${p.ruleJa}、つまり${j(p.from)}から${j(p.to)}までの間に取得できます。計画の${jr(p)}はこの期間を外れています。`,
    en: (p) =>
      `${cap(en(p.kind))} can be taken ${p.ruleEn}, i.e. ${e(p.from)} to ${e(p.to)}. The planned ${er(p)} falls outside.`,
  },
  no_working_day: {
    ja: (p) =>
      `${jn(p.kind)}は勤務日に日単位で取得する休暇です。${jr(p)}は土日・祝日・年末年始（12月29日〜1月3日）だけなので、取得日になりません。勤務日を含めてください。`,
    en: (p) =>
      `${cap(en(p.kind))} is taken by the day on working days; ${er(p)} has only weekends, holidays or the 29 Dec–3 Jan closure. Include a working day.`,
  },
  before_birth: {
    ja: (p) =>
      `育児休業（産後パパ育休を含む）は子の出生の日（${j(p.birth)}）から取得できます。出生前の${jr(p)}は育児休業になりません（人事院 育児休業Q&A 問1）。開始日を出生日以降にしてください。`,
    en: (p) =>
      `Childcare leave (incl. postnatal paternity leave) starts on the day of the birth (${e(p.birth)}) at the earliest; ${er(p)} before it is not childcare leave. Move the start to the birth or later.`,
  },
  third_part_ordinary: {
    ja: (p) =>
      `出生後57日間の育児休業のうち産後パパ育休になるのは${p.max}回目までです。${p.max + 1}回目の${jr(p)}も取得できますが、通常の育児休業（原則2回まで）の1回に数えます（人事院 育児休業Q&A 問2）。`,
    en: (p) =>
      `Only the first ${p.max} parts within 57 days of the birth are postnatal paternity leave. Part ${p.max + 1} (${er(p)}) is allowed but counts as one of the two ordinary childcare leaves.`,
  },
  papa_past_window: {
    ja: (p) =>
      `${jr(p)}は出生の日から57日目（${j(p.to)}）を越えて続くため、産後パパ育休ではなく通常の育児休業（原則2回まで）の1回に数えます（人事院 育児休業Q&A 問2）。`,
    en: (p) =>
      `${er(p)} continues past day 57 (${e(p.to)}), so it counts as one of the two ordinary childcare leaves, not as postnatal paternity leave.`,
  },
  too_many_days: {
    ja: (p) =>
      `${jn(p.kind)}は${p.max}日まで（${unitText(p.kind, 'ja')}で数えます）です。計画は合計${p.planned}日です。`,
    en: (p) =>
      `${cap(en(p.kind))} allows at most ${p.max} days (${unitText(p.kind, 'en')}); the plan has ${p.planned}.`,
  },
  too_many_parts: {
    ja: (p) =>
      p.kind === 'childcare_leave'
        ? `育児休業は原則${p.max}回まで（産後パパ育休とは別）です。計画は${p.planned}回に分かれています。${p.max}回を超えるには特別の事情が必要なので、人事担当に相談してください。`
        : `${jn(p.kind)}は${p.max}回まで分けて取得できます。計画は${p.planned}回に分かれています。`,
    en: (p) =>
      p.kind === 'childcare_leave'
        ? `Childcare leave is in principle at most ${p.max} parts (apart from postnatal paternity leave); the plan has ${p.planned}. More needs special circumstances: ask HR.`
        : `${cap(en(p.kind))} can be split into at most ${p.max} parts; the plan has ${p.planned}.`,
  },
  overlap: {
    ja: (p) =>
      `${jn(p.kind)}（${jr(p)}）が${jn(p.otherKind)}（${jr({ kind: p.otherKind, start: p.otherStart, end: p.otherEnd })}）と重なっています。同じ日に二つの休暇・休業は取れません。`,
    en: (p) =>
      `${cap(en(p.kind))} (${er(p)}) overlaps ${en(p.otherKind)} (${er({ kind: p.otherKind, start: p.otherStart, end: p.otherEnd })}). A day can hold only one leave.`,
  },
  start_in_past: {
    ja: (p) =>
      `${jn(p.kind)}の開始日${j(p.start)}は過ぎています（今日は${j(p.today)}）。過ぎた日の予定は立てられません。取得済みなら「取得済み」にしてください。`,
    en: (p) =>
      `${cap(en(p.kind))} starts on ${e(p.start)}, which has passed (today is ${e(p.today)}). Mark it as taken if it was taken.`,
  },
  request_deadline_passed: {
    ja: (p) =>
      `${jn(p.kind)}は原則として開始日の${p.lead}前まで（${j(p.requestBy)}まで）に請求します。期限を過ぎていますが、承認される場合もあるので、すぐに上司と人事担当に相談してください。`,
    en: (p) =>
      `${cap(en(p.kind))} is to be requested ${p.leadEn} before it starts (by ${e(p.requestBy)}). That day has passed; it may still be approved, so talk to your manager and HR now.`,
  },
  participation_before_birth: {
    ja: (p) =>
      `出生前（${j(p.birth)}より前）の育児参加のための休暇は、小学校就学前の上のお子さんを養育するための休暇です。該当しない場合は出生後の日にしてください。`,
    en: (p) =>
      `Before the birth (${e(p.birth)}), childcare participation leave is for caring for an older child below school age. If there is none, move it after the birth.`,
  },
  birth_far_from_due: {
    ja: (p) =>
      `出生日${j(p.birthDate)}が出産予定日${j(p.dueDate)}から大きく離れています。日付に誤りがないか確認してください。`,
    en: (p) =>
      `The birth date ${e(p.birthDate)} is far from the due date ${e(p.dueDate)}. Please check both dates.`,
  },
  birth_in_future: {
    ja: (p) =>
      `出生日${j(p.birthDate)}が今日（${j(p.today)}）より後になっています。まだ生まれていなければ出産予定日に入力してください。`,
    en: (p) =>
      `The birth date ${e(p.birthDate)} is after today (${e(p.today)}). Enter it as the due date until the child is born.`,
  },
};

export function planIssue<C extends IssueCode>(
  code: C,
  severity: Severity,
  where: string,
  params: IssueParams[C],
): PlanIssue {
  const text = TEXT[code];
  return { code, severity, where, message: text.ja(params), en: text.en(params), params };
}

// ---- target summaries ("あと3日で5日目標") ----

export type TargetId = 'specialLeave5Days' | 'childcareLeave2Weeks' | 'firstYear1Month';

function goalName(id: TargetId, required: number, lang: Lang): string {
  if (id === 'specialLeave5Days') return lang === 'ja' ? `${required}日目標` : `${required}-day goal`;
  if (id === 'childcareLeave2Weeks')
    return required % 7 === 0
      ? lang === 'ja'
        ? `${required / 7}週間目標`
        : `${required / 7}-week goal`
      : lang === 'ja'
        ? `${required}日目標`
        : `${required}-day goal`;
  return required === 30
    ? lang === 'ja'
      ? '1か月目標'
      : '1-month goal'
    : lang === 'ja'
      ? `${required}日目標`
      : `${required}-day goal`;
}

const SUBJECT: Record<TargetId, Record<Lang, string>> = {
  specialLeave5Days: {
    ja: '配偶者出産休暇と育児参加のための休暇の合計',
    en: 'spouse childbirth + childcare participation leave',
  },
  childcareLeave2Weeks: {
    ja: '育児休業（産後パパ育休を含む）',
    en: 'childcare leave (incl. postnatal paternity leave)',
  },
  firstYear1Month: { ja: '出生後1年以内の休暇・休業', en: 'leave in the first year after the birth' },
};

/** One line for the card: met, or how many days are missing. */
export function targetSummary(
  check: { id: TargetId; met: boolean; actual: number; required: number; remaining: number },
  lang: Lang,
): string {
  const goal = goalName(check.id, check.required, lang);
  const subject = SUBJECT[check.id][lang];
  if (lang === 'ja')
    return check.met
      ? `${goal}を達成（${subject} ${check.actual}日）`
      : `あと${check.remaining}日で${goal}（${subject} 現在${check.actual}日）`;
  return check.met
    ? `${cap(goal)} reached (${subject}: ${check.actual} days)`
    : `${check.remaining} more day${check.remaining === 1 ? '' : 's'} to the ${goal} (${subject}: ${check.actual} days so far)`;
}
