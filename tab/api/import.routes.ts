import { z } from 'zod';
import { invalidateDisclosures } from '../../core/access/disclosure.service.ts';
import { parseInput } from '../../core/access/request-input.ts';
import { invalidateSubtrees, requireRole } from '../../core/access/scope.ts';
import type { Db } from '../../core/db/db.ts';
import { importOrgCsv, parseOrgCsv } from '../../core/org/org-import.service.ts';
import { decodeText, parseCsv } from '../../core/shared/csv.ts';
import { AppError } from '../../core/shared/errors.ts';
import { BODY_LIMITS } from '../../core/http/body.ts';
import type { RouteOptions, TabRouter } from './tab-router.ts';

/** The file is read only once the caller is known to be an importer, within the import limit. */
const importerUpload: RouteOptions = {
  maxBodyBytes: BODY_LIMITS.fileImport,
  authorize: (viewer) => requireRole(viewer, 'hr', 'admin'),
};

const PREVIEW_ROWS = 10;
/** A base64 body within the server's 20 MB body limit. */
const MAX_FILE_BYTES = 14 * 1024 * 1024;

const uploadSchema = z.object({
  fileName: z.string().trim().min(1).max(200),
  /** The file's bytes, base64: Shift_JIS files must reach the server byte for byte. */
  contentBase64: z.string().min(1, 'the file is empty'),
});

function fileBytes(contentBase64: string): Uint8Array {
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length === 0)
    throw new AppError('bad_request', 'The file is empty.', [
      { where: 'contentBase64', message: 'the file is empty' },
    ]);
  if (bytes.length > MAX_FILE_BYTES)
    throw new AppError('too_large', `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  return bytes;
}

/**
 * データ取込 (hr/admin). The org CSV goes through two steps: a preview (the first rows as read, the
 * encoding, and every line error — nothing stored), then the commit, which is all-or-nothing
 * (core/org/org-import.service.ts) and audit-logged.
 */
export function registerImportRoutes(router: TabRouter, db: Db): void {
  router.post(
    '/import/org/preview',
    async (viewer, req) => {
      requireRole(viewer, 'hr', 'admin');
      const input = parseInput(uploadSchema, req.body, 'body');
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

  router.post(
    '/import/org',
    async (viewer, req) => {
      requireRole(viewer, 'hr', 'admin');
      const input = parseInput(uploadSchema, req.body, 'body');
      const result = await importOrgCsv(db, fileBytes(input.contentBase64), {
        id: viewer.employee.id,
        label: viewer.employee.name,
      });
      // Managers' subtrees may have changed: the next request walks the tree again.
      invalidateSubtrees();
      invalidateDisclosures();
      return { fileName: input.fileName, ...result };
    },
    importerUpload,
  );
}
