import type { CloudAdapter, ConversationParameters } from 'botbuilder';
import {
  AuthenticationConstants,
  type BotFrameworkAuthentication,
  ClaimsIdentity,
  type ConnectorClient,
} from 'botframework-connector';
import { retryAfterMs } from '../../core/delivery/delivery.rules.ts';
import type {
  ConnectorMessenger,
  ConversationAddress,
  DeliveryFailure,
  DeliveryOutcome,
} from '../../core/shared/messenger.ts';
import { metrics } from '../../core/shared/metrics.ts';
import { type CardJson, cardAttachment } from '../cards/cards.ts';

/** Requests that take longer than this are given up and retried. */
const REQUEST_TIMEOUT_MS = 30_000;

// No explicit audience: the connector factory then uses the configured channel scope.
const DEFAULT_AUDIENCE = undefined as unknown as string;

/** Any connector failure as an outcome: undeliverable (403, 404, 413), or retryable with the 429's Retry-After. */
function failureOf(err: unknown): DeliveryFailure {
  const e = err as {
    statusCode?: number;
    message?: string;
    response?: { status?: number; headers?: { get?(name: string): string | undefined } };
  };
  const status = e.statusCode ?? e.response?.status;
  if (status === 403) return { ok: false, reason: 'blocked', status };
  if (status === 404) return { ok: false, reason: 'not_found', status };
  if (status === 413) return { ok: false, reason: 'too_large', status };
  const header = e.response?.headers?.get?.('retry-after');
  return {
    ok: false,
    reason: 'retryable',
    status,
    retryAfterMs: status === 429 || header ? retryAfterMs(header, Date.now()) : undefined,
    message: e.message,
  };
}

type MessageKind = 'send' | 'update' | 'delete' | 'open';

/** Counts one proactive request by kind and how it ended: sent, or the reason it was not. */
function counted<T extends DeliveryOutcome | { ok: true; conversationId: string }>(
  kind: MessageKind,
  outcome: T,
): T {
  metrics.messagesSent.inc({ kind, outcome: outcome.ok ? 'sent' : outcome.reason });
  return outcome;
}

/**
 * The connector requests of proactive messages, one per call, each to the service URL of the
 * conversation it is about (people and teams may sit behind different regional URLs). The
 * outbox (core/delivery) decides what to send, when and whether to retry.
 */
export function createConnectorMessenger(adapter: CloudAdapter, botAppId: string): ConnectorMessenger {
  /**
   * One ConnectorClient per service URL instead of a turn per request (continueConversationAsync
   * builds clients, a context and the middleware each time). Same credentials as the adapter.
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
          // retries would bypass the shared limiter and hide the answer, for every purpose.
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
  async function once<T extends { ok: true }>(
    serviceUrl: string,
    call: (client: ConnectorClient) => Promise<T>,
  ): Promise<T | DeliveryFailure> {
    let timer: NodeJS.Timeout | undefined;
    // A request that never answers must not hold a worker forever: after the timeout it is
    // retried like a network failure (the message may have gone out: the same bound applies).
    const timeout = new Promise<DeliveryFailure>((resolve) => {
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

  return {
    openConversation: async (aadObjectId, where) =>
      counted(
        'open',
        await once(where.serviceUrl, async (client) => {
          const parameters = {
            isGroup: false,
            bot: { id: botAppId, name: 'Kinmu Companion' },
            members: [{ id: aadObjectId, name: '' }],
            tenantId: where.tenantId ?? undefined,
            channelData: { tenant: { id: where.tenantId } },
          } as ConversationParameters;
          const created = await client.conversations.createConversation(parameters);
          return { ok: true as const, conversationId: created.id };
        }),
      ),
    postCard: async (to: ConversationAddress, card, options) =>
      counted(
        'send',
        await once(to.serviceUrl, async (client) => {
          const sent = await client.conversations.sendToConversation(to.conversationId, {
            type: 'message',
            conversation: { id: to.conversationId },
            attachments: [cardAttachment(card as CardJson)],
            summary: options?.summary,
          } as never);
          return { ok: true as const, conversationId: to.conversationId, activityId: sent?.id ?? '' };
        }),
      ),
    editCard: async (to, activityId, card) =>
      counted(
        'update',
        await once(to.serviceUrl, async (client) => {
          await client.conversations.updateActivity(to.conversationId, activityId, {
            id: activityId,
            type: 'message',
            conversation: { id: to.conversationId },
            attachments: [cardAttachment(card as CardJson)],
          } as never);
          return { ok: true as const, conversationId: to.conversationId, activityId };
        }),
      ),
    removeMessage: async (to, activityId) =>
      counted(
        'delete',
        await once(to.serviceUrl, async (client) => {
          await client.conversations.deleteActivity(to.conversationId, activityId);
          return { ok: true as const, conversationId: to.conversationId, activityId };
        }),
      ),
  };
}
