import type { TurnContext } from 'botbuilder';
import type { z } from 'zod';
import { parseInput } from '../../core/access/request-input.ts';
import type { Db } from '../../core/db/db.ts';
import { findTurnIdentity, type StoredConversationKey } from '../../core/org/org.repository.ts';
import type { EmployeeProfile, Locale } from '../../core/org/org.table.ts';
import type { PersonRead } from '../../core/org/person-read.ts';
import { AppError } from '../../core/shared/errors.ts';
import { localeFrom, messages } from '../i18n/messages.ts';

/** Who is talking: the Entra object id from the activity (set by Teams), matched to the register. */
export interface TurnUser {
  aadObjectId?: string;
  employee?: EmployeeProfile;
  locale: Locale;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The person, (for a known Entra id) where the bot last reached them, and what the command reads
 * about them (`also`, only for someone registered) — one query per turn.
 */
export async function resolveTurnUser<T = undefined>(
  db: Db,
  context: TurnContext,
  also?: PersonRead<T>,
): Promise<{ user: TurnUser; stored?: StoredConversationKey | null; read?: T }> {
  const aadObjectId = context.activity.from?.aadObjectId;
  const locale = localeFrom(context.activity.locale);
  if (!aadObjectId || !GUID.test(aadObjectId)) return { user: { aadObjectId, locale } };
  const { employee, stored, read } = await findTurnIdentity(db, aadObjectId, also);
  return { user: { aadObjectId, employee, locale: employee?.locale ?? locale }, stored, read };
}

/** The person must be in the staff register; anyone else gets "not registered" (403). */
export function requireEmployee(user: TurnUser): EmployeeProfile {
  if (!user.employee) throw new AppError('forbidden', messages(user.locale).notRegistered);
  return user.employee;
}

/** The registered person and what their command read with them (Command.read). */
export function requireEmployeeRead<R>(
  user: TurnUser,
  read: R | undefined,
): { employee: EmployeeProfile; read: R } {
  const employee = requireEmployee(user);
  // The identity statement carries the read whenever it finds the person.
  if (read === undefined) throw new Error('the command ran without its read');
  return { employee, read };
}

/**
 * A card action's payload through its zod schema (the one request parser): a tampered or stale
 * card gets the "this card is out of date" error card, naming each field.
 */
export function parsePayload<S extends z.ZodType>(schema: S, data: unknown, user: TurnUser): z.output<S> {
  return parseInput(schema, data, 'payload', messages(user.locale).errorStale);
}
