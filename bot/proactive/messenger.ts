import {
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  type BotFrameworkAuthentication,
  ClaimsIdentity,
  type ConnectorClient,
} from 'botframework-connector';
import { retryAfterMs } from '../../core/announcements/delivery.rules.ts';
import type { Db } from '../../core/db/db.ts';
import { metrics } from '../../core/shared/metrics.ts';
import {
  findConversationRef,
  latestServiceEndpoint,
  saveConversationRef,
} from '../../core/org/conversation-ref.repository.ts';
import type {
  BroadcastMessenger,
  DeliveryFailure,
  DeliveryOutcome,
  ProactiveMessenger,
  SendOutcome,
} from '../../core/shared/messenger.ts';
import { cardAttachment, type CardJson } from '../cards/cards.ts';
import { isSharedConversation } from '../conversation-scope.ts';

/** Broadcast requests that take longer than this are given up and retried. */
const REQUEST_TIMEOUT_MS = 30_000;

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
/** Any connector failure as an outcome: undeliverable, or retryable with the 429's Retry-After. */
function failureOf(err: unknown): DeliveryFailure {
  const known = undeliverable(err);
  if (known && !known.ok) return known;
  const e = err as {
    statusCode?: number;
    message?: string;
    response?: { status?: number; headers?: { get?(name: string): string | undefined } };
  };
  const status = e.statusCode ?? e.response?.status;
  const header = e.response?.headers?.get?.('retry-after');
  return {
    ok: false,
    reason: 'retryable',
    status,
    retryAfterMs: header ? retryAfterMs(header, Date.now()) : undefined,
    message: e.message,
  };
}

type MessageKind = 'direct' | 'broadcast' | 'update' | 'delete';

/** Counts one proactive request by kind and how it ended: sent, or the reason it was not. */
function counted<T extends DeliveryOutcome>(kind: MessageKind, outcome: T): T {
  metrics.messagesSent.inc({ kind, outcome: outcome.ok ? 'sent' : outcome.reason });
  return outcome;
}

/** The same for the 1:1 path, whose retryable failures throw (the caller's job retries them). */
async function countedOrThrown(kind: MessageKind, send: () => Promise<SendOutcome>): Promise<SendOutcome> {
  try {
    return counted(kind, await send());
  } catch (err) {
    metrics.messagesSent.inc({ kind, outcome: 'failed' });
    throw err;
  }
}

