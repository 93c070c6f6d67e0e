import type { Config } from '../config/config.ts';
import type { Logger } from '../shared/logger.ts';
import type { AppInstaller as SharedAppInstaller } from '../shared/messenger.ts';
import { metrics } from '../shared/metrics.ts';
import { createGraphClient, isGraphError } from './graph-client.ts';
import { createMsalAppTokenSource, type TokenSource } from './token-source.ts';

export type InstallOutcome = 'installed' | 'already' | 'failed';

export type DetailedOutcome = 'installed' | 'already' | 'not_allowed' | 'retry';

export interface AppInstaller {
  /** Installs the Teams app for one person so that the bot can message them first. */
  install(aadObjectId: string): Promise<InstallOutcome>;
  /** The same, telling a permanent refusal (not_allowed) from a transient one (retry). */
  installDetailed(aadObjectId: string): Promise<DetailedOutcome>;
}

export interface AppInstallerOptions {
  baseUrl: string;
  tokens: TokenSource;
  /** The app's id in the tenant's app catalog (teamsApp id, not the manifest id when published via the admin centre). */
  teamsAppId: string;
  /** Installs per second (Graph allows about 30 per tenant; default 20). */
  ratePerSecond?: number;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Proactive installation (POST /users/{id}/teamwork/installedApps, then GET .../chat to make sure
 * the personal chat exists). 409 = already installed. Its own pacing, separate from the bot's
 * message limiter, because Graph and the Bot Connector throttle independently.
 */
export function createGraphAppInstaller(options: AppInstallerOptions): AppInstaller {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const graph = createGraphClient({
    baseUrl: options.baseUrl,
    tokens: options.tokens,
    sleep,
    logger: options.logger,
  });
  const interval = 1000 / (options.ratePerSecond ?? 20);
  let nextSlot = 0;
  const bind = `${options.baseUrl.replace(/\/$/, '')}/v1.0/appCatalogs/teamsApps/${options.teamsAppId}`;

  // Slots are taken synchronously, so concurrent callers are spaced evenly.
  const pace = async () => {
    const t = now();
    const slot = Math.max(t, nextSlot);
    nextSlot = slot + interval;
    if (slot > t) await sleep(slot - t);
  };

  const statusOf = (err: unknown) => (isGraphError(err) ? err.statusCode : undefined);
  // 4xx other than throttling will not get better by retrying (no licence, user gone, app blocked).
  const failure = (err: unknown): DetailedOutcome => {
    const status = statusOf(err);
    return status !== undefined && status >= 400 && status < 500 && status !== 429 ? 'not_allowed' : 'retry';
  };

  async function attempt(aadObjectId: string): Promise<DetailedOutcome> {
    if (!GUID.test(aadObjectId)) return 'not_allowed';
    const base = `/users/${aadObjectId}/teamwork/installedApps`;
    let outcome: DetailedOutcome = 'installed';
    try {
      await pace();
      await graph.post(base, { 'teamsApp@odata.bind': bind });
    } catch (err) {
      if (statusOf(err) === 409) outcome = 'already';
      else {
        options.logger?.warn({ statusCode: statusOf(err) }, 'app install failed');
        return failure(err);
      }
    }
    // The personal chat is what the bot writes to; fetching it makes Teams create it now.
    try {
      const found = await graph.get<{ value?: { id: string }[] }>(
        `${base}?$expand=teamsApp&$filter=teamsApp/id eq '${options.teamsAppId}'`,
      );
      const installation = found.value?.[0];
      if (!installation) return 'retry';
      await pace();
      await graph.get(`${base}/${installation.id}/chat`);
    } catch (err) {
      options.logger?.warn({ statusCode: statusOf(err) }, 'app install: chat lookup failed');
      return failure(err);
    }
    return outcome;
  }

  return {
    async install(aadObjectId) {
      const detailed = await attempt(aadObjectId);
      metrics.appInstalls.inc({ outcome: detailed });
      return detailed === 'installed' || detailed === 'already' ? detailed : 'failed';
    },
    async installDetailed(aadObjectId) {
      const detailed = await attempt(aadObjectId);
      metrics.appInstalls.inc({ outcome: detailed });
      return detailed;
    },
  };
}

/**
 * The same installer in the shape the announcement delivery expects (core/shared/messenger.ts
 * AppInstaller): a refusal Graph will repeat is not_allowed, throttling and outages are retry.
 */
export function createDeliveryAppInstaller(options: AppInstallerOptions): SharedAppInstaller {
  const installer = createGraphAppInstaller(options);
  return {
    async install(aadObjectId) {
      const outcome = await installer.installDetailed(aadObjectId);
      return outcome === 'already' ? 'already_installed' : outcome;
    },
  };
}

/**
 * The delivery installer from the configuration: only when the app's catalog id
 * (TEAMS_APP_CATALOG_ID) and the app-only Graph credentials are set; otherwise undefined, and
 * announcements record people without a conversation as no_conversation.
 */
export function configuredDeliveryAppInstaller(
  config: Config,
  logger?: Logger,
): SharedAppInstaller | undefined {
  const teamsAppId = config.graph.teamsAppCatalogId;
  const tokens = teamsAppId ? createMsalAppTokenSource(config) : undefined;
  if (!teamsAppId || !tokens) return undefined;
  return createDeliveryAppInstaller({
    baseUrl: config.graph.baseUrl,
    tokens,
    teamsAppId,
    ratePerSecond: config.graph.installRatePerSecond,
    logger,
  });
}
