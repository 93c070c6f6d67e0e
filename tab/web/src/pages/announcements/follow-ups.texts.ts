const ja = {
  mail: (sent: string, failed: string, noAddress: string) =>
    `Teams に届かない人へメールで送信: ${sent} 人（失敗 ${failed} 人、アドレスなし ${noAddress} 人）`,
  reminderRule: (hours: string, max: string) => `未確認者へのリマインド: ${hours} 時間ごと、最大 ${max} 回`,
  round: (round: string, sent: string, cancelled: string) =>
    `${round} 回目 ${sent} 人（送信前に確認済み ${cancelled} 人）`,
  remindedTable: 'リマインドを送った人',
  employeeNo: '職員番号',
  name: '氏名',
  section: '課・室',
  roundCol: '回',
  ackedCol: '確認',
  yes: '確認済み',
  no: '未確認',
  seriesTitle: '繰り返しのお知らせ',
  seriesStates: { pending_approval: '承認待ち', active: '実施中', stopped: '停止' },
  next: '次回:',
  shifted: (date: string, from: string, holiday: string) => `${date}（${from} ${holiday} から移動）`,
  approve: '承認する（繰り返し全体）',
  stop: '停止する',
};
export type FollowUpTexts = typeof ja;

const en: FollowUpTexts = {
  mail: (sent: string, failed: string, noAddress: string) =>
    `E-mailed to people Teams could not reach: ${sent} (failed ${failed}, no address ${noAddress})`,
  reminderRule: (hours: string, max: string) =>
    `Reminders to non-acknowledgers: every ${hours} h, at most ${max}`,
  round: (round: string, sent: string, cancelled: string) =>
    `round ${round}: ${sent} (acknowledged before it went: ${cancelled})`,
  remindedTable: 'People reminded',
  employeeNo: 'Employee no.',
  name: 'Name',
  section: 'Section',
  roundCol: 'Round',
  ackedCol: 'Acknowledged',
  yes: 'Yes',
  no: 'Not yet',
  seriesTitle: 'Recurring announcements',
  seriesStates: { pending_approval: 'Awaiting approval', active: 'Active', stopped: 'Stopped' },
  next: 'Next:',
  shifted: (date: string, from: string, holiday: string) => `${date} (moved from ${from} ${holiday})`,
  approve: 'Approve (the whole series)',
  stop: 'Stop',
};

export const FOLLOW_UP_TEXTS = { ja, en };
