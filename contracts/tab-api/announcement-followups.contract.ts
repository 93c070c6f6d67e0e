import { z } from 'zod';
import type { AnnouncementContent, AudienceSpec } from './announcements.contract.ts';
import { route } from './route-contract.ts';

/**
 * お知らせ beyond one send (tab/api/announcement-followups.routes.ts, issue 20): reminders and mail
 * fallback of an announcement, Entra groups for audiences, templates and recurring series. Every
 * route is for HR; the drafts, groups and rules are checked by core/announcements (a draft's rules
 * need the settings in force), so these routes declare their params and answers.
 */

/** A draft as a template or a series keeps it: the content with its audience and reminders. */
export interface AnnouncementDraft extends AnnouncementContent {
  audience: AudienceSpec;
  reminders?: { afterHours: number; max: number } | null;
}

export interface RemindedPeople {
  afterHours: number | null;
  max: number;
  rounds: { round: number; reminded: number; sent: number; cancelled: number; waiting: number }[];
  people: {
    employeeNo: string;
    name: string;
    bureau: string;
    section: string;
    round: number;
    state: string;
    sentAt: string | null;
    ackedAt: string | null;
  }[];
}

/** Those without Teams who got the announcement by e-mail instead. */
export interface MailCounts {
  mailed: number;
  failed: number;
  noAddress: number;
  sending: number;
}

/** An Entra group of an audience: its members are counted once it is added (expanded). */
export interface EntraGroup {
  groupId: string;
  displayName: string;
  kind: string;
  members?: number;
  /** Members who are in the employee register (only they receive it). */
  inRegister?: number;
  expandedAt?: string;
}

export interface AnnouncementTemplate {
  id: string;
  name: string;
  content: AnnouncementDraft;
  updatedAt: string;
}

export type SeriesState = 'pending_approval' | 'active' | 'stopped';

/** When a series goes out (Japanese time); a date that is not a working day is skipped or moved. */
export interface Recurrence {
  frequency: 'weekly' | 'monthly';
  /** 0 = Sunday … 6 = Saturday. */
  weekdays: number[];
  dayOfMonth?: number | 'last';
  time: string;
  onHoliday: 'skip' | 'next_working_day' | 'previous_working_day';
  startsOn: string;
  endsOn?: string | null;
}

export interface Series {
  id: string;
  title: string;
  content: AnnouncementDraft;
  recurrence: Recurrence;
  state: SeriesState;
  createdBy: string;
  approvedBy: string | null;
  /** The next dates (holidays shown: the date the rule named and the holiday that moved it). */
  upcoming: { date: string; at: string; shiftedFrom?: string; holiday?: string }[];
  /** With one series only: the announcements it made. */
  occurrences?: {
    announcementId: string;
    date: string;
    scheduledAt: string | null;
    state: string;
    recipients: number | null;
    acked: number;
  }[];
}

const byId = { params: z.object({ id: z.string() }) } as const;

export const getReminded = route<RemindedPeople>()({
  method: 'GET',
  path: '/announcements/:id/reminders',
  ...byId,
});
export const getMailCounts = route<MailCounts>()({ method: 'GET', path: '/announcements/:id/mail', ...byId });

/** Groups whose name starts with `q` (core/announcements checks it). */
export const searchEntraGroups = route<{ groups: EntraGroup[] }>()({
  method: 'GET',
  path: '/announcements-audience/entra-groups',
});
/** Adds a group (`{ groupId }`, checked by core/announcements): expanded now through Graph. */
export const addEntraGroup = route<EntraGroup>()({
  method: 'POST',
  path: '/announcements-audience/entra-groups',
});
/** The stored groups an audience names (the first 20 ids). */
export const describeEntraGroups = route<EntraGroup[]>()({
  method: 'POST',
  path: '/announcements-audience/entra-groups/describe',
});

export const listTemplates = route<{ templates: AnnouncementTemplate[] }>()({
  method: 'GET',
  path: '/announcement-templates',
});
/** The composer's content or an existing announcement under a name (checked by core/announcements). */
export const saveTemplate = route<AnnouncementTemplate>()({
  method: 'POST',
  path: '/announcement-templates',
});
/** A new draft with the template's content: its id. */
export const startFromTemplate = route<{ id: string }>()({
  method: 'POST',
  path: '/announcement-templates/:id/start',
  ...byId,
});
export const deleteTemplate = route<{ deleted: boolean }>()({
  method: 'POST',
  path: '/announcement-templates/:id/delete',
  ...byId,
});

export const listSeries = route<{ series: Series[] }>()({ method: 'GET', path: '/announcement-series' });
/** A draft with its recurrence (checked by core/announcements with the settings in force). */
export const createSeries = route<Series>()({ method: 'POST', path: '/announcement-series' });
export const getSeries = route<Series>()({ method: 'GET', path: '/announcement-series/:id', ...byId });
export const editSeries = route<Series>()({ method: 'POST', path: '/announcement-series/:id/edit', ...byId });
/** Four eyes, once per series: a second HR person approves. */
export const approveSeries = route<Series>()({
  method: 'POST',
  path: '/announcement-series/:id/approve',
  ...byId,
});
export const stopSeries = route<Series>()({ method: 'POST', path: '/announcement-series/:id/stop', ...byId });
