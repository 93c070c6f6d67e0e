import type { Db } from '../db/db.ts';
import { fragment, sql } from '../db/sql.ts';

/** Teams message ids in a chat are increasing numbers; anything else cannot be compared. */
const MESSAGE_ID = /^\d{1,18}$/;

/**
 * A read receipt from a 1:1 chat: everything the bot sent there up to this message id has been read.
 * Keeps the highest id (receipts may arrive out of order); an id that is not a number is ignored.
 */
export async function recordRead(db: Db, aadObjectId: string, lastReadMessageId: string): Promise<void> {
  if (!MESSAGE_ID.test(lastReadMessageId)) return;
  await db.query(sql`
    insert into conversation_read (aad_object_id, last_read_message_id)
    values (${aadObjectId}, ${lastReadMessageId}::bigint)
    on conflict (aad_object_id) do update
       set last_read_message_id = excluded.last_read_message_id, updated_at = now()
     where conversation_read.last_read_message_id < excluded.last_read_message_id`);
}

/**
 * SQL condition: the outbox row `d` (a sent card) has been read by its recipient. The CASE keeps a
 * non-numeric activity id from ever reaching the cast.
 */
export const readByRecipient = fragment`exists (select 1 from conversation_read cr
   where cr.aad_object_id = d.aad_object_id
     and cr.last_read_message_id >= case when d.activity_id ~ '^[0-9]{1,18}$' then d.activity_id::bigint end)`;
