import { parseRetryAfter } from '../shared/retry-after.ts';

/**
 * Pure delivery rules: Teams' rate limits, what to do with each connector answer, backoff, ETA.
 * No I/O here, so every rule is checked with many generated cases (delivery.rules.test.ts).
 */

/** "At most `limit` requests in any `windowMs`", Teams' per-conversation rules. */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export interface DeliveryLimits {
  /** Teams: 50 requests per second per bot app per tenant (all conversations together). */
  ratePerSecond: number;
  /** Teams: 7 per 1 s, 8 per 2 s, 60 per 30 s, 1800 per hour, per conversation. */
  perConversation: WindowLimit[];
  /** Requests a process keeps in flight at once (bounds duplicates after a crash). */
  concurrency: number;
  /** Attempts before a recipient is marked failed. */
  maxAttempts: number;
}

export const TEAMS_CONVERSATION_LIMITS: WindowLimit[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

export const DEFAULT_LIMITS: DeliveryLimits = {
  ratePerSecond: 50,
  perConversation: TEAMS_CONVERSATION_LIMITS,
  concurrency: 16,
  maxAttempts: 8,
};

const longestWindow = (windows: WindowLimit[]) => windows.reduce((m, w) => Math.max(m, w.windowMs), 0);

/** Drops instants no window can see any more (keeps the stored log small). */
export function pruneSends(sentAtMs: number[], nowMs: number, windows: WindowLimit[]): number[] {
  const horizon = nowMs - longestWindow(windows);
  return sentAtMs.filter((t) => t > horizon).sort((a, b) => a - b);
}

/**
 * The earliest instant ≥ now at which one more request to the conversation keeps every window
 * within its limit. A request at t sees the earlier ones at s with s > t - windowMs; with m of
 * them sorted ascending, at most limit-1 may remain, so t ≥ s[m - limit] + windowMs.
 */
export function earliestConversationSlot(sentAtMs: number[], nowMs: number, windows: WindowLimit[]): number {
  const sends = [...sentAtMs].sort((a, b) => a - b);
  let slot = nowMs;
  for (const w of windows) {
    if (w.limit <= 0) continue;
    const m = sends.length;
    if (m < w.limit) continue;
    const pivot = sends[m - w.limit] as number;
    slot = Math.max(slot, pivot + w.windowMs);
  }
  return slot;
}

/** Counts requests in the busiest window of each kind: used by tests and the emulator. */
export function violatesWindows(sentAtMs: number[], windows: WindowLimit[]): WindowLimit | undefined {
  const sends = [...sentAtMs].sort((a, b) => a - b);
  for (const w of windows) {
    let start = 0;
    for (let end = 0; end < sends.length; end++) {
      while ((sends[end] as number) - (sends[start] as number) >= w.windowMs) start++;
      if (end - start + 1 > w.limit) return w;
    }
  }
  return undefined;
}

/** What the engine does with one connector answer. */
export type Verdict =
  | { kind: 'sent' }
  /** 403 (blocked, app removed) or 404: recorded, never retried. */
  | { kind: 'undeliverable' }
  /** Retry this request only, not before `delayMs` from now. */
  | { kind: 'retry'; delayMs: number }
  /** Out of attempts or a request Teams will never accept (400, 413): recorded as failed. */
  | { kind: 'failed' };

export const RETRYABLE_STATUSES = new Set([408, 412, 429, 500, 502, 503, 504]);

/**
 * Full-jitter exponential backoff: base·2^(attempt-1) capped, then a random share in [0.5, 1) of
 * it, so that many recipients failing together do not come back together.
 */
export function backoffMs(attempt: number, random: number, baseMs = 1_000, capMs = 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + 0.5 * Math.min(Math.max(random, 0), 0.999_999)));
}

/** Retry-After is seconds or an HTTP date; anything else falls back to one second. Capped at 10 min. */
export function retryAfterMs(header: string | undefined | null, nowMs: number): number {
  return Math.min(600_000, parseRetryAfter(header, nowMs) ?? 1_000);
}

export interface Answer {
  ok: boolean;
  /** HTTP status; undefined for a network failure. */
  status?: number;
  retryAfterMs?: number;
  /** The messenger already knows this person cannot be reached (blocked, not found). */
  undeliverable?: boolean;
}

/** attempt: the attempt that produced this answer (1 for the first). */
export function verdictFor(answer: Answer, attempt: number, maxAttempts: number, random: number): Verdict {
  if (answer.ok) return { kind: 'sent' };
  if (answer.undeliverable || answer.status === 403 || answer.status === 404)
    return { kind: 'undeliverable' };
  const retryable = answer.status === undefined || RETRYABLE_STATUSES.has(answer.status);
  if (!retryable || attempt >= maxAttempts) return { kind: 'failed' };
  // A 429 names its own wait: honour it for this request only; the others go on.
  if (answer.status === 429) return { kind: 'retry', delayMs: answer.retryAfterMs ?? 1_000 };
  return { kind: 'retry', delayMs: backoffMs(attempt, random) };
}

/** Seconds left at the current rate; null while nothing has been measured yet. */
export function etaSeconds(remaining: number, perSecond: number): number | null {
  if (remaining <= 0) return 0;
  if (!(perSecond > 0)) return null;
  return Math.ceil(remaining / perSecond);
}
