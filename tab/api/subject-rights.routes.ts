import { z } from 'zod';
import { parseInput } from '../../core/access/request-input.ts';
import { requireRole } from '../../core/access/scope.ts';
import type { Viewer } from '../../core/access/viewer.ts';
import type { Db } from '../../core/db/db.ts';
import { eraseSubject, exportSubject } from '../../core/subject-rights/subject-rights.service.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

const employeeNo = z.string().trim().min(1).max(40);
const exportQuery = z.object({ format: z.enum(['json', 'text']).default('json') });
const eraseBody = z.object({
  confirmEmployeeNo: employeeNo,
  reason: z.string().trim().min(4, 'say why (e.g. 利用停止請求 2026-12-01 受付番号)').max(500),
});

/**
 * 本人の権利 (admin only): export everything held on one person (JSON with a readable summary, or
 * the summary as text) and erasure with anonymisation. Both audit-logged; the files are never cached.
 */
export function registerSubjectRightsRoutes(router: TabRouter, db: Db, now: () => Date): void {
  const adminOnly = { authorize: (viewer: Viewer) => requireRole(viewer, 'admin') };
  const noOf = (req: { params?: Record<string, string> }) => employeeNo.parse(req.params?.employeeNo ?? '');

  // A file: opened through a signed one-minute link in Teams (router.download), so the role is
  // checked here rather than in the route options; a refusal is audited like any other.
  router.download('/admin/subjects/:employeeNo/export', async (viewer, req) => {
    requireRole(viewer, 'admin');
    const { format } = parseInput(exportQuery, req.query, 'query');
    const no = noOf(req);
    const { data, summary } = await exportSubject(db, no, viewer.employee.id, now());
    return format === 'text'
      ? new FileReply('text/plain; charset=utf-8', `subject-${no}.txt`, summary)
      : new FileReply(
          'application/json; charset=utf-8',
          `subject-${no}.json`,
          JSON.stringify({ summary, ...data }, null, 2),
        );
  });

  router.post(
    '/admin/subjects/:employeeNo/erase',
    async (viewer, req) => {
      const body = parseInput(eraseBody, req.body, 'body');
      const result = await eraseSubject(db, { employeeNo: noOf(req), ...body }, viewer.employee.id);
      return { erased: true, pseudonym: result.pseudonym, counts: result.counts };
    },
    adminOnly,
  );
}
