import { declaredSpan, type PunchDay, stampMinutes } from './punch.ts';

/**
 * 登庁・退庁の記録と申告の乖離 (seed 001, 総務省: 管理者が職員の記載した登庁・退庁時間と業務端末の
 * ログ情報を比較し、著しい乖離があれば勤務実態を確認). For one day: the minutes the terminal was
 * logged on outside the declared start–end (which already holds the declared overtime). A figure
 * only when all four times are known and both spans are spans; a missing punch is no figure, never
 * a gap.
 */
export interface OfficeGap {
  /** Log-on to log-off (在庁時間 as the terminal records it). */
  loggedMinutes: number;
  /** Declared start to end (working + overtime, with breaks, as declared). */
  declaredMinutes: number;
  /** Logged-on minutes outside the declared span. */
  outsideMinutes: number;
}

export function officeGap(day: PunchDay): OfficeGap | null {
  const declared = declaredSpan(day);
  if (!declared || !day.logonAt || !day.logoffAt) return null;
  const on = stampMinutes(day.logonAt);
  const off = stampMinutes(day.logoffAt);
  if (!(off > on)) return null;
  const overlap = Math.max(0, Math.min(off, declared.end) - Math.max(on, declared.start));
  return {
    loggedMinutes: off - on,
    declaredMinutes: declared.end - declared.start,
    outsideMinutes: off - on - overlap,
  };
}

/** A gap to confirm: more than the threshold (設定 wellbeing.officeGapMinutes) outside the declared span. */
export const isOfficeGap = (gap: OfficeGap | null, thresholdMinutes: number): gap is OfficeGap =>
  gap !== null && gap.outsideMinutes > thresholdMinutes;
