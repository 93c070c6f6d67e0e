import type { SubjectExport } from './subject-rights.service.ts';

/** What each table holds, in the words the person would use (unknown tables show their name). */
const LABELS: Record<string, string> = {
  attendance_month: '勤務実績（日ごと）',
  overtime_month: '超過勤務（月ごとの集計）',
  overtime_year: '超過勤務（年ごとの集計）',
  overtime_alert: '超過勤務の注意喚起',
  overtime_alert_action: '注意喚起への対応記録',
  leave_plan: '年次休暇の計画',
  leave_plan_version: '年次休暇の計画（版）',
  leave_grant: '年次休暇の付与',
  leave_taken: '休暇の取得',
  childcare_case: '育児に関する計画',
  childcare_sheet_version: '育児計画シート（配偶者の状況等を含む）',
  childcare_consent_event: '上司への共有の同意・撤回',
  childcare_manager_share: '上司への共有',
  childcare_coverage_ack: '業務分担の確認',
  childcare_wlb_sheet: 'WLBシート',
  // Every proactive message: announcements, overtime alerts and reports, leave reminders and
  // nudges, childcare reminders (one outbox since migration 0016).
  delivery: 'Teams への送信記録（お知らせ・注意喚起・リマインド・報告）',
  announcement_ack: 'お知らせの確認',
  announcement_channel_ack: 'チャネルでのお知らせ確認',
  role_assignment: '役割',
  employee_preference: '通知の設定',
  leave_on_time_opt_out: '定時退庁日のお知らせの停止',
  office_gap_review: '在庁時間と申告の乖離の確認（上司の回答）',
  graph_user: 'Entra ID から同期した情報',
  conversation_ref: 'Teams のチャット宛先',
};

const label = (key: string) => {
  const [table, column] = key.split('.');
  return `${LABELS[table ?? ''] ?? table}${column && column !== 'employee_id' ? `（${column}）` : ''}`;
};

/** The human-readable summary of an export (開示: what is held, by kind, with counts). */
export function renderSubjectSummary(data: SubjectExport): string {
  const s = data.subject as Record<string, unknown>;
  const lines = [
    '保有個人情報の開示（概要） / Summary of personal data held',
    `作成日時: ${data.generatedAt}`,
    '',
    `氏名: ${s.family_name} ${s.given_name}`,
    `職員番号: ${s.employee_no}`,
    `所属: ${s.bureau_name} ${s.section_name}`,
    `UPN: ${s.upn ?? '（なし）'}`,
    `Entra オブジェクトID: ${s.entra_oid ?? '（なし）'}`,
    `上司: ${s.manager_employee_no ?? '（なし）'}`,
    '',
    '保有している記録:',
    ...Object.entries(data.records).map(([key, rows]) => `  - ${label(key)}: ${rows.length} 件`),
    ...Object.entries(data.identityCopies).map(([key, rows]) => `  - ${label(key)}: ${rows.length} 件`),
    `  - 監査ログ（本人による操作・本人に関する操作）: ${data.audit.length} 件`,
    '',
    '詳細は同じ出力の JSON（records / identityCopies / audit）にあります。',
  ];
  return `${lines.join('\n')}\n`;
}
