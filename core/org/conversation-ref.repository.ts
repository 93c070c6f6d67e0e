import type { Db } from '../db/db.ts';
import { maybeOne } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import type { StoredConversationKey } from './org.repository.ts';

/** What the bot needs to message a person proactively (a Bot Framework ConversationReference). */
export interface StoredConversation {
  aadObjectId: string;
  tenantId: string | null;
  conversationId: string;
  serviceUrl: string;
  reference: Record<string, unknown>;
  locale: string | null;
}

/**
 * Every 1:1 turn calls this; almost always nothing changed. A read decides first: even an upsert
 * whose WHERE refuses the update locks the row, so each turn committed a write (~4 ms of WAL flush
 * on a loaded server, the largest part of a bot turn's own cost).
 */
export async function saveConversationRef(
  db: Db,
  ref: StoredConversation,
  /** What is stored now, when the caller has just read it (null: nothing); undefined: read it here. */
  known?: StoredConversationKey | null,
): Promise<void> {
  const stored =
    known !== undefined
      ? known
      : await maybeOne<StoredConversationKey>(
          db,
          sql`select conversation_id as "conversationId", service_url as "serviceUrl", locale
                from conversation_ref where aad_object_id = ${ref.aadObjectId}`,
        );
  if (
    stored &&
    stored.conversationId === ref.conversationId &&
    stored.serviceUrl === ref.serviceUrl &&
    stored.locale === ref.locale
  )
    return;
  await db.query(sql`
    insert into conversation_ref (aad_object_id, tenant_id, conversation_id, service_url, reference, locale)
    values (${ref.aadObjectId}, ${ref.tenantId}, ${ref.conversationId}, ${ref.serviceUrl}, ${JSON.stringify(ref.reference)}, ${ref.locale})
    on conflict (aad_object_id) do update set
      tenant_id = excluded.tenant_id, conversation_id = excluded.conversation_id, service_url = excluded.service_url,
      reference = excluded.reference, locale = excluded.locale, updated_at = now()
    where (conversation_ref.conversation_id, conversation_ref.service_url, conversation_ref.locale)
          is distinct from (excluded.conversation_id, excluded.service_url, excluded.locale)`);
}

interface RefRow {
  aad_object_id: string;
  tenant_id: string | null;
  conversation_id: string;
  service_url: string;
  reference: Record<string, unknown>;
  locale: string | null;
}

const toRef = (r: RefRow): StoredConversation => ({
  aadObjectId: r.aad_object_id,
  tenantId: r.tenant_id,
  conversationId: r.conversation_id,
  serviceUrl: r.service_url,
  reference: r.reference,
  locale: r.locale,
});

export async function findConversationRef(
  db: Db,
  aadObjectId: string,
): Promise<StoredConversation | undefined> {
  const row = await maybeOne<RefRow>(
    db,
    sql`select * from conversation_ref where aad_object_id = ${aadObjectId}`,
  );
  return row ? toRef(row) : undefined;
}

/** The service URL Teams gave for this conversation (edits of a sent card go there). */
export async function serviceUrlOfConversation(db: Db, conversationId: string): Promise<string | undefined> {
  const row = await maybeOne<{ service_url: string }>(
    db,
    sql`select service_url from conversation_ref where conversation_id = ${conversationId} limit 1`,
  );
  return row?.service_url;
}

/** The most recently seen service URL and tenant: where to create conversations with people who never chatted. */
export async function latestServiceEndpoint(
  db: Db,
): Promise<{ serviceUrl: string; tenantId: string | null } | undefined> {
  const row = await maybeOne<{ service_url: string; tenant_id: string | null }>(
    db,
    sql`select service_url, tenant_id from conversation_ref order by updated_at desc limit 1`,
  );
  return row ? { serviceUrl: row.service_url, tenantId: row.tenant_id } : undefined;
}
