import * as AC from 'adaptivecards';
import { useEffect, useRef } from 'react';
import template from '../../../../../contracts/announcement-card/announcement.card.json' with {
  type: 'json',
};
import {
  type AnnouncementCardOptions,
  announcementCardData,
} from '../../../../../contracts/announcement-card/announcement.card-data.ts';
import type { AnnouncementContent } from '../../../../../contracts/tab-api/announcements.contract.ts';
import { markdownSubset } from './markdown-subset.ts';
import { expandTemplate } from './template-expand.ts';

AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdownSubset(text);
  result.didProcess = true;
};

/** The card as the bot would send it (the server checks its size against 40 KB the same way). */
export function expandAnnouncementCard(
  content: AnnouncementContent,
  options: AnnouncementCardOptions,
): object {
  return expandTemplate(template, announcementCardData(content, options));
}

/**
 * The live preview: the bot's own template (contracts/announcement-card/announcement.card.json) with
 * the same data, rendered by the `adaptivecards` renderer.
 */
export function CardPreview({ card, label }: { card: object; label: string }) {
  const host = useRef<HTMLElement>(null);
  useEffect(() => {
    const adaptive = new AC.AdaptiveCard();
    adaptive.parse(card);
    const rendered = adaptive.render();
    if (host.current) host.current.replaceChildren(...(rendered ? [rendered] : []));
  }, [card]);
  return <figure ref={host} aria-label={label} style={{ margin: 0 }} />;
}
