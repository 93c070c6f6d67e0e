const ja = {
  title: '今月の見込み（あなたの部下）',
  basis: (asOf: string, elapsed: number, total: number) =>
    `${asOf} までの実績から、同じペースが月末まで続いた場合の見込みです（営業日 ${elapsed}/${total} 日経過。ボットの見込みと同じ計算）。`,
  tooEarly: 'まだ営業日が経過していないため、見込みは実績のままです。',
  name: '氏名',
  section: '課',
  soFar: '実績（時間）',
  projected: '月末見込み（時間）',
  level: '見込み',
  levels: {
    over100: (h: string) => `${h}時間超の見込み`,
    over80: (h: string) => `${h}時間超の見込み`,
    over45: (h: string) => `${h}時間超の見込み`,
  },
  others: (n: number, h: string) => `ほか ${n} 人は月末 ${h} 時間未満の見込みです。`,
  moreAtRisk: (n: number) => `ほか ${n} 人も見込みが基準を超えています（見込みの多い順に 200 人まで表示）。`,
  none: (h: string) => `月末に ${h} 時間を超える見込みの人はいません。`,
  alerts: '未対応の100時間アラート（月を問わず）',
  alertLine: (name: string, month: string, hours: string, raised: string) =>
    `${name}: ${month} の ${hours} 時間（${raised} 発生）`,
  alertHint: 'ボットのアラートカードで対応を記録すると、ここから消えます。',
  moreAlerts: (n: number) => `ほか ${n} 件（古い順に表示しています）。`,
};
export type RiskTexts = typeof ja;
const en: RiskTexts = {
  title: 'This month’s projection (your staff)',
  basis: (asOf, elapsed, total) =>
    `Projected from the figures up to ${asOf}, if the same pace goes on to month end (${elapsed} of ${total} working days gone; the same rule as the bot).`,
  tooEarly: 'No working day has passed yet: the projection is the figure so far.',
  name: 'Name',
  section: 'Section',
  soFar: 'So far (h)',
  projected: 'Projected (h)',
  level: 'Projection',
  levels: {
    over100: (h) => `Projected over ${h} h`,
    over80: (h) => `Projected over ${h} h`,
    over45: (h) => `Projected over ${h} h`,
  },
  others: (n, h) => `${n} more are projected under ${h} h.`,
  moreAtRisk: (n) => `${n} more are projected over a level (the 200 most at risk are shown).`,
  none: (h) => `Nobody is projected over ${h} h this month.`,
  alerts: 'Open 100-hour alerts (any month)',
  alertLine: (name, month, hours, raised) => `${name}: ${hours} h in ${month} (raised ${raised})`,
  alertHint: 'Recording the follow-up on the bot’s alert card removes it from here.',
  moreAlerts: (n) => `${n} more (the oldest are shown).`,
};
export const RISK_TEXTS = { ja, en };
