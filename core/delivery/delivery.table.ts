/**
 * The outbox's row and its states, declared once (the SQL check constraint in 0013 lists the same).
 * due → in_flight (leased) → sent | undeliverable | no_conversation | failed; cancelled when moot.
 */
export const DELIVERY_STATES = [
  'due',
  'in_flight',
  'sent',
  'undeliverable',
  'no_conversation',
  'failed',
  'cancelled',
] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export type FinalState = Exclude<DeliveryState, 'due' | 'in_flight'>;

/**
 * Claimed first to last: urgent (a 100 h alert to a manager) never waits behind personal
 * reminders, and neither waits behind a broadcast.
 */
export const PRIORITY = { urgent: 0, personal: 1, bulk: 2 } as const;
export type Priority = keyof typeof PRIORITY;

export type DeliveryOp = 'send' | 'update' | 'delete';

export interface DeliveryRow {
  id: string;
  purpose: string;
  subject: string;
  recipient: string;
  version: number;
  op: DeliveryOp;
  priority: number;
  state: DeliveryState;
  attempts: number;
  throttled: number;
  aad_object_id: string | null;
  conversation_id: string | null;
  service_url: string | null;
  activity_id: string | null;
  card: object | null;
  summary: string | null;
  last_status: number | null;
  last_error: string | null;
  sent_at: Date | null;
}

/** A message to put in the outbox. The key (purpose, subject, recipient, version) makes it once-only. */
export interface NewDelivery {
  purpose: string;
  subject: string;
  recipient: string;
  version?: number;
  op?: DeliveryOp;
  priority?: Priority;
  aadObjectId?: string | null;
  conversationId?: string | null;
  serviceUrl?: string | null;
  activityId?: string | null;
  card?: object | null;
  summary?: string | null;
  /** Not before this instant (quiet hours, a schedule); default now. */
  notBefore?: Date;
}
