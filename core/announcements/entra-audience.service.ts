import { z } from 'zod';
import type { Viewer } from '../access/viewer.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/db.ts';
import type { GraphApi } from '../identity/graph-client.ts';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { parseOrThrow } from './announcement.schema.ts';
import { requireHr } from './announcement.service.ts';
import { type GroupKind, groupsByIds, replaceGroupMembers } from './entra-audience.repository.ts';

export interface EntraAudienceDeps {
  db: Db;
  /** App-only Graph (GroupMember.Read.All); absent when the deployment has no Graph credentials. */
  graph?: GraphApi;
  now: () => Date;
  logger: Logger;
}

interface GraphGroup {
  id: string;
  displayName: string;
  groupTypes?: string[];
  mailEnabled?: boolean;
  securityEnabled?: boolean;
}
interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** Microsoft 365 group (Unified), security group, mail-enabled security group, or distribution list. */
export function kindOf(g: GraphGroup): GroupKind {
  if (g.groupTypes?.includes('Unified')) return 'microsoft365';
  if (g.securityEnabled && g.mailEnabled) return 'mail_security';
  if (g.securityEnabled) return 'security';
  return 'distribution';
}

const groupId = z.object({
  groupId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be an id'),
});
const search = z.object({ q: z.string().trim().min(1).max(100) });

const SELECT = 'id,displayName,groupTypes,mailEnabled,securityEnabled';
/** Pages of members are followed to the end; this many is more than any ministry has. */
const MAX_PAGES = 1_000;

/**
 * Audiences from Entra groups. Graph's transitive members (nested groups included) cast to users,
 * paged by @odata.nextLink; the Graph client waits out 429/503/504 by their Retry-After. The
 * members are stored only after the last page came (nothing partial), then an audience naming the
 * group reaches those of them in the staff register.
 */
export function createEntraAudience(deps: EntraAudienceDeps) {
  const { db } = deps;

  function graph(): GraphApi {
    if (!deps.graph)
      throw new AppError(
        'unavailable',
        'Graph is not configured for this deployment; Entra groups cannot be used.',
        [],
        {
          key: 'announcement.graph_not_configured',
        },
      );
    return deps.graph;
  }

  async function expand(id: string) {
    const g = await graph()
      .get<GraphGroup>(`/groups/${id}?$select=${SELECT}`)
      .catch((err: { statusCode?: number }) => {
        if (err?.statusCode === 404)
          throw new AppError('bad_request', 'No such group in the tenant.', [
            { where: 'groupId', message: 'no such group in Entra ID', key: 'announcement.group_not_found' },
          ]);
        throw err;
      });
    const oids: string[] = [];
    let link: string | undefined = `/groups/${id}/transitiveMembers/microsoft.graph.user?$select=id&$top=999`;
    for (let pages = 0; link && pages < MAX_PAGES; pages++) {
      const page: Page<{ id: string }> = await graph().get<Page<{ id: string }>>(link);
      for (const u of page.value) oids.push(u.id);
      link = page['@odata.nextLink'];
    }
    if (link) throw new AppError('unavailable', 'The group is larger than this app expands; split it.');
    const kind = kindOf(g);
    const unique = [...new Set(oids)];
    const { inRegister } = await replaceGroupMembers(
      db,
      { id: g.id, displayName: g.displayName, kind },
      unique,
      deps.now(),
    );
    return { groupId: g.id, displayName: g.displayName, kind, members: unique.length, inRegister };
  }

  return {
    /** HR adds a group to an audience: it is expanded now, and the count shown. */
    async add(viewer: Viewer, input: unknown) {
      requireHr(viewer);
      const { groupId: id } = parseOrThrow(groupId, input, 'The group has problems.');
      const result = await expand(id);
      await writeAudit(db, {
        actorId: viewer.employee.id,
        action: 'announcement.group.expand',
        targetType: 'entra_group',
        targetId: id,
        detail: { members: result.members, inRegister: result.inRegister },
      });
      return result;
    },

    /** Groups whose name starts with the text (no advanced query needed), for the composer's picker. */
    async search(viewer: Viewer, input: unknown) {
      requireHr(viewer);
      const { q } = parseOrThrow(search, input, 'The search has problems.');
      const filter = encodeURIComponent(`startswith(displayName,'${q.replace(/'/g, "''")}')`);
      const page = await graph().get<Page<GraphGroup>>(`/groups?$filter=${filter}&$select=${SELECT}&$top=20`);
      return {
        groups: page.value.map((g) => ({ groupId: g.id, displayName: g.displayName, kind: kindOf(g) })),
      };
    },

    /** The stored groups an audience names (names and counts for the composer and tracking). */
    async describe(viewer: Viewer, ids: string[]) {
      requireHr(viewer);
      return (await groupsByIds(db, ids)).map((g) => ({
        groupId: g.group_id,
        displayName: g.display_name,
        kind: g.kind,
        members: g.member_count,
        inRegister: g.member_count - g.not_in_register,
        expandedAt: g.expanded_at,
      }));
    },

    /**
     * Before an announcement's recipients are written: the groups are expanded again, so a member
     * who joined since composing gets it. When Graph fails, the last expansion stands (logged).
     */
    async refresh(ids: string[]): Promise<void> {
      for (const id of ids)
        await expand(id).catch((err) =>
          deps.logger.warn({ err, groupId: id }, 'entra group refresh failed; the last expansion is used'),
        );
    },
  };
}

export type EntraAudience = ReturnType<typeof createEntraAudience>;
