import {
  importAttendanceBatch as batchContract,
  importAttendanceFile,
  listAttendanceImports,
} from '../../contracts/tab-api/attendance.contract.ts';
import { hrOrAdmin } from '../../core/access/policies.ts';
import type { Viewer } from '../../core/access/viewer.ts';
import { recentImports } from '../../core/attendance/attendance-import.repository.ts';
import {
  checkAttendanceCsv,
  importAttendanceBatch,
  importAttendanceCsv,
} from '../../core/attendance/attendance-import.service.ts';
import type { Db } from '../../core/db/db.ts';
import type { YearMonth } from '../../core/shared/year-month.ts';
import { fileBytes, importerUpload } from './file-upload.ts';
import type { TabRouter } from './tab-router.ts';

const actorOf = (viewer: Viewer) => ({ id: viewer.employee.id, label: viewer.employee.name });

/**
 * 勤怠データの取込. Feeds and uploads are hr/admin work (in the app or as the token's app role).
 * Every import is all-or-nothing; after one that changed something, the alerts job looks at the
 * months it touched.
 */
export function registerAttendanceRoutes(
  router: TabRouter,
  deps: { db: Db; afterImport: (months: YearMonth[]) => Promise<unknown> },
): void {
  const { db } = deps;

  // System-to-system feed: JSON rows (core/attendance/attendance-batch.schema.ts).
  router.route(
    batchContract,
    async (viewer, _input, req) => {
      const result = await importAttendanceBatch(db, req.body, actorOf(viewer));
      if (result.months.length > 0) await deps.afterImport(result.months);
      return result;
    },
    importerUpload,
  );

  // The tab's upload: ?dryRun=1 gives the preview (first rows, every error), nothing stored.
  router.route(
    importAttendanceFile,
    async (viewer, { query: { dryRun }, body: input }) => {
      const bytes = fileBytes(input.contentBase64);
      if (dryRun === '1' || dryRun === 'true') {
        const check = await checkAttendanceCsv(db, bytes);
        return {
          fileName: input.fileName,
          ok: check.ok,
          encoding: check.encoding,
          rows: check.rows,
          preview: check.preview,
          errors: check.errors,
        };
      }
      const result = await importAttendanceCsv(db, bytes, actorOf(viewer), { fileName: input.fileName });
      if (result.months.length > 0) await deps.afterImport(result.months);
      return { fileName: input.fileName, ...result };
    },
    importerUpload,
  );

  router.route(listAttendanceImports, async () => ({ imports: await recentImports(db) }), {
    authorize: hrOrAdmin,
  });
}