export function createMessenger(
  adapter: CloudAdapter,
  db: Db,
  botAppId: string,
): ProactiveMessenger & BroadcastMessenger {
  async function withConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<SendOutcome>,
  ): Promise<SendOutcome> {
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
    // Personal cards go only to the person's 1:1 chat: a stored reference to anything else is never used.
    if (stored && isSharedConversation((stored.reference as Partial<ConversationReference>).conversation))
      return undefined;
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
      await adapter.createConversationAsync(
        botAppId,
        'msteams',
        endpoint.serviceUrl,
        DEFAULT_AUDIENCE,
        parameters,
        async (context) => {
          created = TurnContext.getConversationReference(context.activity);
        },
      );
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

  // Broadcasts send thousands of requests: the service endpoint is read once a minute, not per request.
  let endpointCache: { at: number; value: Awaited<ReturnType<typeof latestServiceEndpoint>> } | undefined;
  async function endpoint() {
    if (!endpointCache || !endpointCache.value || Date.now() - endpointCache.at > 60_000)
      endpointCache = { at: Date.now(), value: await latestServiceEndpoint(db) };
    return endpointCache.value;
  }

  /**
   * Broadcasts reuse one ConnectorClient per service URL instead of a turn per request
   * (continueConversationAsync builds clients, a context and the middleware each time, which
   * costs more CPU than the request itself at thousands of messages). Same credentials as the
   * adapter: they come from its own BotFrameworkAuthentication.
   */
  const connectors = new Map<string, Promise<ConnectorClient>>();
  function connectorFor(serviceUrl: string): Promise<ConnectorClient> {
    let client = connectors.get(serviceUrl);
    if (!client) {
      const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication })
        .botFrameworkAuthentication;
      const identity = new ClaimsIdentity([
        { type: AuthenticationConstants.AudienceClaim, value: botAppId },
        { type: AuthenticationConstants.AppIdClaim, value: botAppId },
      ]);
      client = auth
        .createConnectorFactory(identity)
        .create(serviceUrl, DEFAULT_AUDIENCE)
        .then((c) => {
          // The Azure pipeline retries 429s (sleeping on Retry-After) and 5xx by itself; those
          // retries would bypass the shared limiter and hide the answer. Broadcasts decide themselves.
          (
            c as unknown as { client?: { pipeline?: { removePolicy(p: { name: string }): unknown } } }
          ).client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
          return c;
        });
      client.catch(() => connectors.delete(serviceUrl));
      connectors.set(serviceUrl, client);
    }
    return client;
  }

  /** One connector request; every failure comes back as an outcome, nothing is retried here. */
  async function once(call: (client: ConnectorClient) => Promise<DeliveryOutcome>): Promise<DeliveryOutcome> {
    const serviceUrl = (await endpoint())?.serviceUrl;
    if (!serviceUrl) return { ok: false, reason: 'no_conversation' };
    let timer: NodeJS.Timeout | undefined;
    // A request that never answers must not hold a sender forever: after the timeout it is
    // retried like a network failure (the message may have gone out: the same bound applies).
    const timeout = new Promise<DeliveryOutcome>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({ ok: false, reason: 'retryable', message: `no answer within ${REQUEST_TIMEOUT_MS} ms` }),
        REQUEST_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([call(await connectorFor(serviceUrl)), timeout]);
    } catch (err) {
      return failureOf(err);
    } finally {
      clearTimeout(timer);
    }
  }

  const broadcast: BroadcastMessenger = {
    async openConversation(aadObjectId) {
      const stored = await findConversationRef(db, aadObjectId);
      if (stored) return { ok: true, conversationId: stored.conversationId };
      const where = await endpoint();
      if (!where) return { ok: false, reason: 'no_conversation' };
      const opened = await once(async (client) => {
        const parameters = {
          isGroup: false,
          bot: { id: botAppId, name: 'Kinmu Companion' },
          members: [{ id: aadObjectId, name: '' }],
          tenantId: where.tenantId ?? undefined,
          channelData: { tenant: { id: where.tenantId } },
        } as ConversationParameters;
        const created = await client.conversations.createConversation(parameters);
        return { ok: true, conversationId: created.id, activityId: '' };
      });
      if (!opened.ok)
        return opened.reason === 'blocked' || opened.reason === 'not_found'
          ? { ok: false, reason: 'no_conversation', status: opened.status }
          : opened;
      await saveConversationRef(db, {
        aadObjectId,
        tenantId: where.tenantId,
        conversationId: opened.conversationId,
        serviceUrl: where.serviceUrl,
        reference: {
          conversation: { id: opened.conversationId, conversationType: 'personal', tenantId: where.tenantId },
          serviceUrl: where.serviceUrl,
          channelId: 'msteams',
          bot: { id: botAppId, name: 'Kinmu Companion' },
          user: { id: aadObjectId, aadObjectId },
        },
        locale: null,
      });
      return { ok: true, conversationId: opened.conversationId };
    },
    postCard: async (conversationId, card, options) =>
      counted(
        'broadcast',
        await once(async (client) => {
          const sent = await client.conversations.sendToConversation(conversationId, {
            type: 'message',
            conversation: { id: conversationId },
            attachments: [cardAttachment(card as CardJson)],
            summary: options?.summary,
          } as never);
          return { ok: true, conversationId, activityId: sent?.id ?? '' };
        }),
      ),
    editCard: async (conversationId, activityId, card) =>
      counted(
        'update',
        await once(async (client) => {
          await client.conversations.updateActivity(conversationId, activityId, {
            id: activityId,
            type: 'message',
            conversation: { id: conversationId },
            attachments: [cardAttachment(card as CardJson)],
          } as never);
          return { ok: true, conversationId, activityId };
        }),
      ),
    removeMessage: async (conversationId, activityId) =>
      counted(
        'delete',
        await once(async (client) => {
          await client.conversations.deleteActivity(conversationId, activityId);
          return { ok: true, conversationId, activityId };
        }),
      ),
  };

  return {
    ...broadcast,
    sendCard: (to, card, options) =>
      countedOrThrown('direct', async () => {
        const reference = await referenceFor(to.aadObjectId);
        if (!reference?.conversation?.id) return { ok: false, reason: 'no_conversation' };
        const conversationId = reference.conversation.id;
        return withConversation(reference, async (context) => {
          const sent = await context.sendActivity({
            attachments: [cardAttachment(card as CardJson)],
            summary: options?.summary,
          });
          return { ok: true, conversationId, activityId: sent?.id ?? '' };
        });
      }),
    updateCard: (conversationId, activityId, card) =>
      countedOrThrown('update', async () => {
        const endpoint = await latestServiceEndpoint(db);
        const reference = {
          conversation: { id: conversationId },
          serviceUrl: endpoint?.serviceUrl,
          channelId: 'msteams',
        } as Partial<ConversationReference>;
        return withConversation(reference, async (context) => {
          await context.updateActivity({
            id: activityId,
            type: 'message',
            attachments: [cardAttachment(card as CardJson)],
          });
          return { ok: true, conversationId, activityId };
        });
      }),
    deleteMessage: (conversationId, activityId) =>
      countedOrThrown('delete', async () => {
        const endpoint = await latestServiceEndpoint(db);
        const reference = {
          conversation: { id: conversationId },
          serviceUrl: endpoint?.serviceUrl,
          channelId: 'msteams',
        } as Partial<ConversationReference>;
        return withConversation(reference, async (context) => {
          await context.deleteActivity(activityId);
          return { ok: true, conversationId, activityId };
        });
      }),
  };
}
