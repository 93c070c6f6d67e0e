/**
 * How core reaches a person in Teams without knowing about Teams. bot/proactive implements it.
 */
export type SendOutcome =
  | { ok: true; conversationId: string; activityId: string }
  /** Not deliverable now or later without a change on the user's side: do not retry. */
  | { ok: false; reason: 'no_conversation' | 'blocked' | 'not_found' | 'too_large'; status?: number };

export interface Recipient {
  aadObjectId: string;
}

/** How a proactive message enters the outbox (core/delivery): what it is, once-only key, urgency. */
export interface SendOptions {
  summary?: string;
  /** The kind of message (overtime.alert, leave.reminder, ...): shown in tracking, part of the key. */
  purpose?: string;
  /**
   * What the message is about within its purpose. With the recipient it makes the message
   * once-only: sending again with the same key joins the existing delivery instead of a new one.
   */
  key?: string;
  /** urgent: claimed before everything else (a 100 h alert); bulk: after everything else. */
  priority?: 'urgent' | 'personal' | 'bulk';
  /** Not before this instant (quiet hours). */
  notBefore?: Date;
}

/**
 * The entry point of every proactive message (core/delivery implements it over the outbox): each
 * call enqueues one delivery — the one claim, limiter and retry policy apply — and resolves with
 * its outcome once it is known. It throws when the outcome is not known in time (the message stays
 * queued: calling again with the same key waits for the same delivery).
 */
export interface ProactiveMessenger {
  sendCard(to: Recipient, card: object, options?: SendOptions): Promise<SendOutcome>;
  updateCard(
    conversationId: string,
    activityId: string,
    card: object,
    options?: SendOptions,
  ): Promise<SendOutcome>;
  deleteMessage(conversationId: string, activityId: string, options?: SendOptions): Promise<SendOutcome>;
}

/** A request that may succeed later (429 with its Retry-After, 412, 5xx, network): the caller reschedules it. */
export interface RetryableFailure {
  ok: false;
  reason: 'retryable';
  status?: number;
  retryAfterMs?: number;
  message?: string;
}

export type DeliveryOutcome = SendOutcome | RetryableFailure;
export type DeliveryFailure = Exclude<DeliveryOutcome, { ok: true }>;

/** Where a message goes: the conversation and the service URL Teams gave for it. */
export interface ConversationAddress {
  conversationId: string;
  serviceUrl: string;
}

/**
 * One connector request per call, never retried inside (botframework-connector's retry policy is
 * removed: it sleeps on 429s and hides them) and never thrown for connector answers: the outbox
 * worker paces every request through the shared limiter and decides about each answer itself.
 */
export interface ConnectorMessenger {
  /** Creates (or finds) the 1:1 conversation with a person who has the app. */
  openConversation(
    aadObjectId: string,
    where: { serviceUrl: string; tenantId: string | null },
  ): Promise<{ ok: true; conversationId: string } | DeliveryFailure>;
  postCard(to: ConversationAddress, card: object, options?: { summary?: string }): Promise<DeliveryOutcome>;
  editCard(to: ConversationAddress, activityId: string, card: object): Promise<DeliveryOutcome>;
  removeMessage(to: ConversationAddress, activityId: string): Promise<DeliveryOutcome>;
}

/**
 * Installs the app for a person who has no conversation with it yet (Graph
 * `POST /users/{id}/teamwork/installedApps`, its own ~30 req/s limit). Provided by the identity
 * capability; without one such people are recorded as no_conversation.
 */
export interface AppInstaller {
  install(aadObjectId: string): Promise<'installed' | 'already_installed' | 'not_allowed' | 'retry'>;
}
