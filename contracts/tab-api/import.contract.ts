import { type FileFieldError, uploadSchema } from './fields.ts';
import { route } from './route-contract.ts';

/** データ取込 of the org CSV (tab/api/import.routes.ts): a preview, then the all-or-nothing commit. */

export interface OrgPreview {
  fileName: string;
  encoding: 'utf-8' | 'shift_jis';
  header: string[];
  totalRows: number;
  /** The first rows as read. */
  preview: { line: number; values: string[] }[];
  errors: FileFieldError[];
  canCommit: boolean;
}

/** What an org import changed (core/org/org-import.service.ts). */
export interface OrgImportResult {
  encoding: 'utf-8' | 'shift_jis';
  rows: number;
  bureaus: number;
  sections: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Changed values per field (each also in the audit log with old and new value). */
  fieldChanges: Record<string, number>;
  /** Entra bindings created (an existing binding is never replaced by an import). */
  bindingsCreated: number;
}

export type OrgImported = OrgImportResult & { fileName: string };

export const previewOrgImport = route<OrgPreview>()({
  method: 'POST',
  path: '/import/org/preview',
  body: uploadSchema,
});
export const importOrg = route<OrgImported>()({ method: 'POST', path: '/import/org', body: uploadSchema });
