import type { TurnContext } from 'botbuilder';
import type { Db } from '../../core/db/db.ts';
import { findTurnIdentity, type StoredConversationKey } from '../../core/org/org.repository.ts';
import type { EmployeeProfile, Locale } from '../../core/org/org.table.ts';
import { localeFrom } from '../i18n/messages.ts';

/** Who is talking: the Entra object id from the activity (set by Teams), matched to the register. */
export interface TurnUser {
  aadObjectId?: string;
  employee?: EmployeeProfile;
  locale: Locale;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The person, and (for a known Entra id) where the bot last reached them — one query per turn. */
export async function resolveTurnUser(
  db: Db,
  context: TurnContext,
): Promise<{ user: TurnUser; stored?: StoredConversationKey | null }> {
  const aadObjectId = context.activity.from?.aadObjectId;
  const locale = localeFrom(context.activity.locale);
  if (!aadObjectId || !GUID.test(aadObjectId)) return { user: { aadObjectId, locale } };
  const { employee, stored } = await findTurnIdentity(db, aadObjectId);
  return { user: { aadObjectId, employee, locale: employee?.locale ?? locale }, stored };
}
