import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  earliestConversationSlot,
  etaSeconds,
  pruneSends,
  retryAfterMs,
  TEAMS_CONVERSATION_LIMITS,
  verdictFor,
  violatesWindows,
} from './delivery.rules.ts';

const W = TEAMS_CONVERSATION_LIMITS;

describe('per-conversation limits (7/1 s, 8/2 s, 60/30 s, 1800/h)', () => {
  it('never lets a conversation exceed any window, however requests arrive', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 120_000 }), { minLength: 1, maxLength: 150 }),
        (arrivals) => {
          const sent: number[] = [];
          for (const at of [...arrivals].sort((a, b) => a - b)) {
            const now = Math.max(at, sent.at(-1) ?? 0);
            sent.push(earliestConversationSlot(pruneSends(sent, now, W), now, W));
          }
          expect(violatesWindows(sent, W)).toBeUndefined();
        },
      ),
    );
  });

  it('does not delay a request the windows allow', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3_600_000 }), { maxLength: 6 }),
        fc.integer({ min: 3_600_000, max: 4_000_000 }),
        (sent, now) => {
          // Six earlier requests can never fill the 7-per-second window.
          expect(earliestConversationSlot(sent, now, W)).toBe(now);
        },
      ),
    );
  });

  it('makes the eighth request within a second wait until the first leaves the window', () => {
    const sent = [0, 100, 200, 300, 400, 500, 600];
    expect(earliestConversationSlot(sent, 700, W)).toBe(1_000);
    expect(violatesWindows([...sent, 1_000], W)).toBeUndefined();
    expect(violatesWindows([...sent, 999], W)).toEqual({ limit: 7, windowMs: 1_000 });
  });
});

describe('answers from the connector', () => {
  it('marks 403 and 404 undeliverable at any attempt, never retried', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(403, 404),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (status, attempt, r) => {
          expect(verdictFor({ ok: false, status }, attempt, 8, r)).toEqual({ kind: 'undeliverable' });
        },
      ),
    );
  });

  it("honours a 429's Retry-After for that request", () => {
    expect(verdictFor({ ok: false, status: 429, retryAfterMs: 7_000 }, 1, 8, 0.3)).toEqual({
      kind: 'retry',
      delayMs: 7_000,
    });
  });

  it('retries 412/502/503/504 with a growing, jittered, capped backoff until attempts run out', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(412, 502, 503, 504),
        fc.integer({ min: 1, max: 7 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (status, attempt, r) => {
          const v = verdictFor({ ok: false, status }, attempt, 8, r);
          expect(v.kind).toBe('retry');
          const delay = (v as { delayMs: number }).delayMs;
          const ceiling = Math.min(60_000, 1_000 * 2 ** (attempt - 1));
          expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
          expect(delay).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
    expect(verdictFor({ ok: false, status: 503 }, 8, 8, 0.5)).toEqual({ kind: 'failed' });
    expect(verdictFor({ ok: false, status: 400 }, 1, 8, 0.5)).toEqual({ kind: 'failed' });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3', 0)).toBe(3_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs('soon', 0)).toBe(1_000);
    expect(retryAfterMs('99999', 0)).toBe(600_000);
  });

  it('spreads retries of one attempt over half the ceiling', () => {
    expect(backoffMs(3, 0)).toBe(2_000);
    expect(backoffMs(3, 0.999_999)).toBeLessThanOrEqual(4_000);
  });
});

describe('ETA', () => {
  it('is unknown until a rate is measured, zero when done', () => {
    expect(etaSeconds(100, 0)).toBeNull();
    expect(etaSeconds(0, 0)).toBe(0);
    expect(etaSeconds(100, 50)).toBe(2);
  });
});
