import { Template } from 'adaptivecards-templating';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import template from '../../../../../contracts/announcement-card/announcement.card.json' with {
  type: 'json',
};
import { announcementCardData } from '../../../../../contracts/announcement-card/announcement.card-data.ts';
import { expandTemplate } from './template-expand.ts';

const text = fc.string({ maxLength: 40 }).filter((s) => !s.includes('${'));

describe("the tab preview's template expansion", () => {
  it('gives exactly the card the bot sends, for any content', () => {
    fc.assert(
      fc.property(
        fc.record({
          title: text,
          body: text,
          imageUrl: fc.option(fc.constant('https://example.go.jp/a.png'), { nil: null }),
          links: fc.array(fc.record({ title: text, url: fc.constant('https://example.go.jp/') }), {
            maxLength: 3,
          }),
          ackEnabled: fc.boolean(),
          language: fc.constantFrom('ja' as const, 'en' as const),
        }),
        fc.boolean(),
        fc.integer({ min: 1, max: 3 }),
        (content, acked, revision) => {
          const data = announcementCardData(content, {
            announcementId: 'a1',
            revision,
            ackedAt: acked ? new Date('2026-12-01T01:00:00Z') : null,
          });
          const bot = new Template(template).expand({ $root: data });
          expect(expandTemplate(template, data)).toEqual(bot);
        },
      ),
      { numRuns: 60 },
    );
  });
});
