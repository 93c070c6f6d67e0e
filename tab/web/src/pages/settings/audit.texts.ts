/**
 * The audit log in words: what each action means, what kind of record it is about, and the detail
 * fields people read. An action not listed here is shown as it is stored (new actions still appear).
 */
type Pair = readonly [ja: string, en: string];

export const AUDIT_ACTIONS: Record<string, Pair> = {
  'announcement.cancel': ['お知らせの中止', 'Announcement cancelled'],
  'announcement.create': ['お知らせの作成', 'Announcement created'],
  'announcement.export': ['お知らせの確認状況を出力', 'Announcement tracking exported'],
  'announcement.recall': ['お知らせの取り消し', 'Announcement recalled'],
  'announcement.send': ['お知らせの送信', 'Announcement sent'],
  'announcement.submit': ['お知らせの送信依頼', 'Announcement submitted'],
  'announcement.update': ['お知らせの更新', 'Announcement updated'],
  'attendance.import': ['勤怠データの取込', 'Attendance imported'],
  'audit.export': ['監査ログの出力', 'Audit log exported'],
  'childcare.birth': ['出生の報告', 'Birth reported'],
  'childcare.coverage.ack': ['業務分担の確認', 'Coverage acknowledged'],
  'childcare.list': ['育児の一覧を表示', 'Childcare list viewed'],
  'childcare.read': ['育児の計画を表示', 'Childcare plan viewed'],
  'childcare.read.shared': ['共有された育児の計画を表示', 'Shared childcare plan viewed'],
  'childcare.sheet.save': ['育児の計画を保存', 'Childcare plan saved'],
  'childcare.take_up': ['育児休業等の取得状況を表示', 'Childcare take-up viewed'],
  'childcare.wlb.read': ['WLBシートを表示', 'WLB sheet viewed'],
  'childcare.wlb.save': ['WLBシートを保存', 'WLB sheet saved'],
  'dashboard.export': ['ダッシュボードの出力', 'Dashboard exported'],
  'dashboard.people.read': ['部下の残業時間を表示', "Staff's overtime viewed"],
  'dashboard.risk_read': ['部下の月末見込みを表示', "Staff's projection viewed"],
  'download.link_used': ['ダウンロード用リンクで出力', 'Download link used'],
  'leave.campaign.create': ['休暇計画の募集を作成', 'Leave campaign created'],
  'leave.planned_vs_taken.read': ['計画と取得の比較を表示', 'Planned vs taken viewed'],
  'leave.section_table.export': ['休暇計画表の出力', 'Leave plan table exported'],
  'leave.section_table.read': ['休暇計画表を表示', 'Leave plan table viewed'],
  'org.graph_sync': ['組織データの同期（Entra）', 'Org synced from Entra'],
  'org.import': ['組織データの取込', 'Org data imported'],
  'overtime.alerts.read': ['残業アラートを表示', 'Overtime alerts viewed'],
  'overtime.follow_up': ['100時間アラートへの対応', '100 h alert follow-up'],
  'role.grant': ['役割の付与', 'Role granted'],
  'role.revoke': ['役割の解除', 'Role revoked'],
  'setting.change': ['設定の変更', 'Setting changed'],
  'setting.department_mappings': ['部署の対応表の変更', 'Department mapping changed'],
  'settings.update': ['設定の変更', 'Setting changed'],
};

export const AUDIT_TARGETS: Record<string, Pair> = {
  employee: ['職員', 'Employee'],
  section: ['課', 'Section'],
  bureau: ['局', 'Bureau'],
  announcement: ['お知らせ', 'Announcement'],
  setting: ['設定', 'Setting'],
  audit_log: ['監査ログ', 'Audit log'],
  download: ['ダウンロード', 'Download'],
  leave_campaign: ['休暇計画の募集', 'Leave campaign'],
  childcare_case: ['育児の計画', 'Childcare plan'],
  overtime_alert: ['残業アラート', 'Overtime alert'],
  dashboard: ['ダッシュボード', 'Dashboard'],
};

/** Detail fields worth reading, with their words; ids and long lists are left out. */
export const AUDIT_DETAIL: Record<string, Pair> = {
  subjects: ['対象の人数', 'People concerned'],
  rows: ['行数', 'Rows'],
  month: ['月', 'Month'],
  fiscalYear: ['年度', 'Fiscal year'],
  fiscal_year: ['年度', 'Fiscal year'],
  bureaus: ['局の数', 'Bureaus'],
  format: ['形式', 'Format'],
  view: ['表示', 'View'],
  role: ['役割', 'Role'],
  recipients: ['宛先の人数', 'Recipients'],
  inserted: ['追加', 'Added'],
  updated: ['更新', 'Updated'],
  action: ['対応', 'Action'],
};

const SKIP = /ids?$|Ids$|^linkId$|^before$|^after$|^filter$/;

/** "対象の人数: 3・月: 2026-10" from a detail object (readable keys only; the CSV keeps everything). */
export function auditDetailText(detail: Record<string, unknown> | null, locale: 'ja' | 'en'): string {
  if (!detail) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(detail)) {
    if (SKIP.test(k) || v === null || typeof v === 'object') continue;
    const label = AUDIT_DETAIL[k];
    parts.push(`${label ? label[locale === 'ja' ? 0 : 1] : k}: ${String(v)}`);
  }
  if ('before' in detail || 'after' in detail)
    parts.push(locale === 'ja' ? '変更前と変更後を記録' : 'before and after recorded');
  return parts.join(locale === 'ja' ? '・' : ', ');
}

export const auditWord = (table: Record<string, Pair>, key: string | null, locale: 'ja' | 'en') =>
  key === null ? '' : (table[key]?.[locale === 'ja' ? 0 : 1] ?? key);
