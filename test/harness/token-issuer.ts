import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { listenLocal, sendJson } from './http-server.ts';

/**
 * A local identity provider: OpenID metadata + JWKS over HTTP, and a signer. botbuilder's real JWT
 * validation and the tab's SSO validation both fetch keys from it, as they would from Microsoft.
 */
export interface TokenIssuer {
  url: string;
  metadataUrl: string;
  jwksUrl: string;
  /** Signs with the published key. */
  sign(claims: Record<string, unknown>, options: SignOptions): Promise<string>;
  /** Signs with a key that is not published (a forgery). */
  forge(claims: Record<string, unknown>, options: { issuer: string; audience: string }): Promise<string>;
  close(): Promise<void>;
}

export interface SignOptions {
  issuer: string;
  audience: string;
  expiresIn?: string | number;
  notBefore?: number;
  /** Seconds since the epoch (default now). */
  issuedAt?: number;
  /** Leave these registered claims out (tokens a lax validator would still accept). */
  omit?: ('exp' | 'iat')[];
}

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const forger = await generateKeyPair('RS256');
  const jwk: JWK & { endorsements: string[] } = {
    ...(await exportJWK(publicKey)),
    kid,
    alg: 'RS256',
    use: 'sig',
    // Bot Framework keys say which channels they may sign for.
    endorsements: ['msteams', 'emulator', 'webchat'],
  };
  let baseUrl = '';
  const http = await listenLocal((req, res) => {
    if (req.url === '/.well-known/openid-configuration')
      return sendJson(res, 200, {
        issuer: baseUrl,
        jwks_uri: `${baseUrl}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    if (req.url === '/keys') return sendJson(res, 200, { keys: [jwk] });
    sendJson(res, 404, {});
  });
  baseUrl = http.url;

  const build = (claims: Record<string, unknown>, opts: SignOptions) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(opts.issuer)
      .setAudience(opts.audience);
    if (!opts.omit?.includes('iat')) jwt.setIssuedAt(opts.issuedAt);
    if (opts.notBefore !== undefined) jwt.setNotBefore(opts.notBefore);
    if (opts.omit?.includes('exp')) return jwt;
    return jwt.setExpirationTime(opts.expiresIn ?? '1h');
  };
  return {
    url: baseUrl,
    metadataUrl: `${baseUrl}/.well-known/openid-configuration`,
    jwksUrl: `${baseUrl}/keys`,
    sign: (claims, opts) => build(claims, opts).sign(privateKey),
    forge: (claims, opts) => build(claims, opts).sign(forger.privateKey),
    close: () => http.close(),
  };
}
