/** The tab's Japanese texts (the default). en.ts has the same shape; the compiler checks it. */

export type Locale = 'ja' | 'en';

export const ja = {
  appName: '勤務コンパニオン',
  loading: '読み込み中…',
  skipToMain: 'メインコンテンツへ移動',

  language: { label: '表示言語', ja: '日本語', en: 'English' },

  nav: {
    label: 'ページ',
    me: '自分',
    dashboard: 'ダッシュボード',
    'leave-plans': '休暇計画表',
    childcare: '育児',
    announcements: 'お知らせ',
    surveys: 'アンケート',
    import: 'データ取込',
    settings: '設定',
  },
  viewNotAllowed: 'ご指定のページは表示できないため、「自分」を表示しています。',

  comingSoon: {
    badge: '準備中',
    body: 'このページは準備中です。公開まで、もうしばらくお待ちください。',
    scope: { section: '表示範囲: 課', bureau: '表示範囲: 局' },
  },
  pageIntro: {
    dashboard:
      '局・課ごとの残業時間、年次休暇の取得、100時間アラートへの対応、休暇計画と育児休業の状況をまとめて見られます。',
    'leave-plans': 'GW・夏季・年末年始の休暇の使用計画表を、課ごとに確認できます。',
    childcare: '男性職員の育児休業等の取得計画と、目標に対する取得状況を確認できます。',
    announcements: '全職員への一斉周知を作成し、配信状況と確認状況を確認できます。',
    surveys: '匿名のパルスサーベイを作成・配信し、局・課ごとの結果と前回からの推移を確認できます。',
    import: '勤怠データや組織データの CSV を取り込みます。取込前にプレビューと行ごとのエラーを確認できます。',
    settings: 'しきい値、カレンダー、役割などを設定します。',
  },

  me: {
    profileLabel: 'プロフィール',
    kana: 'ふりがな',
    employeeNo: '職員番号',
    section: '課・室',
    bureau: '局・部',
    bureauKind: '区分',
    manager: '上司',
    noManager: '登録なし',
    managerial: '管理職',
    yes: 'はい',
    no: 'いいえ',
    roles: '役割',
    upn: 'サインイン名',
    overtime: {
      title: '今月の残業',
      empty:
        '今月の勤務データはまだありません。勤怠データが取り込まれると、残業時間と月末までの見込みがここに表示されます。',
    },
    annualLeave: {
      title: '年次休暇',
      empty: '年次休暇の取得状況はまだありません。年15日以上の取得を目標にしています。',
    },
    leavePlans: {
      title: '休暇計画',
      empty:
        '提出した休暇計画はまだありません。GW・夏季・年末年始の計画の募集が始まると、ボットからお知らせします。',
    },
    childcare: {
      title: '育児',
      empty:
        '育児休業等の取得計画はまだありません。配偶者の出産予定がある方は、ボットに「育児」と送ると計画を作成できます。',
    },
  },

  bureauKind: {
    headquarters: '本省内部部局',
    external_agency: '外局',
    regional_branch: '地方支分部局',
  } as Record<string, string>,

  roles: {
    employee: '職員',
    manager: '上司',
    executive: '幹部',
    wlb_officer: '局WLB担当',
    hr: '人事',
    admin: 'システム管理者',
  } as Record<string, string>,

  auth: {
    openInTeamsTitle: 'Teams で開いてください',
    openInTeamsBody:
      'このページは Microsoft Teams のタブとして使います。Teams のアプリ「勤務コンパニオン」を開き、タブから表示してください。',
    ssoFailed: 'Teams からサインイン情報を取得できませんでした。',
    devBanner: (name: string, employeeNo: string) =>
      `開発モード: ${name}（${employeeNo}）として表示しています。`,
    switchPersona: 'ペルソナを切り替える',
  },

  picker: {
    title: '開発用ペルソナを選ぶ',
    intro:
      'この画面は、サーバーが AUTH_MODE=dev で動いているときだけ表示されます。選んだ職員として画面を確認できます。本番環境では Teams のシングルサインオンでサインインします。',
    listLabel: 'ペルソナ一覧',
    open: (name: string) => `${name} として開く`,
    expired: '選んでいたペルソナが見つかりません。もう一度選んでください。',
    empty: 'ペルソナがありません。デモデータを投入してからもう一度開いてください。',
  },

  confirm: { cancel: 'キャンセル' },

  errors: {
    unexpected: '画面で予期しないエラーが発生しました。再読み込みしてください。',
    title: 'エラーが発生しました',
    retry: '再試行',
    network: 'サーバーに接続できませんでした。ネットワークを確認して、もう一度お試しください。',
    unauthenticated: 'サインインできませんでした。',
    forbidden: 'この操作を行う権限がありません。',
    code: 'エラーコード',
  },

  config: {
    title: 'タブの設定',
    intro: 'このチャネルのタブに表示するダッシュボードを選んでください。',
    scopeLabel: '表示する範囲',
    section: '課のダッシュボード',
    sectionHint: '課・室ごとの残業時間と休暇の状況',
    bureau: '局のダッシュボード',
    bureauHint: '局・部全体の集計（幹部・局WLB担当向け）',
    outsideTeams:
      'このページは、Teams のチャネルにタブを追加するときに表示されます。ここで選んでも保存はされません。',
    contentUrl: 'タブで開くページ',
    saveFailed: 'タブの設定を保存できませんでした。',
  },
};

export type Messages = typeof ja;
