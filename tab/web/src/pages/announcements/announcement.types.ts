import type {
  AnnouncementContent,
  AudienceRole,
  AudienceSpec,
} from '../../../../../core/announcements/announcement.table.ts';

export type { AnnouncementContent, AudienceRole, AudienceSpec };

export interface AnnouncementSummary {
  id: string;
  title: string;
  state: 'draft' | 'pending_approval' | 'scheduled' | 'sending' | 'sent' | 'cancelled';
  language: 'ja' | 'en';
  ackEnabled: boolean;
  scheduledAt: string | null;
  sentAt: string | null;
  recipientCount: number | null;
  revision: number;
  recalled: boolean;
  createdAt: string;
}

export interface AnnouncementDetail extends AnnouncementSummary {
  body: string;
  imageUrl: string | null;
  links: { title: string; url: string }[];
  files?: { title: string; url: string }[];
  reminders?: { afterHours: number; max: number } | null;
  audience: AudienceSpec;
  createdBy: string;
}

export interface Tracking {
  state: AnnouncementSummary['state'];
  revision: number;
  recalled: boolean;
  progress: {
    total: number;
    pending: number;
    inFlight: number;
    /** Waiting again after a 5xx or a network failure. */
    retrying?: number;
    /** Waiting again after a 429 (Teams asked to slow down). */
    throttled?: number;
    /** Not sent: cancelled or recalled first. */
    cancelled?: number;
    sent: number;
    failed: number;
    undeliverable: number;
    noConversation: number;
    acked: number;
    synced: number;
    /** Averaged over the last minute. */
    ratePerSecond: number;
  };
  etaSeconds: number | null;
  byBureau: { bureauId: string; bureauName: string; recipients: number; sent: number; acked: number }[];
  channels?: { teamId: string; name: string; state: string; sentAt: string | null; synced: boolean }[];
  channelAcks?: number;
}

export interface AudienceOptions {
  bureaus: { id: string; name: string }[];
  sections: { id: string; name: string; bureauId: string }[];
  roles: AudienceRole[];
  /** Teams the bot is installed in (their General channel can get the post). */
  teams: { teamId: string; name: string }[];
}

export const EMPTY_AUDIENCE: AudienceSpec = {
  everyone: false,
  bureauIds: [],
  sectionIds: [],
  roles: [],
  employeeIds: [],
};
