import type { Db } from '../db/db.ts';
import {
  findConversationRef,
  latestServiceEndpoint,
  saveConversationRef,
  serviceUrlOfConversation,
} from '../org/conversation-ref.repository.ts';
import { isSharedConversation } from '../shared/conversation-scope.ts';
import type { ConnectorMessenger, ConversationAddress, DeliveryFailure } from '../shared/messenger.ts';
import type { DeliveryRow } from './delivery.table.ts';

/**
 * The one place that decides which conversation a message goes to (and at which service URL):
 * a row that names its conversation (channel posts, edits of a sent card) goes there; a message
 * to a person goes to that person's own stored 1:1 conversation with its own service URL, never
 * to whichever conversation was updated last.
 */
export type Destination =
  | { kind: 'known'; address: ConversationAddress; stored: boolean }
  /** No conversation stored yet: one must be created (one more connector request). */
  | { kind: 'create'; aadObjectId: string; serviceUrl: string; tenantId: string | null }
  | { kind: 'none' };

export async function destinationOf(db: Db, row: DeliveryRow): Promise<Destination> {
  if (row.conversation_id) {
    // Only a conversation nobody stored (an old row) falls back to the tenant's latest URL.
    const serviceUrl =
      row.service_url ??
      (await serviceUrlOfConversation(db, row.conversation_id)) ??
      (await latestServiceEndpoint(db))?.serviceUrl;
    return serviceUrl
      ? { kind: 'known', address: { conversationId: row.conversation_id, serviceUrl }, stored: false }
      : { kind: 'none' };
  }
  if (!row.aad_object_id) return { kind: 'none' };
  const found = await findConversationRef(db, row.aad_object_id);
  // Messages to a person are personal: they go only to the person's 1:1 chat (issue 12). The bot
  // stores only 1:1 conversations; a stored reference to anything else is never used.
  const stored =
    found && !isSharedConversation(found.reference.conversation as { conversationType?: string } | undefined)
      ? found
      : undefined;
  if (stored)
    return {
      kind: 'known',
      address: { conversationId: stored.conversationId, serviceUrl: stored.serviceUrl },
      stored: true,
    };
  // Someone who never talked to the bot: Teams creates the chat at the tenant's service URL.
  const endpoint = await latestServiceEndpoint(db);
  if (!endpoint) return { kind: 'none' };
  return { kind: 'create', aadObjectId: row.aad_object_id, ...endpoint };
}

/**
 * Creates (or, after a 404 from a stale one, re-creates) a person's 1:1 conversation at the given
 * service URL and stores it, so every later message uses it.
 */
export async function openConversation(
  db: Db,
  connector: ConnectorMessenger,
  aadObjectId: string,
  where: { serviceUrl: string; tenantId: string | null },
): Promise<{ ok: true; address: ConversationAddress } | DeliveryFailure> {
  const opened = await connector.openConversation(aadObjectId, where);
  if (!opened.ok) return opened;
  await saveConversationRef(db, {
    aadObjectId,
    tenantId: where.tenantId,
    conversationId: opened.conversationId,
    serviceUrl: where.serviceUrl,
    reference: {
      conversation: { id: opened.conversationId, conversationType: 'personal', tenantId: where.tenantId },
      serviceUrl: where.serviceUrl,
      channelId: 'msteams',
      user: { id: aadObjectId, aadObjectId },
    },
    locale: null,
  });
  return { ok: true, address: { conversationId: opened.conversationId, serviceUrl: where.serviceUrl } };
}

/** The tenant of a person's stored conversation (to re-create it in the same tenant). */
export async function tenantOf(db: Db, aadObjectId: string): Promise<string | null> {
  return (await findConversationRef(db, aadObjectId))?.tenantId ?? null;
}
