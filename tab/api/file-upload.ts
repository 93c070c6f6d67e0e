import { uploadSchema } from '../../contracts/tab-api/fields.ts';
import { requireRole } from '../../core/access/scope.ts';
import { BODY_LIMITS } from '../../core/http/body.ts';
import { AppError } from '../../core/shared/errors.ts';
import type { RouteOptions } from './tab-router.ts';

/**
 * The one way a file reaches the tab API (org CSV, attendance CSV): JSON with the file's bytes in
 * base64, read only once the caller is known to be an importer (checked before the body), within
 * the import limit.
 */
export const importerUpload: RouteOptions = {
  maxBodyBytes: BODY_LIMITS.fileImport,
  authorize: (viewer) => requireRole(viewer, 'hr', 'admin'),
};

/** A base64 body within the server's 20 MB body limit. */
export const MAX_FILE_BYTES = 14 * 1024 * 1024;

export { uploadSchema };

/** The uploaded bytes; an empty file is a 400 naming the field, one over the limit a 413. */
export function fileBytes(contentBase64: string): Uint8Array {
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length === 0)
    throw new AppError('bad_request', 'The file is empty.', [
      { where: 'contentBase64', message: 'the file is empty' },
    ]);
  if (bytes.length > MAX_FILE_BYTES)
    throw new AppError('too_large', `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  return bytes;
}
