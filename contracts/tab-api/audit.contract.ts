import { z } from 'zod';
import { route } from './route-contract.ts';

/** 監査 (admin only): the audit log and its CSV export (tab/api/audit.routes.ts). */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const filter = z.object({
  action: z.string().trim().max(80).optional(),
  actor: z.string().trim().max(40).optional(),
  targetType: z.string().trim().max(40).optional(),
  targetId: z.string().trim().max(80).optional(),
  from: day.optional(),
  to: day.optional(),
  before: z.coerce.number().int().positive().optional(),
});

export interface AuditRow {
  id: number;
  at: string;
  actorId: string | null;
  actorNo: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** Whose data or what, as people know it: the employee's name, the section's or bureau's name. */
  targetName: string | null;
  detail: Record<string, unknown> | null;
}

export interface AuditPage {
  entries: AuditRow[];
  /** Pass as `before` for the next (older) page; null on the last. */
  nextBefore: number | null;
  /** Every action ever logged, for the filter. */
  actions: string[];
}

export const getAuditLog = route<AuditPage>()({
  method: 'GET',
  path: '/audit',
  query: filter.extend({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
});

export const exportAuditLog = route()({
  method: 'GET',
  path: '/audit/export',
  query: filter,
  download: true,
});
