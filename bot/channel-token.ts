import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import type { Config } from '../core/config/config.ts';

/** Bot Framework's public channel-token service (botframework-connector AuthenticationConstants). */
const BOT_FRAMEWORK_METADATA = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** The longest an access token may live in Entra ID (configurable lifetime ceiling: one day). */
export const MAX_TOKEN_AGE_SECONDS = 24 * 60 * 60;
/** Bot Framework's documented clock skew. */
const CLOCK_TOLERANCE_SECONDS = 300;

export class TokenRefused extends Error {}

/**
 * Checks a channel token before botbuilder sees it: signature from the same key set, issuer,
 * audience, and the claims botbuilder does not insist on — `exp` must be present (jsonwebtoken
 * accepts a token without one), `iat` or `nbf` must be, and the token may not be older than a day.
 * A bad token is thus refused here with one short reason, and botbuilder's own verifier (which
 * prints multi-line stacks and public keys to the console for every bad token) only ever sees
 * tokens that pass; it then still runs its own checks (endorsements, service URL claim).
 */
export function createChannelTokenCheck(bot: Config['bot']) {
  const metadataUrl = bot.openIdMetadataUrl ?? BOT_FRAMEWORK_METADATA;
  const issuer = bot.tokenIssuer ?? BOT_FRAMEWORK_ISSUER;
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keySet = () => {
    jwks ??= (async () => {
      const res = await fetch(metadataUrl, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`OpenID metadata ${res.status}`);
      const { jwks_uri } = (await res.json()) as { jwks_uri?: string };
      if (!jwks_uri) throw new Error('OpenID metadata has no jwks_uri');
      return createRemoteJWKSet(new URL(jwks_uri), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    })();
    jwks.catch(() => {
      jwks = undefined;
    });
    return jwks;
  };

  return async function check(authorization: string | undefined): Promise<JWTPayload> {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '')?.[1];
    if (!token) throw new TokenRefused('no bearer token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keySet(), {
        issuer,
        audience: bot.appId,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      throw new TokenRefused(
        err instanceof errors.JOSEError ? `${err.code}: ${err.message}` : 'token not verifiable',
      );
    }
    const issuedAt = payload.iat ?? payload.nbf;
    if (typeof issuedAt !== 'number') throw new TokenRefused('token has neither iat nor nbf');
    const now = Math.floor(Date.now() / 1000);
    if (now - issuedAt > MAX_TOKEN_AGE_SECONDS || (payload.exp ?? 0) - issuedAt > MAX_TOKEN_AGE_SECONDS)
      throw new TokenRefused('token older or longer-lived than a day');
    return payload;
  };
}

/** Whether a reply may go to this service URL (a configured prefix, compared on the parsed URL). */
export function isAllowedServiceUrl(serviceUrl: unknown, allowed: readonly string[]): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const href = url.href.endsWith('/') ? url.href : `${url.href}/`;
  return allowed.some((prefix) => {
    const p = new URL(prefix);
    const base = p.href.endsWith('/') ? p.href : `${p.href}/`;
    return url.origin === p.origin && href.startsWith(base);
  });
}

/**
 * The tenant of an activity: Teams puts it in channelData.tenant.id and conversation.tenantId.
 * Every value present must be the configured tenant, and at least one must be present.
 */
export function activityTenantOk(activity: Record<string, unknown>, tenantId: string | undefined): boolean {
  if (!tenantId) return false;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const conversation = activity.conversation as { tenantId?: unknown } | undefined;
  const seen = [channelData?.tenant?.id, conversation?.tenantId].filter((v) => v !== undefined);
  return (
    seen.length > 0 && seen.every((v) => typeof v === 'string' && v.toLowerCase() === tenantId.toLowerCase())
  );
}
