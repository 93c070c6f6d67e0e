import type { TurnContext } from 'botbuilder';
import type { Db } from '../../core/db/db.ts';
import { findEmployeeByOid } from '../../core/org/org.repository.ts';
import type { EmployeeProfile, Locale } from '../../core/org/org.table.ts';
import { localeFrom } from '../i18n/messages.ts';

/** Who is talking: the Entra object id from the activity (set by Teams), matched to the register. */
export interface TurnUser {
  aadObjectId?: string;
  employee?: EmployeeProfile;
  locale: Locale;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function resolveTurnUser(db: Db, context: TurnContext): Promise<TurnUser> {
  const aadObjectId = context.activity.from?.aadObjectId;
  const employee =
    aadObjectId && GUID.test(aadObjectId) ? await findEmployeeByOid(db, aadObjectId) : undefined;
  return { aadObjectId, employee, locale: employee?.locale ?? localeFrom(context.activity.locale) };
}
