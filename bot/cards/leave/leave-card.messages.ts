import type { Locale } from '../../../core/org/org.table.ts';

/** Texts of the leave-plan cards, Japanese (default) and English. */
const ja = {
  period: '期間',
  deadline: '提出期限',
  deadlineValue: '{date}（この日の終わりまで編集できます）',
  used: '今年の年次休暇（取得済み）',
  remaining: '残り日数',
  remainingValue: '{n}日（今年の付与{granted}日＋前年からの繰越{carried}日 − 取得{used}日）',
  overdrawn:
    '0日 — 取得日数が付与日数を{n}日上回っています。勤怠データか繰越日数に誤りがないか、人事担当に確認してください。',
  plannedBeyond:
    '計画の年次休暇が残り日数を{n}日上回っています。夏季休暇や他の日への変更を検討してください。',
  goal: '年間目標',
  goalValue: '15日以上（あと{days}日）',
  goalReached: '15日以上 — 達成しました',
  days: '{n}日',
  legend: '★ は飛び石の勤務日（休暇を取ると連休になります）。週休日・祝日は選べません。',
  nonWorking: '休日: {days}',
  none: '—（出勤）',
  note: '備考（任意）',
  notePlaceholder: '例: 8/10〜8/14 は帰省予定',
  submit: '提出する',
  resubmit: '変更を保存',
  edit: '計画を変更する',
  savedBanner: '計画を保存しました（第{version}版）。期限まで何度でも変更できます。',
  savedTitle: 'あなたの休暇計画',
  nothingPlanned: 'この期間に休暇の予定はありません（提出済み）。',
  notSubmitted: '計画は提出されていません。',
  plannedTotal: '計画: 年次休暇 {annual}日・夏季休暇 {summer}日・その他 {other}日',
  closedBanner: '提出期限を過ぎました。変更が必要な場合は担当者にご相談ください。',
  reminderOpening: '休暇計画表の受付が始まりました。',
  reminderBefore: 'リマインド: 提出期限まであと{days}日です。まだ提出されていません。',
  campaignsTitle: '受付中の休暇計画表',
  campaignsNone: '現在受付中の休暇計画表はありません。',
  open: '開く',
  answered: '提出済み',
  notAnswered: '未提出',
  lowResponseTitle: '休暇計画表の提出状況（期限前日）',
  lowResponseIntro:
    '「{title}」の提出期限は{deadline}です。次の課室で提出が少なくなっています。声かけをお願いします。',
  lowResponseRow: '{name}: {responded}/{members}人（{rate}%）',
  staffOnlyName: '{name}（あなたの部下の分のみ）',
  sectionTableTitle: '課室の休暇計画表がまとまりました',
  sectionTableIntro: '「{title}」— {section}: 提出 {responded}/{members}人。',
  sectionTableWarn: '不在が{share}%を超える日: {days}',
  sectionTableNoWarn: '不在が{share}%を超える日はありません。',
  openTab: 'タブで計画表を開く',
  nudgeTitle: '年次休暇、取れていますか？',
  nudgeBody:
    '1月から{asOf}までに取得した年次休暇は{days}日です。年5日を目安に、夏季休暇と組み合わせた計画的な取得をおすすめします（省の目標は年15日以上）。',
  nudgeManagerTitle: '部下の年次休暇の取得状況（6月末）',
  nudgeManagerBody:
    '直属の部下{size}人のうち、6月末までの年次休暇が5日未満の人は {count} 人です。取得の声かけをお願いします。',
  nudgeManagerSmall:
    '直属の部下のうち、6月末までの年次休暇が5日未満の人がいます（{floor}人未満のチームのため人数は表示しません）。取得の声かけをお願いします。',
  kindFull: '年休（全日）',
  kindAm: '年休（午前）',
  kindPm: '年休（午後）',
  kindSummer: '夏季休暇',
  kindOther: 'その他の特別休暇',
};

type LeaveCardMessages = typeof ja;

const en: LeaveCardMessages = {
  period: 'Period',
  deadline: 'Deadline',
  deadlineValue: '{date} (editable until the end of that day)',
  used: 'Annual leave taken this year',
  remaining: 'Remaining',
  remainingValue: '{n} days (granted {granted} this year + {carried} carried over − {used} used)',
  overdrawn:
    '0 days — {n} more days were used than granted. Ask HR to check the attendance data or the carry-over.',
  plannedBeyond: 'The planned annual leave is {n} days more than what remains.',
  goal: 'Yearly goal',
  goalValue: '15 days or more ({days} to go)',
  goalReached: '15 days or more — reached',
  days: '{n} days',
  legend: '★ marks a bridge day (a working day between days off). Weekends and holidays cannot be chosen.',
  nonWorking: 'Days off: {days}',
  none: '— (at work)',
  note: 'Note (optional)',
  notePlaceholder: 'e.g. visiting family 8/10–8/14',
  submit: 'Submit',
  resubmit: 'Save changes',
  edit: 'Change my plan',
  savedBanner: 'Your plan was saved (version {version}). You can change it until the deadline.',
  savedTitle: 'Your leave plan',
  nothingPlanned: 'No leave planned in this period (answer recorded).',
  notSubmitted: 'No plan was submitted.',
  plannedTotal: 'Planned: annual {annual} d, summer {summer} d, other {other} d',
  closedBanner: 'The deadline has passed. Please contact the person in charge for changes.',
  reminderOpening: 'The leave plan is open for your answer.',
  reminderBefore: 'Reminder: {days} day(s) left until the deadline. You have not answered yet.',
  campaignsTitle: 'Open leave plans',
  campaignsNone: 'There is no open leave plan right now.',
  open: 'Open',
  answered: 'answered',
  notAnswered: 'not answered',
  lowResponseTitle: 'Leave-plan answers (the day before the deadline)',
  lowResponseIntro:
    '"{title}" closes on {deadline}. These sections have few answers so far; please remind your staff.',
  lowResponseRow: '{name}: {responded}/{members} ({rate}%)',
  staffOnlyName: '{name} (your own staff only)',
  sectionTableTitle: "Your section's leave-plan table is ready",
  sectionTableIntro: '"{title}" — {section}: {responded}/{members} answered.',
  sectionTableWarn: 'Days with more than {share}% away: {days}',
  sectionTableNoWarn: 'No day has more than {share}% of the section away.',
  openTab: 'Open the table in the tab',
  nudgeTitle: 'Have you taken some annual leave?',
  nudgeBody:
    'From January to {asOf} you took {days} day(s) of annual leave. Aim for at least 5 by now and plan some days around summer leave (the ministry goal is 15 a year).',
  nudgeManagerTitle: "Your team's annual leave (end of June)",
  nudgeManagerBody:
    'Of your {size} direct reports, {count} took fewer than 5 days of annual leave by the end of June. Please encourage them.',
  nudgeManagerSmall:
    'Some of your direct reports took fewer than 5 days of annual leave by the end of June (the number is not shown for teams under {floor}). Please encourage them.',
  kindFull: 'Annual (full day)',
  kindAm: 'Annual (morning)',
  kindPm: 'Annual (afternoon)',
  kindSummer: 'Summer leave',
  kindOther: 'Other special leave',
};

export function leaveMessages(locale: Locale): LeaveCardMessages {
  return locale === 'en' ? en : ja;
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}
