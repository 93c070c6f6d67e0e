import type {
  AnnouncementContent,
  AnnouncementState,
  AudienceRole,
  AudienceSpec,
  LinkButton,
} from '../../contracts/tab-api/announcements.contract.ts';
import type { Locale } from '../org/org.table.ts';

export type { AnnouncementContent, AnnouncementState, AudienceRole, AudienceSpec, LinkButton };

export interface AnnouncementRow {
  id: string;
  title: string;
  body: string;
  image_url: string | null;
  links: LinkButton[];
  files?: LinkButton[];
  ack_enabled: boolean;
  language: Locale;
  audience: AudienceSpec;
  state: AnnouncementState;
  created_by: string;
  approved_by: string | null;
  scheduled_at: Date | null;
  prepared: boolean;
  prepare_cursor: string | null;
  recipient_count: number | null;
  send_started_at: Date | null;
  sent_at: Date | null;
  revision: number;
  recalled_at: Date | null;
  recall_mode: 'delete' | 'notice' | null;
  /** An edit of a sent announcement waiting for the second approver (migration 0010). */
  pending_update?: unknown;
  pending_update_by?: string | null;
  /** Reminders to those who have not acknowledged (migration 0019): interval and most rounds. */
  reminder_after_minutes?: number | null;
  reminder_max?: number;
  created_at: Date;
  updated_at: Date;
}

/** The outbox purposes of an announcement's messages (1:1 cards, General-channel posts). */
export const PURPOSE = 'announcement';
export const CHANNEL_PURPOSE = 'announcement.channel';
/** A reminder to someone who has not acknowledged; subject `<announcement id>:<round>`. */
export const REMINDER_PURPOSE = 'announcement.reminder';

export const contentOf = (a: AnnouncementRow): AnnouncementContent => ({
  title: a.title,
  body: a.body,
  imageUrl: a.image_url,
  links: a.links,
  files: a.files ?? [],
  ackEnabled: a.ack_enabled,
  language: a.language,
});
