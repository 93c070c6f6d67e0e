/**
 * Link targets in an announcement body. The body is Markdown shown in an Adaptive Card TextBlock,
 * where `[text](target)` becomes a link: only https: and mailto: targets may be sent to the whole
 * ministry (javascript:, data:, http:, relative and scheme-less targets are refused before storing).
 */
const INLINE = /\]\(([^)]*)\)/g;
const AUTOLINK = /<([a-z][a-z0-9+.-]*:[^>\s]*)>/gi;
const REFERENCE = /^\s{0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s+.*)?$/gm;
const ALLOWED = new Set(['https:', 'mailto:']);

/** Control characters, spaces and zero-width marks: browsers drop them inside a URL scheme. */
const INVISIBLE = (c: number) =>
  c <= 0x20 ||
  (c >= 0x7f && c <= 0x9f) ||
  (c >= 0x200b && c <= 0x200f) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0xfeff;

/** Numeric and common named entities, and invisible characters, that could hide a scheme. */
function normalise(target: string): string {
  return target
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;|&newline;/gi, '')
    .split('')
    .filter((ch) => !INVISIBLE(ch.codePointAt(0) ?? 0))
    .join('');
}

export function linkTargets(body: string): string[] {
  const out: string[] = [];
  // The target, without <…> and an optional "title" (whitespace inside is dropped later anyway).
  for (const m of body.matchAll(INLINE))
    out.push(
      (m[1] ?? '')
        .trim()
        .replace(/\s+(["'])[^"']*\1$/, '')
        .replace(/^<(.*)>$/, '$1'),
    );
  for (const re of [AUTOLINK, REFERENCE]) for (const m of body.matchAll(re)) out.push(m[1] ?? '');
  return out;
}

/** The targets that are not https: or mailto: (empty when the body is fine). */
export function disallowedLinks(body: string): string[] {
  return linkTargets(body).filter((raw) => {
    const target = normalise(raw);
    try {
      return !ALLOWED.has(new URL(target).protocol.toLowerCase());
    } catch {
      return true; // relative or malformed: where it leads depends on the client
    }
  });
}
