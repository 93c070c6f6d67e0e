/**
 * The part of Adaptive Card templating our announcement template uses — `${path}` in strings,
 * `$when: "${path}"` and `$data: "${path}"` over an array — for the tab's live preview.
 * adaptivecards-templating itself does not survive the browser bundle (its expression parser,
 * antlr4ts, fails at run time), so the preview expands the same JSON with this, and
 * template-expand.test.ts checks it gives exactly what adaptivecards-templating gives the bot.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const WHOLE = /^\$\{([\w.]+)\}$/;
const PART = /\$\{([\w.]+)\}/g;

function lookup(scope: Record<string, unknown>, path: string): unknown {
  let value: unknown = scope;
  for (const key of path.split('.'))
    value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key];
  return value;
}

function expandString(text: string, scope: Record<string, unknown>): unknown {
  const whole = WHOLE.exec(text);
  if (whole) return lookup(scope, whole[1] as string);
  return text.replace(PART, (_, path: string) => String(lookup(scope, path) ?? ''));
}

function expandNode(node: Json, scope: Record<string, unknown>): Json[] {
  if (Array.isArray(node)) return [node.flatMap((n) => expandNode(n, scope))];
  if (node && typeof node === 'object') {
    const { $data, $when, ...rest } = node;
    if (typeof $data === 'string') {
      const items = expandString($data, scope);
      if (!Array.isArray(items)) return [];
      return items.flatMap((item) =>
        expandNode({ ...rest, ...($when === undefined ? {} : { $when }) }, item as Record<string, unknown>),
      );
    }
    if (typeof $when === 'string' && !expandString($when, scope)) return [];
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(rest)) {
      const [expanded] = expandNode(value, scope);
      if (expanded !== undefined) out[key] = expanded;
    }
    return [out];
  }
  if (typeof node === 'string') return [expandString(node, scope) as Json];
  return [node];
}

export function expandTemplate(template: unknown, data: Record<string, unknown>): Record<string, unknown> {
  return (expandNode(template as Json, data)[0] ?? {}) as Record<string, unknown>;
}
