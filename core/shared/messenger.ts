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
