import type { Request, Response, Server } from 'restify';

/**
 * Hosts that may frame the tab: the Teams, Outlook and Microsoft 365 clients
 * (learn.microsoft.com "Content Security Policy for Teams apps": teams.microsoft.com and its
 * subdomains, *.office.com, *.cloud.microsoft, *.microsoft365.com for the M365 app).
 */
export const TEAMS_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.teams.microsoft.us',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.skype.com',
];

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Fluent UI (Griffel) inserts its styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  // teams-js (2.x) fetches the list of Teams' valid origins from this CDN when the tab runs in a
  // frame; refusing it leaves the tab waiting for a host it cannot verify.
  "connect-src 'self' https://res.cdn.office.net",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  `frame-ancestors ${TEAMS_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

/**
 * Headers on every response. No X-Frame-Options: it cannot list Teams, and CSP frame-ancestors
 * supersedes it. API answers and exports are personal data: never stored by a cache.
 */
export function securityHeaders(server: Server): void {
  server.pre((req: Request, res: Response, next: () => void) => {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if ((req.url ?? '').startsWith('/api/') || (req.url ?? '').startsWith('/metrics'))
      res.setHeader('cache-control', 'no-store');
    next();
  });
}
