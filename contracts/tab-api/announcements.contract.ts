import { z } from 'zod';
import { route } from './route-contract.ts';

/**
 * お知らせ (tab/api/announcements.routes.ts). The draft's own rules (audience, links, schedule) need
 * the settings in force, so core/announcements validates the draft bodies; these routes declare the
 * rest.
 */

export type Locale = 'ja' | 'en';
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

export interface AnnouncementSummary {
  id: string;
  title: string;
  state: AnnouncementState;
  language: Locale;
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
  links: LinkButton[];
  files?: LinkButton[];
  reminders?: { afterHours: number; max: number } | null;
  audience: AudienceSpec;
  createdBy: string;
  approvedBy: string | null;
  /** An edit of the sent card waiting for a second person (four eyes); approve applies it. */
  pendingUpdate: unknown;
  pendingUpdateBy: string | null;
}

export interface Tracking {
  state: AnnouncementState;
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

const byId = { params: z.object({ id: z.string() }) } as const;

export const listAnnouncements = route<{ announcements: AnnouncementSummary[] }>()({
  method: 'GET',
  path: '/announcements',
});
export const createAnnouncement = route<AnnouncementDetail>()({ method: 'POST', path: '/announcements' });
export const getAnnouncement = route<AnnouncementDetail & { card: object }>()({
  method: 'GET',
  path: '/announcements/:id',
  ...byId,
});
export const editAnnouncement = route<AnnouncementDetail>()({
  method: 'PUT',
  path: '/announcements/:id',
  ...byId,
});
export const submitAnnouncement = route<AnnouncementDetail>()({
  method: 'POST',
  path: '/announcements/:id/submit',
  ...byId,
});
export const approveAnnouncement = route<AnnouncementDetail>()({
  method: 'POST',
  path: '/announcements/:id/approve',
  ...byId,
});
export const cancelAnnouncement = route<AnnouncementDetail>()({
  method: 'POST',
  path: '/announcements/:id/cancel',
  ...byId,
});
/** An edit of the sent card (every recipient's card is updated in place). */
export const updateAnnouncement = route<AnnouncementDetail>()({
  method: 'POST',
  path: '/announcements/:id/update',
  ...byId,
});
export const recallAnnouncement = route<AnnouncementDetail>()({
  method: 'POST',
  path: '/announcements/:id/recall',
  ...byId,
  body: z.object({ mode: z.enum(['delete', 'notice']).default('notice') }),
});
export const sendAnnouncementToMe = route<{ sent: boolean }>()({
  method: 'POST',
  path: '/announcements/:id/send-to-me',
  ...byId,
});
export const trackAnnouncement = route<Tracking>()({
  method: 'GET',
  path: '/announcements/:id/tracking',
  ...byId,
});
export const exportAnnouncement = route()({
  method: 'GET',
  path: '/announcements/:id/export.csv',
  ...byId,
  download: true,
});
export const getAudienceOptions = route<AudienceOptions>()({
  method: 'GET',
  path: '/announcements-audience/options',
});
/** An uploaded list of UPNs / employee numbers, one per line; unknown ones are listed back (400). */
export const resolveAudienceList = route<{ employeeIds: string[]; count: number }>()({
  method: 'POST',
  path: '/announcements-audience/list',
  body: z.object({ text: z.string().max(10_000_000) }),
});

/**
 * The card of a draft as staff would get it (the bot's template, Teams' size check). core/announcements
 * checks the draft without its audience.
 */
export const previewAnnouncement = route<{ card: object; bytes: number; data: Record<string, unknown> }>()({
  method: 'POST',
  path: '/announcements-preview',
});
/** How many people an audience reaches; core/announcements checks the audience (AudienceSpec). */
export interface AudienceCount {
  count: number;
}
export const countAudience = route<AudienceCount>()({
  method: 'POST',
  path: '/announcements-audience/count',
});
