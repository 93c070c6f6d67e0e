import type { Locale } from '../org/org.table.ts';

export type AnnouncementState = 'draft' | 'pending_approval' | 'scheduled' | 'sending' | 'sent' | 'cancelled';
export type AudienceRole = 'hr' | 'wlb_officer' | 'executive' | 'admin' | 'manager';

/** Who receives an announcement: the union of every part (active employees only). */
export interface AudienceSpec {
  everyone: boolean;
  bureauIds: string[];
  sectionIds: string[];
  roles: AudienceRole[];
  /** From an uploaded list of UPNs / employee numbers, resolved when uploaded. */
  employeeIds: string[];
  /** Channel posts: every team the bot is installed in, or these team ids (General channel). */
  allTeams?: boolean;
  teamIds?: string[];
  /** Entra groups' transitive user members (issue 20; expanded through Graph, migration 0019). */
  entraGroupIds?: string[];
}

export interface LinkButton {
  title: string;
  url: string;
}

export interface AnnouncementContent {
  title: string;
  body: string;
  imageUrl: string | null;
  links: LinkButton[];
  /** SharePoint / OneDrive files (links only), issue 20. */
  files?: LinkButton[];
  ackEnabled: boolean;
  language: Locale;
}

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
