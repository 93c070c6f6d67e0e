/**
 * What a problem means, in the viewer's language. The server sends a message key and parameters
 * for the whole answer (`error.<code>`) and for each field (`required`, `too_small`, our own rules'
 * keys); the field path is turned into the label the person sees on the form. Keys and labels
 * missing here fall back to a neutral sentence, never to a developer name.
 */
type P = Record<string, string | number>;
type Text = (p: P) => string;

const ja: Record<string, Text> = {
  // whole answers
  'error.bad_request': () => '入力内容を確認してください。',
  'error.unauthenticated': () => 'サインインできませんでした。',
  'error.forbidden': () => 'この操作を行う権限がありません。',
  'error.not_found': () => '見つかりませんでした。削除されたか、表示する権限がありません。',
  'error.conflict': () => 'ほかの人が先に変更しました。画面を再読み込みしてから、もう一度お試しください。',
  'error.gone': () => '期限を過ぎたため、この操作はできません。',
  'error.too_large': () => 'ファイルまたは入力が大きすぎます。',
  'error.unavailable': () => '一時的に利用できません。しばらくしてからお試しください。',
  'error.internal': () => 'サーバーでエラーが発生しました。時間をおいてもう一度お試しください。',
  'error.download_link_invalid': () =>
    'ダウンロード用のリンクの有効期限が切れたか、すでに使われています。画面からもう一度ダウンロードしてください。',
  // fields: zod's built-in checks
  required: () => '入力してください。',
  invalid: () => '正しくありません。',
  invalid_type: () => '形式が正しくありません。',
  too_short: (p) => `${p.min} 文字以上で入力してください。`,
  too_long: (p) => `${p.max} 文字以内で入力してください。`,
  too_small: (p) => `${p.min} 以上の値にしてください。`,
  too_big: (p) => `${p.max} 以下の値にしてください。`,
  greater_than: (p) => `${p.min} より大きい値にしてください。`,
  less_than: (p) => `${p.max} より小さい値にしてください。`,
  too_few: (p) => `${p.min} 件以上指定してください。`,
  too_many: (p) => `${p.max} 件以内にしてください。`,
  not_multiple_of: (p) => `${p.step} 刻みの値にしてください。`,
  invalid_format: (p) =>
    p.format === 'url'
      ? 'URL の形式で入力してください（https://…）。'
      : p.format === 'email'
        ? 'メールアドレスの形式で入力してください。'
        : p.format === 'datetime'
          ? '日時の形式が正しくありません。'
          : '形式が正しくありません。',
  invalid_choice: () => '選択肢から選んでください。',
  unknown_field: () => '使えない項目が含まれています。',
  invalid_date: () => '実在する日付を YYYY-MM-DD の形で入力してください。',
  end_before_start: () => '終了日は開始日以降の日付にしてください。',
  // our own rules
  'overtime.levels_order': () =>
    '「注意レベル」＜「警告レベル」＜「医師による面接指導」の順に大きくしてください。',
  'overtime.pace_order': () => '「ペース警告 1」は「ペース警告 2」より小さくしてください。',
  'overtime.average_range': () => '平均をとる月数の下限は上限以下にしてください。',
  'childcare.max_days_within_window': () => '取得できる日数は、取得できる期間の日数以下にしてください。',
  'childcare.multiple_birth_weeks': () => '多胎の場合の週数は、単胎の場合の週数以上にしてください。',
  'childcare.due_or_birth_date': () => '出産予定日か出生日のどちらかを入力してください。',
  'childcare.spouse_admission_after_birth': () => '配偶者の入院等の日は出生日以前の日付にしてください。',
  invalid_month: () => '月は YYYY-MM の形で入力してください。',
  'announcement.team_not_installed': () =>
    'このチームにはボットが追加されていません。チームを選び直してください。',
  'announcement.no_recipients': () => '宛先に該当する職員がいません。宛先を選び直してください。',
  'survey.closes_before_opens': () => '締切は開始より後の日時にしてください。',
  'survey.remind_outside_window': () => '督促は開始と締切の間の日時にしてください。',
  'announcement.series_weekdays': () => '曜日を1つ以上選んでください。',
  'announcement.mailbox_required': () => 'メールで送るには、送信元の共有メールボックスを入力してください。',
  'announcement.file_domain_not_allowed': (p) =>
    `「${p.host}」は、この府省の SharePoint / OneDrive のドメインではありません。設定に登録されたドメインのファイルだけを添付できます。`,
  'announcement.file_domain_shared': () =>
    'このドメインはすべての組織が共用しています。自府省のドメイン（例: contoso.sharepoint.com）を入力してください。',
  'announcement.file_domains_not_set': () =>
    '資料リンクに使えるドメインが設定されていません。管理者が「設定 › お知らせの配信」で登録してください。',
  'announcement.group_not_found': () =>
    'この Entra グループはテナントにありません。グループを選び直してください。',
  'announcement.graph_not_configured': () =>
    'この環境では Microsoft Graph が設定されていないため、Entra グループを宛先にできません。',
  'announcement.series_day_of_month': () => '毎月何日に送るかを選んでください。',
  'announcement.series_ends_before_start': () => '終了日は開始日以降の日付にしてください。',
  'announcement.series_no_dates': () =>
    'この繰り返しには、これから送る日がありません。期間を見直してください。',
  'announcement.unknown_recipient': (p) => `「${p.value}」は職員名簿にない UPN または職員番号です。`,
  'subject.confirm_mismatch': () => '上の職員番号と同じ番号を入力してください。',
  'org.not_yes_no': (p) => `「${p.value}」は はい/いいえ（1/0）ではありません。`,
  'org.not_bureau_kind': (p) => `「${p.value}」は局区分（本省内部部局・外局・地方支分部局）ではありません。`,
  'org.not_gender': (p) => `「${p.value}」は性別（男性・女性・その他・空欄）ではありません。`,
  'org.not_language': (p) => `「${p.value}」は言語（ja・en）ではありません。`,
  'org.not_role': (p) => `「${p.value}」は役割（hr・wlb_officer・executive・admin）ではありません。`,
  'attendance.missing_column': (p) => `「${p.column}」の列がありません。`,
  'attendance.unknown_column': (p) => `「${p.column}」は取り込めない列です（列の対応表にありません）。`,
  'attendance.duplicate_column': (p) => `「${p.column}」の列が 2 回あります（${p.earlier} 列目にも）。`,
  'attendance.required': (p) => `「${p.column}」が空欄です。`,
  'attendance.invalid': (p) => `「${p.column}」の値「${p.value}」を読み取れません。`,
  'attendance.end_before_start': (p) =>
    `「${p.column}」が始業より前です（翌日にまたがる勤務は翌日フラグを付けてください）。`,
  'attendance.overnight_not_allowed': (p) =>
    `「${p.column}」: 翌日にまたがる勤務は、この取込では使えません。`,
  'attendance.too_long': (p) => `「${p.column}」: 1 日の勤務として長すぎます。`,
  'attendance.leave_without_type': (p) => `「${p.column}」: 休暇の時間があるのに休暇の種類がありません。`,
  'attendance.leave_without_amount': (p) => `「${p.column}」: 休暇の種類があるのに時間がありません。`,
  'attendance.duplicate_day': (p) =>
    `職員番号 ${p.employeeNo} の ${p.date} は ${p.first} 行目と重複しています。`,
};

