const ja = {
  compose: '新しいアンケート',
  anonymity:
    '回答は匿名で保存されます（回答者の名前と回答は結び付けません）。結果は締切後に、5 人未満の集団を伏せて局・課ごとに表示します。',
  fields: {
    title: 'タイトル',
    intro: '説明（任意）',
    series: 'シリーズ名（前回と比較する場合、同じ名前）',
    question: (n: number) => `設問 ${n}`,
    kind: '形式',
    kinds: { scale: '5段階評価', choice: '単一選択', text: '自由記述' },
    options: '選択肢（1 行に 1 つ）',
    required: '必須',
    addQuestion: '設問を追加',
    removeQuestion: '削除',
    audience: '対象者',
    everyone: '全職員',
    bureaus: '局・部',
    count: (n: string) => `対象: ${n} 人`,
    opensAt: '開始',
    closesAt: '締切',
    remindAt: '督促（未回答者に 1 回、任意）',
  },
  send: '作成して配信',
  confirmTitle: 'アンケートを配信しますか',
  confirmBody: (n: string) => `開始時刻になると ${n} 人にカードが届きます。配信後は設問を変更できません。`,
  confirmLabel: '配信する',
  sent: '配信を予約しました。開始時刻にボットがカードを送ります。',
  results: '結果',
  pick: 'アンケート',
  none: 'まだアンケートはありません。',
  notFinal: '回答期間中です。締切までは回答者数だけを表示します（回答内容の集計は締切後）。',
  question: '設問',
  respondents: (r: string, i: string) => `回答 ${r} / 対象 ${i}`,
  hidden: (floor: number) => `<${floor}（非表示）`,
  hiddenWhy: {
    small_group: '少人数のため非表示',
    complementary: '他の集団の数字が分からないよう非表示',
    residual: '差し引きで分かるため非表示',
  },
  mean: '平均',
  previous: (v: string) => `前回 ${v}`,
  trendTitle: (t: string) => `前回（${t}）との比較`,
  texts: '自由記述',
  noTexts: '記入はありません。',
  csv: 'CSV を出力',
  scope: '全体',
  state: { draft: '下書き', scheduled: '配信予定', open: '回答受付中', closed: '締切済み' },
};
const en: typeof ja = {
  compose: 'New survey',
  anonymity:
    'Answers are stored anonymously (never with the respondent). Results appear after the close, per bureau and section, with groups under 5 hidden.',
  fields: {
    title: 'Title',
    intro: 'Introduction (optional)',
    series: 'Series (the same name compares with the last round)',
    question: (n) => `Question ${n}`,
    kind: 'Kind',
    kinds: { scale: '5-point scale', choice: 'Single choice', text: 'Free text' },
    options: 'Choices (one per line)',
    required: 'Required',
    addQuestion: 'Add a question',
    removeQuestion: 'Remove',
    audience: 'Audience',
    everyone: 'Everyone',
    bureaus: 'Bureaus',
    count: (n) => `Audience: ${n} people`,
    opensAt: 'Opens',
    closesAt: 'Closes',
    remindAt: 'Reminder (once, to non-respondents; optional)',
  },
  send: 'Create and send',
  confirmTitle: 'Send this survey?',
  confirmBody: (n) => `${n} people get the card when it opens. Questions cannot change after sending.`,
  confirmLabel: 'Send',
  sent: 'Scheduled: the bot sends the cards when the survey opens.',
  results: 'Results',
  pick: 'Survey',
  none: 'No surveys yet.',
  notFinal: 'The survey is open: until the close only response counts are shown.',
  question: 'Question',
  respondents: (r, i) => `${r} answered of ${i}`,
  hidden: (floor) => `<${floor} (hidden)`,
  hiddenWhy: {
    small_group: 'Hidden: small group',
    complementary: 'Hidden so that another group cannot be derived',
    residual: 'Hidden: derivable by subtraction',
  },
  mean: 'Mean',
  previous: (v) => `last ${v}`,
  trendTitle: (t) => `Compared with the last round (${t})`,
  texts: 'Free text',
  noTexts: 'Nothing written.',
  csv: 'Export CSV',
  scope: 'All',
  state: { draft: 'Draft', scheduled: 'Scheduled', open: 'Open', closed: 'Closed' },
};
export const SURVEY_TEXTS = { ja, en };

export type QuestionKind = 'scale' | 'choice' | 'text';
export interface QuestionDraft {
  kind: QuestionKind;
  text: string;
  options: string;
  required: boolean;
}
export interface SurveySummary {
  id: string;
  title: string;
  series: string | null;
  state: 'draft' | 'scheduled' | 'open' | 'closed';
  opensAt: string;
  closesAt: string;
  invited: number | null;
  questions: { kind: QuestionKind; text: string; options?: string[] }[];
}
export interface GroupResult {
  id: string;
  level: 'scope' | 'bureau' | 'section';
  name: string;
  bureauId: string | null;
  invited: number;
  hidden: 'small_group' | 'complementary' | 'residual' | null;
  respondents: number | null;
  questions:
    | (
        | { kind: 'scale'; counts: number[]; mean: number | null; answered: number }
        | { kind: 'choice'; counts: number[]; answered: number }
        | { kind: 'text'; texts: string[]; answered: number }
      )[]
    | null;
}
export interface ResultsReply {
  survey: SurveySummary;
  final: boolean;
  floor: number;
  groups: GroupResult[];
  previous: { id: string; title: string } | null;
  trend: { groupId: string; question: number; current: number | null; previous: number | null }[];
}
