const ja = {
  signalsTitle: '勤務間インターバルと在庁時間の乖離',
  signalsBasis: (month: string, hours: number, minutes: number) =>
    `${month}：休息が ${hours} 時間未満だった回数と、端末のログオン時間が申告を ${minutes} 分超えた日数（管理職を除く）。「回答済み」は上司が勤務実態を確認した日数です。`,
  name: '局・課室',
  shortRests: 'インターバル不足',
  officeGaps: '在庁時間の乖離',
  answered: 'うち回答済み',
  noSignals: '表示できる課室がありません。',
  targetsTitle: '計画の年間目標',
  targetsBasis: (fy: number, year: number, month: string) =>
    `${month} までの実績。超過勤務は ${fy} 年度の一人当たり（管理職を除く）、年次休暇は ${year} 年の一人当たり。`,
  group: '区分',
  overtimeThisYear: '今年度（時間）',
  overtimeLastSame: '前年度同期',
  overtimeLastFull: '前年度実績',
  projected: '年度末見込み',
  onTrack: '前年度実績以下',
  yes: '達成見込み',
  no: '超過見込み',
  leaveThisYear: '今年の年次休暇（日）',
  leaveLastSame: '前年同期',
  leaveTarget: (days: number) => `目標 ${days} 日`,
  short: (days: string) => `あと ${days} 日`,
};
export type WellbeingTexts = typeof ja;
const en: WellbeingTexts = {
  signalsTitle: 'Rest between days and in-office gaps',
  signalsBasis: (month, hours, minutes) =>
    `${month}: rests under ${hours} h, and days with the terminal on more than ${minutes} min beyond the declared hours (non-managerial staff). "Answered": days a manager has confirmed.`,
  name: 'Bureau / section',
  shortRests: 'Short rests',
  officeGaps: 'In-office gaps',
  answered: 'Answered',
  noSignals: 'No section to show.',
  targetsTitle: 'Annual targets of the plan',
  targetsBasis: (fy, year, month) =>
    `Through ${month}. Overtime per non-managerial person in FY${fy}; annual leave per person in ${year}.`,
  group: 'Group',
  overtimeThisYear: 'This FY (h)',
  overtimeLastSame: 'Last FY, same months',
  overtimeLastFull: 'Last FY, whole',
  projected: 'Projected to March',
  onTrack: 'At or below last FY',
  yes: 'On track',
  no: 'Above',
  leaveThisYear: 'Annual leave this year (days)',
  leaveLastSame: 'Last year, same months',
  leaveTarget: (days) => `Target ${days} days`,
  short: (days) => `${days} days to go`,
};
export const WELLBEING_TEXTS = { ja, en };
