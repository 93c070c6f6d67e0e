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
  followUpTitle: '取組計画フォローアップ報告',
  followUpBasis: (month: string) =>
    `${month} までの数値を、人事課が毎年提出するフォローアップの表の行（省全体・本省内部部局・外局・地方支分部局・局ごと）で出力します。集計人数の下限を下回る区分は「<5」のように出ます。`,
  csv: 'CSV をダウンロード',
  xlsx: 'Excel をダウンロード',
  definitions: [
    [
      '一人当たりの超過勤務時間（時間、年度累計）',
      '4月から指定月までの管理職以外の超過勤務時間の合計を、各月の管理職以外の人数の平均で割った値。前年度実績以下が目標。出典：勤怠データの超過勤務時間。',
    ],
    [
      '月100時間以上の超過勤務を行った職員数（人、延べ）',
      '管理職以外で、月の超過勤務が100時間以上だった人を月ごとに数えた延べ人数。出典：勤怠データの超過勤務時間。',
    ],
    [
      '月の在庁時間が100時間を超えた職員数（人、延べ）',
      '100ｈ超え在庁者数。管理職以外で、月の在庁時間（正規の勤務時間外）が100時間を超えた人を月ごとに数えた延べ人数。在庁時間の記録が無い月は数えず、記録が一つも無い区分は空欄です。出典：勤怠データの在庁時間。',
    ],
    [
      '年次休暇の一人当たり平均取得日数（日、暦年累計）',
      '1月から指定月までの管理職以外の年次休暇日数を、各月の人数の平均で割った値。目標15日。出典：勤怠データの休暇種別（無い日は休暇計画の取得済み）。',
    ],
    [
      '勤務間インターバルが基準未満だった件数（件）',
      '前の勤務日の終業から次の勤務日の始業までが設定の基準（既定11時間）未満だった回数。打刻の欠けた日をまたぐ間隔は数えません。出典：勤怠データの出勤・退勤時刻。',
    ],
    [
      '登庁・退庁の記録と申告の乖離があった件数（件）',
      '端末のログオン〜ログオフのうち、申告の始業〜終業の外の時間が設定の基準（既定30分）を超えた日数と、そのうち上司が確認済みの件数。出典：勤怠データのログオン・ログオフと申告時刻。',
    ],
    [
      '男性職員の育児に伴う休暇・休業の取得率（3指標）',
      'その年度に子が生まれた男性職員のうち目標に達した人の割合。育児の計画シートの記録によるものと、勤怠データの休暇種別（配偶者出産休暇・育児参加のための休暇・育児休業）によるものを、行を分けて出します。',
    ],
  ] as readonly (readonly [string, string])[],
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
  followUpTitle: 'Follow-up report of the plan',
  followUpBasis: (month) =>
    `The figures through ${month} in the rows of the yearly follow-up HR sends (ministry, headquarters and external bureaus, regional branches, each bureau). A group under the minimum size shows as "<5".`,
  csv: 'Download CSV',
  xlsx: 'Download Excel',
  definitions: [
    [
      'Overtime per person (hours, fiscal year to date)',
      'Non-managerial overtime from April to the month, divided by the average non-managerial headcount of the months. Target: at or below last FY. Source: attendance overtime.',
    ],
    [
      'People with 100 h or more in a month (person-months)',
      'Non-managerial people whose overtime in a month reached 100 h, counted per month. Source: attendance overtime.',
    ],
    [
      'People over 100 h in the office in a month (person-months)',
      'Non-managerial people whose time in the office beyond the regular hours went over 100 h in a month, counted per month. Months without in-office time are not counted; a group with none at all is left blank. Source: attendance in-office time.',
    ],
    [
      'Annual leave per person (days, calendar year to date)',
      'Non-managerial annual leave days from January, divided by the average headcount of the months. Target: 15 days. Source: attendance leave types (leave plans where a day has none).',
    ],
    [
      'Rests under the reference (count)',
      'Times the rest from one working day’s end to the next one’s start was under the setting (11 h by default). Rests across a missing punch are not counted. Source: attendance start and end times.',
    ],
    [
      'Gaps between office log and declared hours (count)',
      'Days when terminal log-on to log-off went beyond the declared day by more than the setting (30 min by default), and how many a manager has confirmed. Source: log-on/log-off and declared times.',
    ],
    [
      'Fathers’ childcare leave take-up (3 rates)',
      'Share of men with a child born in the fiscal year who reached each target: one row set from the childcare sheets, one from the attendance leave types.',
    ],
  ],
};
export const WELLBEING_TEXTS = { ja, en };
