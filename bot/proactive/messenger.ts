import { type CloudAdapter, type ConversationParameters, type ConversationReference, TurnContext } from 'botbuilder';
import type { Db } from '../../core/db/db.ts';
import { findConversationRef, latestServiceEndpoint, saveConversationRef } from '../../core/org/conversation-ref.repository.ts';
import type { ProactiveMessenger, SendOutcome } from '../../core/shared/messenger.ts';
import { cardAttachment, type CardJson } from '../cards/cards.ts';

// No explicit audience: the connector factory then uses the configured channel scope.
const DEFAULT_AUDIENCE = undefined as unknown as string;

/** Connector answers that say "this person cannot be reached": recorded, never retried. */
function undeliverable(err: unknown): SendOutcome | undefined {
  const status = (err as { statusCode?: number }).statusCode;
  if (status === 403) return { ok: false, reason: 'blocked', status };
  if (status === 404) return { ok: false, reason: 'not_found', status };
  if (status === 413) return { ok: false, reason: 'too_large', status };
  return undefined;
}

/**
 * Sends cards to people proactively: through their stored 1:1 conversation, or by creating one
 * (Teams allows it once the app is installed for the user). Retryable failures (429, 5xx) throw,
 * so the caller's job retries them; undeliverable ones are returned.
 */
export function createMessenger(adapter: CloudAdapter, db: Db, botAppId: string): ProactiveMessenger {
  async function withConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<SendOutcome>): Promise<SendOutcome> {
    let outcome: SendOutcome = { ok: false, reason: 'no_conversation' };
    // The adapter routes errors thrown in the callback to onTurnError; catch them here instead so
    // the caller sees them (undeliverable → outcome, retryable → thrown to the job).
    let failure: unknown;
    await adapter.continueConversationAsync(botAppId, reference, async (context) => {
      try {
        outcome = await logic(context);
      } catch (err) {
        failure = err;
      }
    });
    if (failure !== undefined) {
      const known = undeliverable(failure);
      if (known) return known;
      throw failure;
    }
    return outcome;
  }

  async function referenceFor(aadObjectId: string): Promise<Partial<ConversationReference> | undefined> {
    const stored = await findConversationRef(db, aadObjectId);
    if (stored) return stored.reference as Partial<ConversationReference>;
    const endpoint = await latestServiceEndpoint(db);
    if (!endpoint) return undefined;
    const parameters = {
      isGroup: false,
      bot: { id: botAppId, name: 'Kinmu Companion' },
      members: [{ id: aadObjectId, name: '' }],
      tenantId: endpoint.tenantId ?? undefined,
      channelData: { tenant: { id: endpoint.tenantId } },
    } as ConversationParameters;
    let created: Partial<ConversationReference> | undefined;
    try {
      await adapter.createConversationAsync(botAppId, 'msteams', endpoint.serviceUrl, DEFAULT_AUDIENCE, parameters, async (context) => {
        created = TurnContext.getConversationReference(context.activity);
      });
    } catch (err) {
      if (undeliverable(err)) return undefined;
      throw err;
    }
    if (created?.conversation?.id) {
      await saveConversationRef(db, {
        aadObjectId,
        tenantId: endpoint.tenantId,
        conversationId: created.conversation.id,
        serviceUrl: endpoint.serviceUrl,
        reference: created as Record<string, unknown>,
        locale: null,
      });
    }
    return created;
  }

  return {
    async sendCard(to, card, options) {
      const reference = await referenceFor(to.aadObjectId);
      if (!reference?.conversation?.id) return { ok: false, reason: 'no_conversation' };
      const conversationId = reference.conversation.id;
      return withConversation(reference, async (context) => {
        const sent = await context.sendActivity({ attachments: [cardAttachment(card as CardJson)], summary: options?.summary });
        return { ok: true, conversationId, activityId: sent?.id ?? '' };
      });
    },
    async updateCard(conversationId, activityId, card) {
      const endpoint = await latestServiceEndpoint(db);
      const reference = { conversation: { id: conversationId }, serviceUrl: endpoint?.serviceUrl, channelId: 'msteams' } as Partial<ConversationReference>;
      return withConversation(reference, async (context) => {
        await context.updateActivity({ id: activityId, type: 'message', attachments: [cardAttachment(card as CardJson)] });
        return { ok: true, conversationId, activityId };
      });
    },
    async deleteMessage(conversationId, activityId) {
      const endpoint = await latestServiceEndpoint(db);
      const reference = { conversation: { id: conversationId }, serviceUrl: endpoint?.serviceUrl, channelId: 'msteams' } as Partial<ConversationReference>;
      return withConversation(reference, async (context) => {
        await context.deleteActivity(activityId);
        return { ok: true, conversationId, activityId };
      });
    },
  };
}
