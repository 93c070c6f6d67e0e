import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import type { Config } from '../../core/config/config.ts';
import { AppError } from '../../core/shared/errors.ts';

/** Entra ID's longest configurable access-token lifetime (one day). */
const MAX_TOKEN_AGE_SECONDS = 24 * 60 * 60;

export interface SsoClaims {
  oid: string;
  tid: string;
  roles: string[];
}

/**
 * Validates a Teams SSO access token (authentication.getAuthToken): signature from the tenant's
 * JWKS, audience = the app's client id or its Application ID URI, issuer, tenant, expiry, the
 * access_as_user scope and the requesting client (azp = a Teams client). Anything else is 401 without details beyond what is wrong in general.
 */
export function createSsoVerifier(sso: Config['sso'], publicUrl: string) {
  if (!sso.clientId || !sso.tenantId || !sso.issuer || !sso.jwksUrl) return undefined;
  const jwks = createRemoteJWKSet(new URL(sso.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  const audiences = [sso.clientId, sso.appIdUri ?? `api://${new URL(publicUrl).host}/${sso.clientId}`];
  const { issuer, tenantId } = sso;
  const allowedClients = new Set(sso.allowedClientApps);

  return async function verify(authorization: string | undefined): Promise<SsoClaims> {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new AppError('unauthenticated', 'A Teams sign-in token is required.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer,
        audience: audiences,
        clockTolerance: 60,
        algorithms: ['RS256'],
        // jose accepts a token without exp unless told: a token that never expires is refused,
        // and so is one issued more than a day ago (Entra's longest configurable lifetime).
        requiredClaims: ['exp', 'iat', 'tid', 'oid'],
        maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      }));
    } catch (err) {
      const reason =
        err instanceof errors.JWTExpired
          ? 'The sign-in token has expired.'
          : 'The sign-in token is not valid.';
      throw new AppError('unauthenticated', reason);
    }
    if (payload.tid !== tenantId)
      throw new AppError('unauthenticated', 'The sign-in token is from another tenant.');
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes('access_as_user'))
      throw new AppError('unauthenticated', 'The sign-in token lacks the access_as_user scope.');
    // A v2 access token names the app that asked for it in azp. Any app in the tenant that a user
    // consents to could ask for a token for our API; only the Teams clients are meant to.
    if (typeof payload.azp !== 'string' || !allowedClients.has(payload.azp))
      throw new AppError('unauthenticated', 'The sign-in token was not issued to Teams.');
    if (typeof payload.oid !== 'string')
      throw new AppError('unauthenticated', 'The sign-in token has no user.');
    const roles = Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is string => typeof r === 'string')
      : [];
    return { oid: payload.oid, tid: payload.tid as string, roles };
  };
}
