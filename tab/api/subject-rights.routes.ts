import { eraseSubject, exportSubject } from '../../contracts/tab-api/subject-rights.contract.ts';
import { adminOnly } from '../../core/access/policies.ts';
import type { Db } from '../../core/db/db.ts';
import * as subjects from '../../core/subject-rights/subject-rights.service.ts';
import { FileReply, type TabRouter } from './tab-router.ts';

/**
 * 本人の権利 (admin only): export everything held on one person (JSON with a readable summary, or
 * the summary as text) and erasure with anonymisation. Both audit-logged; the files are never cached.
 */
export function registerSubjectRightsRoutes(router: TabRouter, db: Db, now: () => Date): void {
  // A file: opened through a signed one-minute link in Teams too; the link's viewer must be an
  // administrator as well, and a refusal is audited like any other.
  router.route(
    exportSubject,
    async (viewer, { params: { employeeNo: no }, query: { format } }) => {
      const { data, summary } = await subjects.exportSubject(db, no, viewer.employee.id, now());
      return format === 'text'
        ? new FileReply('text/plain; charset=utf-8', `subject-${no}.txt`, summary)
        : new FileReply(
            'application/json; charset=utf-8',
            `subject-${no}.json`,
            JSON.stringify({ summary, ...data }, null, 2),
          );
    },
    { authorize: adminOnly },
  );

  router.route(
    eraseSubject,
    async (viewer, { params, body }) => {
      const result = await subjects.eraseSubject(
        db,
        { employeeNo: params.employeeNo, ...body },
        viewer.employee.id,
      );
      return { erased: true as const, pseudonym: result.pseudonym, counts: { ...result.counts } };
    },
    { authorize: adminOnly },
  );
}
