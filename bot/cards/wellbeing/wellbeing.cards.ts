import type { GapOutcome } from '../../../core/wellbeing/wellbeing.repository.ts';
import type { WellbeingCards } from '../../../core/wellbeing/wellbeing-messages.types.ts';
import type { CardJson } from '../cards.ts';

/** Card actions of the wellbeing cards (bot/handlers/wellbeing.feature.ts). */
export const GAP_REVIEW_VERB = 'wellbeing.gap.review';
export const LEAVE_ON_TIME_OPT_VERB = 'wellbeing.leaveOnTime.opt';

type Locale = 'ja' | 'en';

const card = (body: unknown[], actions?: unknown[]): CardJson => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body,
  ...(actions ? { actions } : {}),
});
const title = (text: string) => ({
  type: 'TextBlock',
  text,
  weight: 'Bolder',
  size: 'Medium',
  wrap: true,
  style: 'heading',
});
const text = (t: string, extra: object = {}) => ({ type: 'TextBlock', text: t, wrap: true, ...extra });
/** '2026-10-06T23:40' → '10/6 23:40' */
const when = (stamp: string) =>
  `${Number(stamp.slice(5, 7))}/${Number(stamp.slice(8, 10))} ${stamp.slice(11, 16)}`;
const day = (date: string) => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
const hm = (minutes: number) => {
  const m = Math.max(0, Math.round(minutes));
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
};

export const OUTCOME_LABELS: Record<GapOutcome, [string, string]> = {
  overtime_confirmed: ['超過勤務として確認', 'Confirm as overtime'],
  self_study: ['自己研鑽', 'Self-study'],
  standby: ['待機', 'Standby'],
  other: ['その他', 'Other'],
};

export const wellbeingCards: WellbeingCards = {
  morningRest(locale, rest, lateStart, hours) {
    const ja = locale === 'ja';
    return card([
      title(ja ? '勤務間インターバルのお知らせ' : 'Rest between working days'),
      text(
        ja
          ? `前の勤務の終了は ${when(rest.endedAt)} でした。通常の始業時刻では休息が ${hm(rest.restMinutes)} で、基準の ${hours} 時間に足りません。`
          : `Your last working day ended at ${when(rest.endedAt)}. Starting at the usual time would leave ${hm(rest.restMinutes)} of rest, under the ${hours}-hour reference.`,
      ),
      text(
        lateStart
          ? ja
            ? `所属の課室では遅出ができます。${when(rest.restedStart)} 以降の始業を検討し、上司に伝えてください。`
            : `Your section allows a later start: consider starting at ${when(rest.restedStart)} or later, and tell your manager.`
          : ja
            ? '休息を確保できるよう、始業時刻や今日の業務について上司に相談してください。'
            : 'Please talk to your manager about your start time or today’s work so that you can rest.',
        { weight: 'Bolder' },
      ),
    ]);
  },
  weeklyRestCount(locale, week, rows, floor, hours) {
    const ja = locale === 'ja';
    return card([
      title(ja ? '勤務間インターバル（先週）' : 'Short rests last week'),
      text(
        ja
          ? `${day(week.from)}〜${day(week.to)} に休息が ${hours} 時間未満だった回数（管理職を除く）。${floor} 人未満の集団などは「<${floor}」と表示します。`
          : `Rests under ${hours} hours from ${day(week.from)} to ${day(week.to)} (non-managerial staff). Small groups show as "<${floor}".`,
        { isSubtle: true },
      ),
      {
        type: 'FactSet',
        facts: rows.slice(0, 30).map((r) => ({
          title: r.sectionName,
          value: r.count === null ? `<${floor}` : String(r.count),
        })),
      },
      ...(rows.length > 30
        ? [
            text(
              ja
                ? `ほか ${rows.length - 30} 課室はタブでご覧ください。`
                : `${rows.length - 30} more in the tab.`,
            ),
          ]
        : []),
    ]);
  },
  gapConfirmation(locale, item) {
    return gapCard(locale, item);
  },
  leaveOnTimeNudge(locale, date, endsAt) {
    const ja = locale === 'ja';
    return card(
      [
        title(ja ? '今日は定時退庁日です' : 'Today is a leave-on-time day'),
        text(
          ja
            ? `${day(date)} は定時退庁日です。${endsAt} の退庁を目指して、業務の区切りをつけましょう。`
            : `${day(date)} is a leave-on-time day. Aim to leave at ${endsAt}.`,
        ),
      ],
      [
        {
          type: 'Action.Execute',
          verb: LEAVE_ON_TIME_OPT_VERB,
          title: ja ? '今後この通知を受け取らない' : 'Stop these reminders',
          data: { optOut: true },
        },
      ],
    );
  },
  stillWorking(locale, date, endsAt, people) {
    const ja = locale === 'ja';
    return card([
      title(ja ? '定時退庁日：声かけのお願い' : 'Leave-on-time day: people still working'),
      text(
        ja
          ? `${day(date)}（定時退庁日）の ${endsAt} 以降も勤務している部下の方です。声かけをお願いします。`
          : `Your people still working after ${endsAt} on ${day(date)} (a leave-on-time day).`,
      ),
      {
        type: 'FactSet',
        facts: people.slice(0, 40).map((p) => ({
          title: p.name,
          value: p.until ? (ja ? `${p.until} まで` : `until ${p.until}`) : ja ? '勤務中' : 'working',
        })),
      },
    ]);
  },
  leaveReport(locale, report) {
    const ja = locale === 'ja';
    const fig = (f: { perPerson: number | null; hidden: string | null }) =>
      f.hidden
        ? `<${report.floor}`
        : f.perPerson === null
          ? '—'
          : `${f.perPerson.toFixed(1)}${ja ? '日' : ' d'}`;
    return card([
      title(ja ? `年次休暇の取得状況（${report.year}年）` : `Annual leave taken in ${report.year}`),
      text(
        ja
          ? `管理職を除く職員一人当たりの年次休暇取得日数（暦年）。目標 ${report.targetDays} 日。かっこ内は前年。${report.floor} 人未満の集団などは「<${report.floor}」と表示します。`
          : `Annual leave per non-managerial person (calendar year), target ${report.targetDays} days; the previous year in brackets. Small groups show as "<${report.floor}".`,
        { isSubtle: true },
      ),
      {
        type: 'FactSet',
        facts: report.lines.slice(0, 40).map((l) => ({
          title: l.label,
          value: `${fig(l.thisYear)}（${fig(l.lastYear)}）${
            l.thisYear.perPerson !== null && !l.thisYear.hidden
              ? l.thisYear.perPerson >= report.targetDays
                ? ' ✓'
                : ja
                  ? ' 目標未達'
                  : ' below target'
              : ''
          }`,
        })),
      },
    ]);
  },
};

