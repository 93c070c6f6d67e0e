import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { DEFAULT_LIMITS, type DeliveryLimits } from '../delivery/delivery.rules.ts';
import { readAnnouncementSettings } from './announcement.repository.ts';

export interface AnnouncementSettings extends DeliveryLimits {
  /** A second hr person must approve before anything is sent. */
  requireSecondApprover: boolean;
  /** The same for announcements to the whole ministry (everyone / every team), on by default. */
  requireSecondApproverForEveryone: boolean;
  /**
   * How long a claimed outbox row belongs to its worker without a heartbeat (every third of it);
   * after a crash (kill -9) it is claimed again after this. Applies to every proactive message.
   */
  leaseSeconds: number;
  /** Recipient rows written per keyset batch. */
  prepareBatchSize: number;
  /**
   * Hosts that file links may point at: the tenant's SharePoint and OneDrive (e.g.
   * mic.sharepoint.com, mic-my.sharepoint.com). Empty: no file links (fail closed).
   */
  fileDomains: string[];
  /**
   * E-mail to people the bot cannot reach in Teams, from this shared mailbox through Graph
   * (Mail.Send, limited to the mailbox by an application access policy). Off by default.
   */
  mailFallback: { enabled: boolean; sharedMailbox: string };
}

/**
 * The `setting` row 'announcements' (all keys optional: what is missing keeps its default, the rate
 * the deployment's). 設定 validates with it before saving (core/settings/settings.registry.ts);
 * a stored row that no longer parses is ignored with the defaults kept. Keys no longer known (the
 * old `lanes`: one outbox worker per process now sends everything, its parallelism `concurrency`)
 * are dropped when read, so a row stored before still parses.
 */
/** Parents that every Microsoft 365 tenant has hosts under (a tenant's own is e.g. contoso.sharepoint.com). */
const SHARED_FILE_DOMAINS = [
  'sharepoint.com',
  'sharepoint-df.com',
  'sharepoint.us',
  'sharepoint-mil.us',
  'sharepoint.cn',
  'sharepoint.de',
  'onmicrosoft.com',
  'office.com',
  'office365.com',
  'microsoft.com',
  'live.com',
  'onedrive.live.com',
  'onedrive.com',
  '1drv.ms',
];

export const announcementSettingsSchema = z
  .object({
    requireSecondApprover: z.boolean(),
    requireSecondApproverForEveryone: z.boolean(),
    ratePerSecond: z.number().positive().max(1_000),
    perConversation: z
      .array(z.object({ limit: z.number().int().positive(), windowMs: z.number().int().positive() }))
      .min(1),
    concurrency: z.number().int().min(1).max(256),
    maxAttempts: z.number().int().min(1).max(50),
    leaseSeconds: z.number().int().min(1).max(3_600),
    prepareBatchSize: z.number().int().min(10).max(50_000),
    fileDomains: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a host name')
          // Subdomains count as allowed: the shared parent would let every other tenant's files in.
          .refine((d) => !SHARED_FILE_DOMAINS.includes(d), {
            message: 'is shared by every tenant: enter your own, e.g. contoso.sharepoint.com',
            params: { key: 'announcement.file_domain_shared' },
          }),
      )
      .max(20),
    mailFallback: z
      .object({
        enabled: z.boolean(),
        sharedMailbox: z.union([z.literal(''), z.email()]),
      })
      .refine((m) => !m.enabled || m.sharedMailbox !== '', {
        path: ['sharedMailbox'],
        message: 'a shared mailbox is required to send e-mail',
        params: { key: 'announcement.mailbox_required' },
      }),
  })
  .partial();

export interface SettingsReader {
  /** Cached for a few seconds (senders read it in their loop); fresh: read the row now. */
  read(fresh?: boolean): Promise<AnnouncementSettings>;
  /** The last value read (the limiter needs it without a query per request). */
  current(): AnnouncementSettings;
}

/** The values in force when nothing is stored; the rate is the deployment's (BOT_RATE_PER_SECOND). */
export function announcementDefaults(configuredRate: number): AnnouncementSettings {
  return {
    ...DEFAULT_LIMITS,
    ratePerSecond: configuredRate,
    requireSecondApprover: false,
    requireSecondApproverForEveryone: true,
    leaseSeconds: 15,
    prepareBatchSize: 2_000,
    fileDomains: [],
    mailFallback: { enabled: false, sharedMailbox: '' },
  };
}

export function createSettingsReader(db: Db, configuredRate: number, cacheMs = 5_000): SettingsReader {
  const defaults = announcementDefaults(configuredRate);
  let value = defaults;
  let readAt = 0;
  return {
    async read(fresh = false) {
      if (!fresh && Date.now() - readAt < cacheMs) return value;
      const parsed = announcementSettingsSchema.safeParse(await readAnnouncementSettings(db));
      value = { ...defaults, ...(parsed.success ? parsed.data : {}) };
      readAt = Date.now();
      return value;
    },
    current: () => value,
  };
}

/**
 * Four eyes: whether this audience needs a second hr person's approval, for the first send and
 * for every later edit of the sent card (an approved text must not change unseen).
 */
export function needsSecondApprover(
  settings: Pick<AnnouncementSettings, 'requireSecondApprover' | 'requireSecondApproverForEveryone'>,
  audience: { everyone: boolean; allTeams?: boolean },
): boolean {
  return (
    settings.requireSecondApprover ||
    (settings.requireSecondApproverForEveryone && (audience.everyone || audience.allTeams === true))
  );
}

declare module '../settings/settings.registry.ts' {
  interface SettingSchemas {
    announcements: typeof announcementSettingsSchema;
  }
}
