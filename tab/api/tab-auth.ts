import type { Request } from 'restify';
import { buildViewer, type Viewer } from '../../core/access/viewer.ts';
import type { Config } from '../../core/config/config.ts';
import type { Db } from '../../core/db/db.ts';
import { findEmployeeByNo, findEmployeeByOid } from '../../core/org/org.repository.ts';
import { AppError } from '../../core/shared/errors.ts';
import { createSsoVerifier } from './sso.ts';

export type Authenticate = (req: Request) => Promise<Viewer>;

/** Header the dev persona picker sends; honoured only when the server runs with AUTH_MODE=dev. */
export const DEV_PERSONA_HEADER = 'x-dev-persona';

export function createTabAuthenticator(config: Config, db: Db): Authenticate {
  if (config.authMode === 'dev') {
    return async (req) => {
      const employeeNo = req.header(DEV_PERSONA_HEADER);
      if (!employeeNo) throw new AppError('unauthenticated', 'Choose a demo persona (development mode).');
      const employee = await findEmployeeByNo(db, employeeNo);
      if (!employee) throw new AppError('unauthenticated', `No demo persona ${employeeNo}.`);
      return buildViewer(db, employee);
    };
  }
  const verify = createSsoVerifier(config.sso, config.publicUrl);
  if (!verify) throw new Error('SSO settings are required when AUTH_MODE=teams');
  return async (req) => {
    const claims = await verify(req.header('authorization'));
    const employee = await findEmployeeByOid(db, claims.oid);
    if (!employee)
      throw new AppError('forbidden', 'You are not in the staff register yet. Please contact HR.');
    return buildViewer(db, employee, claims.roles);
  };
}
