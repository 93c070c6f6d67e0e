/**
 * The one Retry-After parser (RFC 9110 §10.2.3: delay-seconds or an HTTP date), for the Teams
 * connector (core/delivery) and Microsoft Graph (core/identity). Milliseconds to wait, rounded up,
 * or undefined when the header is absent or unreadable: each caller decides its own fallback.
 */
export function parseRetryAfter(header: string | undefined | null, nowMs: number): number | undefined {
  const trimmed = header?.trim();
  if (!trimmed) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
