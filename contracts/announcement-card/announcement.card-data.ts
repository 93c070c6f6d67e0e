import type { AnnouncementContent } from '../../core/announcements/announcement.table.ts';
import type { Locale } from '../../core/org/org.table.ts';

// The shared contract between bot/ and tab/ (the one place both may import besides core/). Pure (no
// Node APIs): the tab imports this file too, so its live preview expands the bot's own
// template (announcement.card.json) with exactly this data.

/** The card's own words, in the announcement's language (not the reader's: HR wrote it in one). */
export const ANNOUNCEMENT_LABELS: Record<
  Locale,
  {
    kicker: string;
    reminder: string;
    files: string;
    ack: string;
    acked: string;
    updated: string;
    recalled: string;
  }
> = {
  ja: {
    kicker: 'お知らせ（一斉周知）',
    reminder: 'リマインド：このお知らせをまだ確認していません',
    files: '添付資料（SharePoint / OneDrive）',
    ack: '確認しました',
    acked: '確認済み',
    updated: 'このお知らせは更新されました。',
    recalled: 'このお知らせは送信者により取り消されました。',
  },
  en: {
    kicker: 'Announcement',
    reminder: 'Reminder: you have not acknowledged this announcement yet',
    files: 'Files (SharePoint / OneDrive)',
    ack: 'Acknowledge',
    acked: 'Acknowledged',
    updated: 'This announcement was updated.',
    recalled: 'This announcement was recalled by its sender.',
  },
};

export interface AnnouncementCardOptions {
  announcementId: string;
  revision?: number;
  ackedAt?: Date | null;
  /** A reminder to someone who has not acknowledged: the same card under a reminder heading. */
  reminder?: boolean;
}

const timeText = (at: Date, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at);

/**
 * The card every recipient gets, and the tab's preview (the tab renders the same template with the
 * same data). Unchecked for size here: see checkedAnnouncementCard.
 */
export function announcementCardData(content: AnnouncementContent, options: AnnouncementCardOptions) {
  const t = ANNOUNCEMENT_LABELS[content.language];
  const acked = !!options.ackedAt;
  return {
    t: options.reminder ? { ...t, kicker: t.reminder } : t,
    announcementId: options.announcementId,
    title: content.title,
    body: content.body,
    hasImage: !!content.imageUrl,
    imageUrl: content.imageUrl ?? '',
    links: content.links,
    hasFiles: (content.files ?? []).length > 0,
    files: content.files ?? [],
    updated: (options.revision ?? 1) > 1,
    showAck: content.ackEnabled && !acked,
    acked,
    ackedText: acked ? `✓ ${t.acked}（${timeText(options.ackedAt as Date, content.language)}）` : '',
  };
}
