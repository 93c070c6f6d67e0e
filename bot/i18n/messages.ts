import type { Locale } from '../../core/org/org.table.ts';

/** Every user-facing string of the bot, in Japanese (default) and English. */
const ja = {
  appName: '勤務コンパニオン',
  welcomeTitle: '勤務コンパニオンへようこそ',
  welcomeIntro: 'ワークライフバランス推進のための取組を、Teams の中で毎日の習慣にするお手伝いをします。',
  welcomeWhat: 'できること',
  featureOvertime: '今月の超過勤務の状況と見込みをお知らせします（100時間に達しそうなときは早めに）。',
  featureLeave: 'ゴールデンウィーク・夏季・年末年始の休暇計画をカードで提出できます。',
  featureChildcare: '配偶者の出産を控えた方は、育児シート（取得計画書）をカードで作成できます。',
  featureNotice: '人事課からのお知らせ（一斉周知）をここで受け取れます。',
  welcomePrivacy: 'あなたの情報は、規程で定められた人（上司・局WLB担当など）にのみ表示されます。',
  helpTitle: '使い方',
  helpIntro: '次のことばを送るか、ボタンを押してください。',
  cmdHelp: 'ヘルプ',
  cmdHelpDesc: 'この使い方を表示します',
  cmdOvertime: '残業',
  cmdOvertimeDesc: '今月の超過勤務と見込み',
  cmdLeave: '休暇',
  cmdLeaveDesc: '年次休暇の取得状況と休暇計画',
  cmdPlan: '計画',
  cmdPlanDesc: '受付中の休暇計画カードを開く',
  cmdChildcare: '育児',
  cmdChildcareDesc: '育児シート（男性職員の育児休業等取得計画）',
  cmdSettings: '設定',
  cmdSettingsDesc: '言語・通知しない時間帯',
  unknownCommand: '「${text}」は分かりませんでした。次の中から選んでください。',
  settingsTitle: '設定',
  settingsLanguage: '表示言語',
  settingsQuiet: '通知しない時間帯（この時間は個人あての通知を送りません）',
  settingsQuietStart: '開始',
  settingsQuietEnd: '終了',
  settingsSave: '保存',
  settingsSaved: '設定を保存しました。',
  langJa: '日本語',
  langEn: 'English',
  notRegistered: 'まだ職員名簿にあなたが登録されていません。人事課にお問い合わせください。',
  errorTitle: 'うまくいきませんでした',
  errorGeneric: '処理中に問題が起きました。時間をおいてもう一度お試しください。',
  errorStale: 'このカードは古くなっています。最新のカードからやり直してください。',
  personalOnlyTitle: '個人チャットでお答えします',
  personalOnlyWhy:
    'このコマンドはあなた個人の情報（超過勤務・休暇・育児の予定、部下のアラートなど）を表示するため、グループチャットやチャネルでは表示しません。勤務コンパニオンとの個人チャットで同じことばを送ってください。',
  personalOnlyOpen: '個人チャットを開く',
  comingSoon: 'この機能は準備中です。',
  openTab: 'タブで開く',
};

export type MessageKey = keyof typeof ja;
export type Messages = Record<MessageKey, string>;

const en: Messages = {
  appName: 'Kinmu Companion',
  welcomeTitle: 'Welcome to Kinmu Companion',
  welcomeIntro: "I help turn the ministry's work-life-balance plan into daily practice, right here in Teams.",
  welcomeWhat: 'What I can do',
  featureOvertime:
    'Tell you your overtime this month and where it is heading (early, before it reaches 100 hours).',
  featureLeave: 'Collect your leave plans for Golden Week, summer and year-end on a card.',
  featureChildcare: 'If your partner is expecting, help you file a childcare-leave plan on a card.',
  featureNotice: 'Deliver announcements from HR to you here.',
  welcomePrivacy:
    'Your information is shown only to the people the rules allow (your manager, your bureau WLB officer).',
  helpTitle: 'How to use',
  helpIntro: 'Send one of these words, or press a button.',
  cmdHelp: 'help',
  cmdHelpDesc: 'Show this help',
  cmdOvertime: 'overtime',
  cmdOvertimeDesc: 'Your overtime this month and projection',
  cmdLeave: 'leave',
  cmdLeaveDesc: 'Your annual leave and leave plans',
  cmdPlan: 'plan',
  cmdPlanDesc: 'Open the leave-plan card of a running campaign',
  cmdChildcare: 'childcare',
  cmdChildcareDesc: 'Childcare-leave plan for fathers-to-be',
  cmdSettings: 'settings',
  cmdSettingsDesc: 'Language and quiet hours',
  unknownCommand: 'I did not understand "${text}". Please choose one of these.',
  settingsTitle: 'Settings',
  settingsLanguage: 'Language',
  settingsQuiet: 'Quiet hours (no personal notifications during this time)',
  settingsQuietStart: 'From',
  settingsQuietEnd: 'To',
  settingsSave: 'Save',
  settingsSaved: 'Your settings were saved.',
  langJa: '日本語',
  langEn: 'English',
  notRegistered: 'You are not in the staff register yet. Please contact HR.',
  errorTitle: 'Something went wrong',
  errorGeneric: 'A problem occurred. Please try again in a moment.',
  errorStale: 'This card is out of date. Please start again from the latest card.',
  personalOnlyTitle: 'Let’s continue in a personal chat',
  personalOnlyWhy:
    'This command shows your own information (overtime, leave and childcare plans, your staff’s alerts), so it is not shown in group chats or channels. Send the same word to Kinmu Companion in a personal chat.',
  personalOnlyOpen: 'Open the personal chat',
  comingSoon: 'This feature is coming soon.',
  openTab: 'Open in the tab',
};

const catalogs: Record<Locale, Messages> = { ja, en };

export function messages(locale: Locale): Messages {
  return catalogs[locale];
}

/** Teams sends locales like 'en-US' or 'ja-JP'; anything English-ish is English, the rest Japanese. */
export function localeFrom(teamsLocale: string | undefined): Locale {
  return teamsLocale?.toLowerCase().startsWith('en') ? 'en' : 'ja';
}

export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\$\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}
