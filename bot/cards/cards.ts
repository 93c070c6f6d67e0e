import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Template } from 'adaptivecards-templating';
import { AppError } from '../../core/shared/errors.ts';

/** Teams refuses messages over 40 KB (413); keep a margin for the activity envelope. */
export const MAX_CARD_BYTES = 38 * 1024;

export type CardJson = {
  type: 'AdaptiveCard';
  version: string;
  body?: unknown[];
  actions?: unknown[];
  refresh?: unknown;
  [k: string]: unknown;
};

const DIRS = [
  fileURLToPath(new URL('./', import.meta.url)),
  // The announcement card is a contract with the tab (its live preview expands the same file).
  fileURLToPath(new URL('../../contracts/', import.meta.url)),
];

/** Every template in bot/cards and contracts/, read once: name 'help' ← help.card.json. */
export const CARD_TEMPLATES: ReadonlyMap<string, unknown> = new Map(
  DIRS.flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.card.json'))
      .map((f): [string, unknown] => [
        f.replace(/^.*\//, '').replace(/\.card\.json$/, ''),
        JSON.parse(readFileSync(`${dir}${f}`, 'utf8')) as unknown,
      ]),
  ),
);

/**
 * Parsed templates, one per card. Constructing a Template parses every `${...}` expression with
 * ANTLR (~6 ms for the help card, most of a bot turn's own cost); the library prepares a template
 * once to be "bound to different data objects in a loop", and expand() is synchronous.
 */
const PREPARED = new Map<string, Template>();

/** Expands a template with data (adaptivecards-templating `${...}` binding) and checks the size. */
export function renderCard(name: string, data: object): CardJson {
  let prepared = PREPARED.get(name);
  if (!prepared) {
    const template = CARD_TEMPLATES.get(name);
    if (!template) throw new Error(`no card template ${name}.card.json`);
    prepared = new Template(template);
    PREPARED.set(name, prepared);
  }
  const card = prepared.expand({ $root: data }) as CardJson;
  const bytes = Buffer.byteLength(JSON.stringify(card));
  if (bytes > MAX_CARD_BYTES)
    throw new AppError('too_large', `card ${name} is ${bytes} bytes; Teams accepts at most 40 KB`);
  return card;
}

export function cardAttachment(card: CardJson) {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}
