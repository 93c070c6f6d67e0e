import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { AppError } from './errors.ts';

/**
 * Short-lived, single-purpose links for file downloads. Teams cannot save a blob link reliably
 * (once per session on New Teams, never on mobile: msteams-docs #9904, #10334, #10780), so the tab
 * asks for a signed URL and lets Teams open it in the browser, where no Teams token exists. The
 * link proves who asked, for exactly one path and query, for one minute, and only once.
 */
export interface LinkClaims {
  /** The employee who asked (the viewer the download runs as). */
  employeeId: string;
  /** Entra app roles of the asking session, so the download sees what the page saw. */
  tokenRoles: string[];
  /** The exact path and query the link opens (the signature parameter excluded). */
  target: string;
  /** Unique id, recorded in the audit log and refused a second time. */
  id: string;
}

const PURPOSE = 'kinmu-download';
export const LINK_TTL_SECONDS = 60;
/** The query parameter that carries the signature. */
export const LINK_PARAM = 'sig';

/** `/a?x=1&sig=…&y=2` → `/a?x=1&y=2`: what a link is bound to. */
export function linkTarget(url: string): string {
  const u = new URL(url, 'http://x');
  u.searchParams.delete(LINK_PARAM);
  const query = u.searchParams.toString();
  return `${u.pathname}${query ? `?${query}` : ''}`;
}

export interface LinkSigner {
  sign(claims: Omit<LinkClaims, 'id'>, now: Date): Promise<{ token: string; id: string; expiresAt: Date }>;
  /** The claims of a valid, unused link for `url`; an AppError otherwise. Marks the link used. */
  redeem(token: string, url: string, now: Date): Promise<LinkClaims>;
}

/** A secret of at least 32 bytes; without one (development), a random key for this process. */
export function createLinkSigner(secret?: string): LinkSigner {
  const key = secret ? new TextEncoder().encode(secret) : new Uint8Array(randomBytes(32));
  // Used ids until they expire; a second use within the minute is refused.
  const used = new Map<string, number>();

  return {
    async sign(claims, now) {
      const id = randomUUID();
      const iat = Math.floor(now.getTime() / 1000);
      const token = await new SignJWT({ purpose: PURPOSE, target: claims.target, roles: claims.tokenRoles })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.employeeId)
        .setJti(id)
        .setIssuedAt(iat)
        .setExpirationTime(iat + LINK_TTL_SECONDS)
        .sign(key);
      return { token, id, expiresAt: new Date((iat + LINK_TTL_SECONDS) * 1000) };
    },
    async redeem(token, url, now) {
      const refused = () =>
        new AppError('unauthenticated', 'This download link is not valid or has expired.', [], {
          key: 'error.download_link_invalid',
        });
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          currentDate: now,
          clockTolerance: 0,
        }));
      } catch {
        throw refused();
      }
      const { sub, jti, exp, target, roles, purpose } = payload;
      if (
        purpose !== PURPOSE ||
        typeof sub !== 'string' ||
        typeof jti !== 'string' ||
        typeof exp !== 'number' ||
        target !== linkTarget(url) ||
        !Array.isArray(roles)
      )
        throw refused();
      const nowSeconds = now.getTime() / 1000;
      for (const [k, until] of used) if (until < nowSeconds) used.delete(k);
      if (used.has(jti)) throw refused();
      used.set(jti, exp);
      return { employeeId: sub, tokenRoles: roles.map(String), target, id: jti };
    },
  };
}
