import type { Locale } from '../org/org.table.ts';
import type { AlertLevel } from './overtime.rules.ts';

/** Overtime's user-facing strings (cards, bot command, API errors), Japanese first. */
const ja = {
  hours: (minutes: number) =>
    minutes % 60 === 0 ? `${minutes / 60}時間` : `${Math.floor(minutes / 60)}時間${minutes % 60}分`,
  month: (ym: string) => `${Number(ym.slice(0, 4))}年${Number(ym.slice(5, 7))}月`,
  level: {
    pace80: 'このままのペースでは今月の超過勤務が80時間を超える見込みです',
    pace100: 'このままのペースでは今月の超過勤務が100時間を超える見込みです',
    month45: '今月の超過勤務が45時間に達しました',
    month80: '今月の超過勤務が80時間に達しました',
    month100: '今月の超過勤務が100時間に達しました',
    annual360: '今年度の超過勤務が上限の360時間に達しました',
    annual720: '今年度の超過勤務が上限の720時間に達しました',
    avg80: '複数月（2〜6か月）の平均が80時間を超えました',
    count45: '今年度、45時間を超えた月が上限の6か月に達しました',
  } satisfies Record<AlertLevel, string>,
  alertFor: (name: string) => `${name}さん`,
  value: '実績・見込み',
  threshold: '基準',
  lastMonths: '直近6か月',
  thisMonth: '今月',
  requirement: '必要な対応',
  followUpTitle: '対応の記録',
  noFollowUpYet: 'まだ対応が記録されていません。',
  acted: (by: string) => `対応済み（${by}）`,
  commentPlaceholder: 'コメント（任意）',
  commentRequired: 'コメントを入力してください。',
  recorded: '記録しました。',
  stale: 'このカードは古くなっています。ほかの対応が先に記録されました。最新の状況を表示しています。',
  notYours: 'このアラートはあなた宛てではないため、対応を記録できません。',
  noAlert: 'このアラートは見つかりませんでした。',
  reminderTitle: (name: string, days: number) =>
    `【リマインド】${name}さんの100時間到達への対応が${days}営業日記録されていません`,
  escalationTitle: (name: string, manager: string) =>
    `【エスカレーション】${name}さんの100時間到達に、${manager}さんの対応が記録されていません`,
  healthLinks: '相談窓口',
  openTab: 'タブで開く',
  summaryTitle: (ym: string) => `${ja.month(ym)}の超過勤務`,
  soFar: '今月これまで',
  projection: '月末の見込み',
  projectionTooEarly: '（見込みは数日分のデータがそろってから表示します）',
  noData: 'まだ勤怠データがありません。',
  cap: '上限',
  yearToDate: '今年度の累計',
  reportTitle: (ym: string) => `${ja.month(ym)} 局別 超過勤務報告`,
  bureau: '局',
  total: '総時間',
  over100: '100時間以上',
  lastYear: '前年同月',
  regional: '地方支分部局',
  otherBureaus: '本省・外局',
  suppressed: (n: number) => `<${n}`,
};

type Messages = typeof ja;

const en: Messages = {
  hours: (minutes: number) =>
    minutes % 60 === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`,
  month: (ym: string) => ym,
  level: {
    pace80: 'At this pace, overtime this month will pass 80 hours',
    pace100: 'At this pace, overtime this month will pass 100 hours',
    month45: 'Overtime this month has reached 45 hours',
    month80: 'Overtime this month has reached 80 hours',
    month100: 'Overtime this month has reached 100 hours',
    annual360: 'Overtime this fiscal year has reached the 360-hour cap',
    annual720: 'Overtime this fiscal year has reached the 720-hour cap',
    avg80: 'The average over 2–6 months is above 80 hours',
    count45: 'Months over 45 hours this fiscal year have reached the limit of 6',
  },
  alertFor: (name: string) => name,
  value: 'Actual / projected',
  threshold: 'Threshold',
  lastMonths: 'Last 6 months',
  thisMonth: 'This month',
  requirement: 'What is required',
  followUpTitle: 'Follow-up',
  noFollowUpYet: 'No follow-up recorded yet.',
  acted: (by: string) => `Handled (${by})`,
  commentPlaceholder: 'Comment (optional)',
  commentRequired: 'Please write a comment.',
  recorded: 'Recorded.',
  stale: 'This card is out of date: another follow-up was recorded first. Showing the latest state.',
  notYours: 'This alert is not addressed to you, so you cannot record a follow-up on it.',
  noAlert: 'This alert was not found.',
  reminderTitle: (name: string, days: number) =>
    `Reminder: no follow-up recorded for ${name}'s 100 hours after ${days} working days`,
  escalationTitle: (name: string, manager: string) =>
    `Escalation: ${manager} has not recorded a follow-up for ${name}'s 100 hours`,
  healthLinks: 'Where to get advice',
  openTab: 'Open in the tab',
  summaryTitle: (ym: string) => `Overtime ${ym}`,
  soFar: 'This month so far',
  projection: 'Projected month end',
  projectionTooEarly: '(the projection appears after a few working days of data)',
  noData: 'No attendance data yet.',
  cap: 'Cap',
  yearToDate: 'This fiscal year',
  reportTitle: (ym: string) => `Overtime by bureau, ${ym}`,
  bureau: 'Bureau',
  total: 'Total',
  over100: '≥100 h',
  lastYear: 'Same month last year',
  regional: 'Regional branches',
  otherBureaus: 'HQ and agencies',
  suppressed: (n: number) => `<${n}`,
};

export function overtimeMessages(locale: Locale): Messages {
  return locale === 'en' ? en : ja;
}
