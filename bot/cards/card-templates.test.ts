import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_CARD_BYTES, renderCard } from './cards.ts';

// The renderer's ESM build has extension-less imports Node cannot load; its UMD build is the same code.
const AC = createRequire(import.meta.url)(
  'adaptivecards/dist/adaptivecards.js',
) as typeof import('adaptivecards');

// bot/cards and the announcement card shared with the tab (contracts/), as the renderer reads them.
const FILES = [new URL('./', import.meta.url), new URL('../../contracts/', import.meta.url)].flatMap(
  (url) => {
    const dir = fileURLToPath(url);
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.card.json'))
      .map((f) => `${dir}${f}`);
  },
);

/** Teams on every client renders Adaptive Cards 1.5; a higher version shows users a fallback text. */
const TEAMS_MAX_VERSION = 1.5;

function walk(node: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

describe('card templates', () => {
  it('have unique file names (the name is how code finds a template)', () => {
    const names = FILES.map((f) => f.replace(/^.*\//, ''));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  describe.each(FILES)('%s', (file) => {
    const raw = readFileSync(file, 'utf8');
    const card = JSON.parse(raw) as Record<string, unknown>;

    it('is an Adaptive Card Teams renders, with no element or property the renderer does not know', () => {
      expect(card.type).toBe('AdaptiveCard');
      expect(Number(card.version)).toBeLessThanOrEqual(TEAMS_MAX_VERSION);
      const context = new AC.SerializationContext();
      new AC.AdaptiveCard().parse(card, context);
      const problems = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message)
        // Bound values such as "${count}" stand where numbers or enums go until the template is expanded.
        .filter((m) => !/\$\{/.test(m));
      expect(problems).toEqual([]);
    });

    it('gives every Action.Execute a verb and every input an id, and leaves room under 40 KB', () => {
      const missing: string[] = [];
      walk(card, (o) => {
        if (o.type === 'Action.Execute' && !o.verb)
          missing.push(`Action.Execute "${String(o.title)}" has no verb`);
        if (typeof o.type === 'string' && o.type.startsWith('Input.') && !o.id)
          missing.push(`${o.type} has no id`);
        // Action.Submit only as a Teams imBack/messageBack (it types a command for the person);
        // anything that changes data is an Action.Execute so the bot can answer with a new card.
        const msteams = (o.data as { msteams?: { type?: string } } | undefined)?.msteams;
        if (o.type === 'Action.Submit' && msteams?.type !== 'imBack' && msteams?.type !== 'messageBack')
          missing.push(`Action.Submit "${String(o.title)}": use Action.Execute`);
      });
      expect(missing).toEqual([]);
      expect(Buffer.byteLength(raw)).toBeLessThan(MAX_CARD_BYTES);
    });
  });
});

describe('renderCard with a template prepared once', () => {
  it('binds each call to its own data: no value of one person reaches the next card, and no card changes later', () => {
    const a = renderCard('error', { title: 'Aさんのエラー', message: '山田 太郎', fields: [] });
    const snapshot = JSON.stringify(a);
    const b = renderCard('error', { title: 'Bさんのエラー', message: '佐藤 花子', fields: [] });
    expect(JSON.stringify(b)).toContain('佐藤 花子');
    expect(JSON.stringify(b)).not.toContain('山田 太郎');
    expect(JSON.stringify(a)).toBe(snapshot);
    // Mutating a rendered card (as a caller may, adding actions) leaves the template untouched.
    (b as { body?: unknown[] }).body?.push({ type: 'TextBlock', text: 'leak' });
    expect(JSON.stringify(renderCard('error', { title: 'C', message: 'c', fields: [] }))).not.toContain(
      'leak',
    );
  });
});
