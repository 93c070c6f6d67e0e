import type { Db } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';
import type { DeliveryState } from './delivery.table.ts';

/**
 * What was sent to whom, when, for which version: read from the outbox, the one record of every
 * proactive message (the capabilities keep no delivery tables of their own).
 */
export interface DeliveryRecord {
  purpose: string;
  subject: string;
  /** The key's recipient: the person's Entra object id for cards sent through sendCard. */
  recipient: string;
  version: number;
  state: DeliveryState;
  conversationId: string | null;
  activityId: string | null;
  lastStatus: number | null;
  createdAt: Date;
  sentAt: Date | null;
}

const columns = fragment`purpose, subject, recipient, version, state, conversation_id as "conversationId",
  activity_id as "activityId", last_status as "lastStatus", created_at as "createdAt", sent_at as "sentAt"`;

/** The messages of one purpose about these subjects (in the order they were enqueued). */
export async function recordsOf(
  db: Db,
  purpose: string,
  subjects: readonly string[],
  recipient?: string,
): Promise<DeliveryRecord[]> {
  if (subjects.length === 0) return [];
  return db.query<DeliveryRecord>(sql`
    select ${columns} from delivery
     where purpose = ${purpose} and subject = any(${subjects}::text[])
       and (${recipient ?? null}::text is null or recipient = ${recipient ?? null})
     order by created_at, id`);
}

/** The messages of one purpose whose subject starts with `prefix` (e.g. everything about one case). */
export async function recordsWithPrefix(db: Db, purpose: string, prefix: string): Promise<DeliveryRecord[]> {
  return db.query<DeliveryRecord>(sql`
    select ${columns} from delivery
     where purpose = ${purpose} and subject like ${`${prefix.replace(/[\\%_]/g, '\\$&')}%`}
     order by subject, created_at, id`);
}

/** The one message with this key, if it was ever enqueued. */
export async function recordOf(
  db: Db,
  key: { purpose: string; subject: string; recipient: string; version?: number },
): Promise<DeliveryRecord | undefined> {
  const [row] = await db.query<DeliveryRecord>(sql`
    select ${columns} from delivery
     where purpose = ${key.purpose} and subject = ${key.subject} and recipient = ${key.recipient}
       and version = ${key.version ?? 1}`);
  return row;
}

/**
 * Every message to one person, for the subject's export (開示): what was sent, when and in which
 * state, never the card (a card to a manager is about someone else). A person is the key's
 * recipient as their employee id (announcements, alerts) or Entra object id (cards sent through
 * sendCard), or the row's aad_object_id.
 */
export async function messagesTo(
  db: Db,
  person: { id: string; entraOid: string | null },
): Promise<Record<string, unknown>[]> {
  return db.query(sql`
    select id::text, purpose, subject, version, op, state, created_at, sent_at
      from delivery
     where recipient = any(${[person.id, person.entraOid].filter((v): v is string => !!v)}::text[])
        or (${person.entraOid}::text is not null and aad_object_id = ${person.entraOid})
     order by id`);
}

/** Final: nothing more will happen to it unless someone asks again (only 'failed' starts again). */
export const isSettled = (r: DeliveryRecord | undefined): boolean =>
  !!r && r.state !== 'due' && r.state !== 'in_flight' && r.state !== 'failed';
