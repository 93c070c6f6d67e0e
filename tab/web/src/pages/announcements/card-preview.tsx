import * as AC from 'adaptivecards';
import { useEffect, useRef } from 'react';
import template from '../../../../../bot/cards/announcements/announcement.card.json' with { type: 'json' };
import {
  type AnnouncementCardOptions,
  announcementCardData,
} from '../../../../../bot/cards/announcements/announcement.card-data.ts';
import type { AnnouncementContent } from '../../../../../core/announcements/announcement.table.ts';
import { expandTemplate } from './template-expand.ts';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The Markdown subset Teams renders in a TextBlock: **bold**, _italic_, "- " lists, line breaks. */
function markdownSubset(text: string): string {
  const lines = escapeHtml(text).split('\n');
  const html: string[] = [];
  let inList = false;
  for (const line of lines) {
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    const inline = (s: string) =>
      s.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/_(.+?)_/g, '<em>$1</em>');
    if (item) {
      if (!inList) html.push('<ul>');
      inList = true;
      html.push(`<li>${inline(item[1] ?? '')}</li>`);
    } else {
      if (inList) html.push('</ul>');
      inList = false;
      if (line.trim()) html.push(`<p>${inline(line)}</p>`);
    }
  }
  if (inList) html.push('</ul>');
  return html.join('');
}

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
 * The live preview: the bot's own template (bot/cards/announcements/announcement.card.json) with
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
