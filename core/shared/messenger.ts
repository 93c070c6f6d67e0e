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

export interface ProactiveMessenger {
  sendCard(to: Recipient, card: object, options?: { summary?: string }): Promise<SendOutcome>;
  updateCard(conversationId: string, activityId: string, card: object): Promise<SendOutcome>;
  deleteMessage(conversationId: string, activityId: string): Promise<SendOutcome>;
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

/**
 * One request per call, never retried inside and never thrown for connector answers: broadcasts
 * (core/announcements) pace every request through their own shared limiter and keep per-recipient
 * state, so they need every 429 and 5xx handed back rather than retried or slept on here.
 */
export interface BroadcastMessenger {
  /** Creates (or finds) the 1:1 conversation with a person who has the app, and remembers it. */
  openConversation(aadObjectId: string): Promise<{ ok: true; conversationId: string } | DeliveryFailure>;
  postCard(conversationId: string, card: object, options?: { summary?: string }): Promise<DeliveryOutcome>;
  editCard(conversationId: string, activityId: string, card: object): Promise<DeliveryOutcome>;
  removeMessage(conversationId: string, activityId: string): Promise<DeliveryOutcome>;
}

export const isBroadcastMessenger = (m: unknown): m is BroadcastMessenger =>
  typeof (m as Partial<BroadcastMessenger> | null)?.postCard === 'function' &&
  typeof (m as Partial<BroadcastMessenger>).openConversation === 'function';

/**
 * Installs the app for a person who has no conversation with it yet (Graph
 * `POST /users/{id}/teamwork/installedApps`, its own ~30 req/s limit). Provided by the identity
 * capability; without one such people are recorded as no_conversation.
 */
export interface AppInstaller {
  install(aadObjectId: string): Promise<'installed' | 'already_installed' | 'not_allowed' | 'retry'>;
}