const en: Record<string, Text> = {
  'error.bad_request': () => 'Please check what you entered.',
  'error.unauthenticated': () => 'You could not be signed in.',
  'error.forbidden': () => 'You are not allowed to do this.',
  'error.not_found': () => 'Not found: it was removed, or you may not see it.',
  'error.conflict': () => 'Someone changed this first. Reload the page and try again.',
  'error.gone': () => 'The deadline has passed; this can no longer be done.',
  'error.too_large': () => 'The file or input is too large.',
  'error.unavailable': () => 'Temporarily unavailable. Please try again shortly.',
  'error.internal': () => 'The server had a problem. Please try again later.',
  'error.download_link_invalid': () =>
    'The download link has expired or was already used. Download again from the page.',
  required: () => 'Please fill this in.',
  invalid: () => 'This is not valid.',
  invalid_type: () => 'This has the wrong form.',
  too_short: (p) => `Use at least ${p.min} characters.`,
  too_long: (p) => `Use at most ${p.max} characters.`,
  too_small: (p) => `Use ${p.min} or more.`,
  too_big: (p) => `Use ${p.max} or less.`,
  greater_than: (p) => `Use more than ${p.min}.`,
  less_than: (p) => `Use less than ${p.max}.`,
  too_few: (p) => `Choose at least ${p.min}.`,
  too_many: (p) => `Choose at most ${p.max}.`,
  not_multiple_of: (p) => `Use a multiple of ${p.step}.`,
  invalid_format: (p) =>
    p.format === 'url'
      ? 'Enter a URL (https://…).'
      : p.format === 'email'
        ? 'Enter an e-mail address.'
        : 'This has the wrong format.',
  invalid_choice: () => 'Choose one of the options.',
  unknown_field: () => 'Contains an item that cannot be used.',
  invalid_date: () => 'Enter a real date as YYYY-MM-DD.',
  end_before_start: () => 'The end must not be before the start.',
  'overtime.levels_order': () => 'Make "Notice level" < "Warning level" < "Doctor interview", in that order.',
  'overtime.pace_order': () => 'Make "Pace warning 1" lower than "Pace warning 2".',
  'overtime.average_range': () => 'The fewest months to average must not exceed the most.',
  'childcare.max_days_within_window': () => 'The days that can be taken must fit within the period.',
  'childcare.multiple_birth_weeks': () =>
    'Weeks for a multiple birth must be at least those for a single birth.',
  'childcare.due_or_birth_date': () => 'Enter the due date or the birth date.',
  'childcare.spouse_admission_after_birth': () =>
    "The spouse's admission must be on or before the birth date.",
  invalid_month: () => 'Enter the month as YYYY-MM.',
  'announcement.team_not_installed': () => 'The bot is not in this team any more: choose the teams again.',
  'announcement.no_recipients': () => 'Nobody is in the audience: choose it again.',
  'survey.closes_before_opens': () => 'The close must be after the opening.',
  'survey.remind_outside_window': () => 'The reminder must be between the opening and the close.',
  'announcement.series_weekdays': () => 'Choose at least one weekday.',
  'announcement.mailbox_required': () => 'Enter the shared mailbox to send e-mail from.',
  'announcement.file_domain_not_allowed': (p) =>
    `"${p.host}" is not one of this ministry's SharePoint / OneDrive domains set in Settings.`,
  'announcement.file_domain_shared': () =>
    'Every tenant shares this domain: enter your own (e.g. contoso.sharepoint.com).',
  'announcement.file_domains_not_set': () =>
    'No domains are set for file links: an admin sets them in Settings › Announcements.',
  'announcement.group_not_found': () => 'This Entra group is not in the tenant: choose it again.',
  'announcement.graph_not_configured': () =>
    'Microsoft Graph is not configured here, so Entra groups cannot be an audience.',
  'announcement.series_day_of_month': () => 'Choose the day of the month.',
  'announcement.series_ends_before_start': () => 'The end date must be on or after the start date.',
  'announcement.series_no_dates': () => 'This series has no dates left to send on: check its period.',
  'announcement.unknown_recipient': (p) =>
    `"${p.value}" is not a UPN or employee number in the staff register.`,
  'subject.confirm_mismatch': () => 'Type the same employee number as above.',
  'org.not_yes_no': (p) => `"${p.value}" is not yes/no (1/0).`,
  'org.not_bureau_kind': (p) => `"${p.value}" is not a bureau kind.`,
  'org.not_gender': (p) => `"${p.value}" is not a gender (or empty).`,
  'org.not_language': (p) => `"${p.value}" is not a language (ja / en).`,
  'org.not_role': (p) => `"${p.value}" is not a role (hr, wlb_officer, executive, admin).`,
  'attendance.missing_column': (p) => `The column "${p.column}" is missing.`,
  'attendance.unknown_column': (p) => `"${p.column}" is not a column that can be imported.`,
  'attendance.duplicate_column': (p) => `The column "${p.column}" appears twice (also column ${p.earlier}).`,
  'attendance.required': (p) => `"${p.column}" is empty.`,
  'attendance.invalid': (p) => `"${p.column}": "${p.value}" cannot be read.`,
  'attendance.end_before_start': (p) =>
    `"${p.column}" is before the start (mark work past midnight as next day).`,
  'attendance.overnight_not_allowed': (p) => `"${p.column}": work past midnight cannot be imported here.`,
  'attendance.too_long': (p) => `"${p.column}": too long for one working day.`,
  'attendance.leave_without_type': (p) => `"${p.column}": leave time without a leave type.`,
  'attendance.leave_without_amount': (p) => `"${p.column}": a leave type without time.`,
  'attendance.duplicate_day': (p) => `Employee ${p.employeeNo} on ${p.date} repeats line ${p.first}.`,
};

export const PROBLEM_TEXTS = { ja, en };
