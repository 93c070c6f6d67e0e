import { importOrg, previewOrgImport } from '../../contracts/tab-api/import.contract.ts';
import { invalidateDisclosures } from '../../core/access/disclosure.service.ts';
import type { Db } from '../../core/db/db.ts';
import { importOrgCsv, parseOrgCsv } from '../../core/org/org-import.service.ts';
import { decodeText, parseCsv } from '../../core/shared/csv.ts';
import { fileBytes, importerUpload } from './file-upload.ts';
import type { TabRouter } from './tab-router.ts';

const PREVIEW_ROWS = 10;

/**
 * データ取込 (hr/admin). The org CSV goes through two steps: a preview (the first rows as read, the
 * encoding, and every line error — nothing stored), then the commit, which is all-or-nothing
 * (core/org/org-import.service.ts) and audit-logged.
 */
export function registerImportRoutes(router: TabRouter, db: Db): void {
  router.route(
    previewOrgImport,
    async (_viewer, { body: input }) => {
      const bytes = fileBytes(input.contentBase64);
      const { text, encoding } = decodeText(bytes);
      const { header, rows } = parseCsv(text);
      const parsed = parseOrgCsv(bytes);
      return {
        fileName: input.fileName,
        encoding,
        header,
        totalRows: rows.length,
        preview: rows
          .slice(0, PREVIEW_ROWS)
          .map((r) => ({ line: r.line, values: header.map((h) => r.values[h] ?? '') })),
        errors: parsed.errors,
        canCommit: parsed.errors.length === 0 && rows.length > 0,
      };
    },
    importerUpload,
  );

  router.route(
    importOrg,
    async (viewer, { body: input }) => {
      const result = await importOrgCsv(db, fileBytes(input.contentBase64), {
        id: viewer.employee.id,
        label: viewer.employee.name,
      });
      // Managers' subtrees (org_closure) changed with the import's own transaction; sizes may have too.
      invalidateDisclosures();
      return { fileName: input.fileName, ...result };
    },
    importerUpload,
  );
}