/** The manager's confirmation card for one person and day; after an answer, the answer instead of the form. */
export function gapCard(
  locale: Locale,
  item: {
    employeeId: string;
    name: string;
    date: string;
    declared: string;
    logged: string;
    gap: { outsideMinutes: number };
  },
  answered?: { outcome: GapOutcome; by: string; comment: string | null },
): CardJson {
  const ja = locale === 'ja';
  const i = ja ? 0 : 1;
  const body = [
    title(ja ? '在庁時間と申告の確認' : 'In-office time vs declared time'),
    text(
      ja
        ? `${item.name} さんの ${day(item.date)} の勤務について、端末のログオン時間が申告の勤務時間を ${hm(item.gap.outsideMinutes)} 上回っています。勤務実態を確認してください。`
        : `On ${day(item.date)}, ${item.name}'s terminal was on ${hm(item.gap.outsideMinutes)} beyond the declared hours. Please confirm what the time was.`,
    ),
    {
      type: 'FactSet',
      facts: [
        { title: ja ? '申告' : 'Declared', value: item.declared },
        { title: ja ? 'ログオン〜ログオフ' : 'Logged on', value: item.logged },
      ],
    },
  ];
  if (answered)
    return card([
      ...body,
      text(
        `${ja ? '回答済み' : 'Answered'}: ${OUTCOME_LABELS[answered.outcome][i]}${answered.comment ? `（${answered.comment}）` : ''} — ${answered.by}`,
        { weight: 'Bolder', color: 'Good' },
      ),
    ]);
  const data = (outcome: GapOutcome) => ({ employeeId: item.employeeId, date: item.date, outcome });
  return card(
    [
      ...body,
      {
        type: 'Input.Text',
        id: 'comment',
        label: ja ? '理由（「その他」のときは必須）' : 'Reason (required for "Other")',
        maxLength: 500,
        isMultiline: true,
      },
    ],
    (Object.keys(OUTCOME_LABELS) as GapOutcome[]).map((o) => ({
      type: 'Action.Execute',
      verb: GAP_REVIEW_VERB,
      title: OUTCOME_LABELS[o][i],
      data: data(o),
    })),
  );
}
