import type { Request } from 'restify';
import { z } from 'zod';
import { parseInput } from '../../core/access/request-input.ts';
import { buildViewer, type Viewer } from '../../core/access/viewer.ts';
import { writeAudit } from '../../core/audit/audit.repository.ts';
import type { Db } from '../../core/db/db.ts';
import { findEmployeeById } from '../../core/org/org.repository.ts';
import { AppError } from '../../core/shared/errors.ts';
import { LINK_PARAM, type LinkSigner, linkTarget } from '../../core/shared/signed-link.ts';

/** Turns a route path (`/leave/campaigns/:id/export`) into a matcher of request paths. */
export function routePattern(path: string): RegExp {
  const escaped = path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/?#]+');
  return new RegExp(`^/api/tab${escaped}(\\?.*)?$`);
}

const linkRequest = z.object({ path: z.string().min(1).max(2000) });

/**
 * The two ends of a signed download: `issue` (the signed-in tab asks for a link to one export route)
 * and `viewerOf` (the browser Teams opened presents it). Only routes registered as downloads accept
 * a link, each link once, for one minute; every use is in the audit log.
 */
export function createDownloadLinks(db: Db, signer: LinkSigner, now: () => Date) {
  const patterns: RegExp[] = [];
  return {
    allow(path: string) {
      patterns.push(routePattern(path));
    },
    async issue(viewer: Viewer, body: unknown) {
      const { path } = parseInput(linkRequest, body, 'body');
      const target = linkTarget(path);
      if (!path.startsWith('/api/tab/') || !patterns.some((p) => p.test(target)))
        throw new AppError('bad_request', 'Not a download of this tab.', [
          { where: 'path', message: 'is not a download route', key: 'invalid' },
        ]);
      const link = await signer.sign(
        { employeeId: viewer.employee.id, tokenRoles: viewer.roles, target },
        now(),
      );
      const sep = target.includes('?') ? '&' : '?';
      return {
        url: `${target}${sep}${LINK_PARAM}=${encodeURIComponent(link.token)}`,
        expiresAt: link.expiresAt.toISOString(),
      };
    },
    async viewerOf(req: Request): Promise<Viewer> {
      const token = new URL(req.url ?? '/', 'http://x').searchParams.get(LINK_PARAM) ?? '';
      const claims = await signer.redeem(token, req.url ?? '/', now());
      const employee = await findEmployeeById(db, claims.employeeId);
      if (!employee) throw new AppError('unauthenticated', 'This download link is no longer valid.');
      await writeAudit(db, {
        actorId: employee.id,
        action: 'download.link_used',
        targetType: 'download',
        targetId: new URL(claims.target, 'http://x').pathname,
        detail: { linkId: claims.id },
      });
      return buildViewer(db, employee, claims.tokenRoles);
    },
  };
}

export type DownloadLinks = ReturnType<typeof createDownloadLinks>;
