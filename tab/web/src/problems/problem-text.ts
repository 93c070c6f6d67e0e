import type { Problem, ProblemFieldError } from '../api.ts';
import { fieldLabel, itemNumber } from './field-labels.ts';
import { PROBLEM_TEXTS } from './problem.texts.ts';

type Locale = 'ja' | 'en';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** "日本語 / English" (the leave rules' older style) → the half in the viewer's language. */
export function pickLanguage(text: string, locale: Locale): string {
  const at = text.lastIndexOf(' / ');
  if (at < 0 || !JAPANESE.test(text.slice(0, at)) || JAPANESE.test(text.slice(at + 3))) return text;
  return locale === 'ja' ? text.slice(0, at) : text.slice(at + 3);
}

function render(key: string | undefined, params: Record<string, string | number>, locale: Locale) {
  const text = key ? PROBLEM_TEXTS[locale][key] : undefined;
  return text ? text(params) : null;
}

/** The answer's headline in the viewer's language, from its key, else from its status. */
export function problemTitle(p: Problem, locale: Locale): string {
  return (
    render(p.key, p.params ?? {}, locale) ??
    render(p.code ? `error.${p.code}` : undefined, {}, locale) ??
    render(p.status >= 500 ? 'error.internal' : 'error.bad_request', {}, locale) ??
    p.title
  );
}

/** Where, as a person reads it: the field's label (and item), or the file's line and column. */
export function fieldWhere(
  where: string,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  const line = /^line (\d+)(?:, column (.+))?$/.exec(where);
  if (line) {
    const [, n, col] = line;
    // The server names the column as the file's heading has it (params.column) when it knows it.
    const heading =
      typeof params.column === 'string' ? params.column : col && !/^\d+$/.test(col) ? col : null;
    if (locale === 'en') return col ? `Line ${n}, column ${heading ? `"${heading}"` : col}` : `Line ${n}`;
    if (!col) return `${n} 行目`;
    return `${n} 行目・${heading ? `「${heading}」列` : `${col} 列目`}`;
  }
  const label = fieldLabel(where, locale) ?? where;
  const item = itemNumber(where);
  if (item === null) return label;
  return locale === 'ja' ? `${label}（${item} 件目）` : `${label} (item ${item})`;
}

/** One field problem, in the viewer's language. */
export function fieldMessage(e: ProblemFieldError, locale: Locale): string {
  const params = e.params ?? {};
  const own = render(e.key, params, locale);
  if (own) return own;
  // A rule that carries its own text (leave rules, org file rules) until each has a key.
  const text = typeof params.text === 'string' ? params.text : e.message;
  const picked = pickLanguage(text, locale);
  if (locale === 'en' || JAPANESE.test(picked)) return picked;
  return render('invalid', {}, locale) ?? picked;
}
