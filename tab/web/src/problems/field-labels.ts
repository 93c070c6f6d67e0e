/**
 * Field labels as people see them on the forms, by the field path the server reports (numbers of
 * list items and the setting's own key dropped: `overtime.monthLevels.month45` is found as
 * `monthLevels.month45` or `month45`). A path missing here is shown as "入力内容", never as the
 * developer's name for it (a unit test checks the fields of every form's schema).
 */
type Label = readonly [ja: string, en: string];

export const FIELD_LABELS: Record<string, Label> = {
  // 設定: 残業
  'monthLevels.month45': ['月の注意レベル', 'Monthly notice level'],
  'monthLevels.month80': ['月の警告レベル', 'Monthly warning level'],
  monthLevels: ['月の注意・警告レベル', 'Monthly notice and warning levels'],
  doctorInterviewMinutes: ['医師による面接指導', 'Doctor interview'],
  'paceLevels.pace80': ['ペース警告 1', 'Pace warning 1'],
  'paceLevels.pace100': ['ペース警告 2', 'Pace warning 2'],
  paceLevels: ['ペース警告', 'Pace warnings'],
  paceMinWorkingDaysElapsed: ['見込みを出すまでの営業日数', 'Working days before a projection'],
  workingDaysToAct: ['100時間アラートへの対応期限', 'Days to act on a 100-hour alert'],
  doctorInterviewProcedureUrl: ['面接指導の手続きの URL', 'Doctor interview procedure URL'],
  consultationLinks: ['相談窓口のリンク', 'Consultation links'],
  'heteronomous.averageMinMonths': ['平均をとる月数（下限）', 'Months to average (fewest)'],
  'heteronomous.averageMaxMonths': ['平均をとる月数（上限）', 'Months to average (most)'],
  monthlyCapMinutes: ['月の上限', 'Monthly cap'],
  annualCapMinutes: ['年の上限', 'Annual cap'],
  averageCapMinutes: ['複数月平均の上限', 'Multi-month average cap'],
  monthsOverLimit: ['上限を超えられる月数', 'Months allowed over the limit'],
  monthsOverMinutes: ['上限超えの基準', 'Over-limit threshold'],
  // 設定: 育児
  'targets.specialLeaveDays': ['男の産休（日）', 'Paternity special leave (days)'],
  'targets.childcareLeaveDays': ['育児休業（日）', 'Childcare leave (days)'],
  'targets.firstYearDays': ['1年以内の休暇・休業（日）', 'Leave in the first year (days)'],
  'rates.specialLeave5Days.target': ['男の産休5日以上（%）', 'Special leave 5+ days (%)'],
  'rates.childcareLeave2Weeks.target': ['育児休業2週間以上（%）', 'Childcare leave 2+ weeks (%)'],
  'rates.firstYear1Month.target': ['1年以内に1か月以上（%）', 'One month+ in the first year (%)'],
  'reminders.deadlineLeadDays': ['請求期限の何日前に知らせるか', 'Days before a request deadline'],
  'reminders.infoSetDaysBeforeDue': [
    '予定日の何日前に案内を再送するか',
    'Days before the due date to resend',
  ],
  'reminders.infoSetMinGapDays': ['報告から再送までの最短日数', 'Fewest days between report and resend'],
  'postnatalPaternityLeave.maxDays': ['産後パパ育休の日数', 'Postnatal paternity leave days'],
  'postnatalPaternityLeave.windowDays': ['産後パパ育休の期間', 'Postnatal paternity leave window'],
  'participationLeave.weeksBeforeDue': [
    '育児参加休暇（予定日前の週数）',
    'Participation leave (weeks before due)',
  ],
  'participationLeave.weeksBeforeDueMultipleBirth': [
    '育児参加休暇（多胎の週数）',
    'Participation leave (multiple birth weeks)',
  ],
  // 設定: プライバシー・通知の時間帯・お知らせの配信
  minGroupSize: ['集計を表示する最小人数', 'Smallest group shown'],
  'quietHours.start': ['通知しない時間帯（開始）', 'Quiet hours (start)'],
  'quietHours.end': ['通知しない時間帯（終了）', 'Quiet hours (end)'],
  alert100Exempt: ['100時間アラートの例外', '100-hour alert exception'],
  requireSecondApprover: ['別の人事担当者の承認', 'Second approver'],
  ratePerSecond: ['送信の上限（件/秒）', 'Sending limit (per second)'],
  concurrency: ['同時に送る数', 'Concurrent sends'],
  maxAttempts: ['再試行の上限', 'Retry limit'],
  // お知らせ
  title: ['件名', 'Title'],
  body: ['本文', 'Body'],
  imageUrl: ['画像 URL', 'Image URL'],
  'links.title': ['リンクボタンの文字', 'Link button text'],
  'links.url': ['リンクボタンの URL', 'Link button URL'],
  links: ['リンクボタン', 'Link buttons'],
  'files.title': ['資料ボタンの文字', 'File button text'],
  'files.url': ['資料ファイルの URL', 'File link URL'],
  files: ['添付資料', 'Files'],
  fileDomains: ['資料リンクに使えるドメイン', 'Domains allowed for file links'],
  templateName: ['テンプレート名', 'Template name'],
  'mailFallback.enabled': ['Teams に届かない人へのメール送信', 'E-mail to people Teams cannot reach'],
  'mailFallback.sharedMailbox': ['送信元の共有メールボックス', 'Shared mailbox to send from'],
  language: ['言語', 'Language'],
  audience: ['宛先', 'Audience'],
  'audience.teamIds': ['投稿するチーム', 'Teams to post in'],
  'audience.bureauIds': ['宛先の局・部', 'Bureaus'],
  'audience.roles': ['宛先の役割', 'Roles'],
  'audience.employeeIds': ['宛先の職員リスト', 'Employee list'],
  'audience.sectionIds': ['宛先の課・室', 'Sections'],
  'audience.allTeams': ['ボットを追加したすべてのチーム', 'All teams with the bot'],
  'audience.entraGroupIds': ['宛先の Entra グループ', 'Entra groups'],
  groupId: ['Entra グループ', 'Entra group'],
  scheduledAt: ['予約日時', 'Scheduled time'],
  'reminders.afterHours': ['未確認者へのリマインドの間隔（時間）', 'Hours between reminders'],
  'reminders.max': ['リマインドの回数', 'Number of reminders'],
  reminders: ['未確認者へのリマインド', 'Reminders to non-acknowledgers'],
  'recurrence.frequency': ['繰り返し', 'Repeats'],
  'recurrence.weekdays': ['曜日', 'Weekdays'],
  'recurrence.dayOfMonth': ['毎月の日', 'Day of the month'],
  'recurrence.time': ['送信時刻', 'Time'],
  'recurrence.onHoliday': ['休日に当たるとき', 'On a holiday'],
  'recurrence.startsOn': ['繰り返しの開始日', 'Repeats from'],
  'recurrence.endsOn': ['繰り返しの終了日', 'Repeats until'],
  recurrence: ['繰り返し', 'Repeats'],
  text: ['職員リスト', 'Employee list'],
  // 休暇計画の募集
  kind: ['種類', 'Kind'],
  'period.start': ['期間の開始日', 'Period start'],
  'period.end': ['期間の終了日', 'Period end'],
  period: ['期間', 'Period'],
  openingDate: ['受付開始日', 'Opening date'],
  deadline: ['締切日', 'Deadline'],
  targets: ['対象', 'Target'],
  'message.ja': ['案内文（日本語）', 'Message (Japanese)'],
  'message.en': ['案内文（英語）', 'Message (English)'],
  'reminders.time': ['リマインドの時刻', 'Reminder time'],
  'reminders.daysBeforeDeadline': ['リマインドの日', 'Reminder days'],
  summerMaxDays: ['夏季休暇の上限日数', 'Most summer leave days'],
  allowedKinds: ['選べる休暇の種類', 'Leave kinds allowed'],
  entries: ['休暇の予定', 'Planned days'],
  'entries.date': ['休暇の日付', 'Leave date'],
  'entries.kind': ['休暇の種類', 'Leave kind'],
  note: ['メモ', 'Note'],
  // 設定: 本人の権利
  confirmEmployeeNo: ['確認のための職員番号', 'Employee no. to confirm'],
  entraOid: ['Entra オブジェクト ID', 'Entra object id'],
  reason: ['理由', 'Reason'],
  // 育児
  employeeNo: ['職員番号', 'Employee no.'],
  dueDate: ['出産予定日', 'Due date'],
  birthDate: ['出生日', 'Birth date'],
  spouseAdmissionDate: ['配偶者の入院等の日', "Spouse's admission date"],
  multipleBirth: ['多胎', 'Multiple birth'],
  spouseSituation: ['配偶者の状況', "Spouse's situation"],
  'ranges.start': ['休暇の開始日', 'Leave start'],
  'ranges.end': ['休暇の終了日', 'Leave end'],
  'ranges.kind': ['休暇の種類', 'Leave kind'],
  ranges: ['休暇・休業の予定', 'Planned leave'],
  fiscalYear: ['年度', 'Fiscal year'],
  // 勤怠の取込（JSON）と表示の条件
  rows: ['勤怠データ', 'Attendance rows'],
  'rows.employeeNo': ['職員番号', 'Employee no.'],
  'rows.date': ['日付', 'Date'],
  'rows.start': ['始業', 'Start'],
  'rows.end': ['終業', 'End'],
  'rows.endsNextDay': ['翌日にまたがる', 'Ends next day'],
  'rows.overtimeMinutes': ['超過勤務', 'Overtime'],
  'rows.leaveType': ['休暇の種類', 'Leave type'],
  'rows.leaveDays': ['休暇（日）', 'Leave (days)'],
  'rows.leaveMinutes': ['休暇（時間）', 'Leave (hours)'],
  'rows.inOfficeMinutes': ['在庁時間', 'Time in office'],
  'rows.logonAt': ['ログオン', 'Log-on'],
  'rows.logoffAt': ['ログオフ', 'Log-off'],
  month: ['月', 'Month'],
  from: ['開始日', 'From'],
  to: ['終了日', 'To'],
  actor: ['操作した職員', 'Actor'],
  // Settings added with the national rules, the outbox, retention and the plan's figures.
  requireSecondApproverForEveryone: [
    '全職員あてのお知らせに2人目の承認を求める',
    'Second approver for all-staff announcements',
  ],
  'postnatalPaternityLeave.benefitInfoDays': [
    '出生後休業支援給付の目安日数（参考表示）',
    'Days shown for the birth benefit (information)',
  ],
  managerFollowIntervalDays: [
    '上司フォローのリマインド間隔（日）',
    'Days between reminders of the manager follow sheet',
  ],
  managerFollowMaxReminders: [
    '上司フォローのリマインド回数の上限',
    'Most reminders of the manager follow sheet',
  ],
  firstYearCountsAnnualLeave: [
    '育児のための年次休暇を「1か月以上」に数える',
    'Count annual leave for the child toward one month',
  ],
  'healthManagerContact.label': [
    '健康管理医の連絡先の表示名',
    'Name shown for the health manager doctor contact',
  ],
  'specialDutyReasons.code': ['特例業務の理由コード', 'Special-duty reason code'],
  'specialDutyReasons.label': ['特例業務の理由', 'Special-duty reason'],
  attendanceMonths: ['勤務記録（日別）を保存する月数', 'Months to keep daily attendance'],
  childcareYearsAfterClose: [
    '育児の詳細を終了後に保存する年数',
    'Years to keep childcare details after a case closes',
  ],
  officeGapMinutes: ['在庁時間と申告の差の基準（分）', 'Minutes of in-office time beyond the declared day'],
  restIntervalHours: ['勤務間インターバルの基準（時間）', 'Rest between working days (hours)'],
  standardStart: ['始業時刻', 'Start of the standard working day'],
  lateStartAllSections: ['全課室で遅出を案内する', 'Suggest a later start in every section'],
  lateStartSectionCodes: [
    '遅出を案内する課室（課室コード）',
    'Sections where a later start is suggested (codes)',
  ],
  leaveOnTimeWeekdays: ['定時退庁日の曜日', 'Leave-on-time weekdays'],
  leaveOnTimeDates: ['省独自の定時退庁日', "The ministry's own leave-on-time days"],
  leaveOnTimeNudgeAt: ['定時退庁の呼びかけ時刻', 'Time of the leave-on-time nudge'],
  leaveOnTimeEndsAt: ['定時（終業時刻）', 'End of the standard working day'],
  leaveOnTimeListAt: ['管理職への在庁者一覧の送信時刻', "Time of the managers' list of people still working"],
  role: ['役割', 'Role'],
  bureauId: ['局', 'Bureau'],
};

/** `rows[3].overtimeMinutes`, `links.0.url` → `rows.overtimeMinutes`, `links.url`. */
export const labelKey = (where: string): string =>
  where
    .replace(/\[\d+\]/g, '')
    .split('.')
    .filter((s) => s !== '' && !/^\d+$/.test(s))
    .join('.');

/** The label for a field path, trying ever shorter tails; null when it is not a field (a file line). */
export function fieldLabel(where: string, locale: 'ja' | 'en'): string | null {
  if (/^line \d+/.test(where)) return null;
  const parts = labelKey(where).split('.');
  for (let i = 0; i < parts.length; i++) {
    const label = FIELD_LABELS[parts.slice(i).join('.')];
    if (label) return locale === 'ja' ? label[0] : label[1];
  }
  return locale === 'ja' ? '入力内容' : 'Input';
}

/** The item number of a list field (`links.1.url` → 2), for "2 件目". */
export function itemNumber(where: string): number | null {
  const m = /(?:\[(\d+)\]|\.(\d+)(?:\.|$))/.exec(where);
  const n = m ? Number(m[1] ?? m[2]) : Number.NaN;
  return Number.isNaN(n) ? null : n + 1;
}
