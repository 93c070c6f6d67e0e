import { Template } from 'adaptivecards-templating';
import {
  ANNOUNCEMENT_LABELS,
  type AnnouncementCardOptions,
  announcementCardData,
} from '../../../contracts/announcement-card/announcement.card-data.ts';
import type { AnnouncementContent } from '../../../core/announcements/announcement.table.ts';
import { AppError } from '../../../core/shared/errors.ts';
import { CARD_TEMPLATES, type CardJson, MAX_CARD_BYTES } from '../cards.ts';

export {
  type AnnouncementCardOptions,
  announcementCardData,
} from '../../../contracts/announcement-card/announcement.card-data.ts';

function expand(name: string, data: object): CardJson {
  const template = CARD_TEMPLATES.get(name);
  if (!template) throw new Error(`no card template ${name}.card.json`);
  return new Template(template).expand({ $root: data }) as CardJson;
}

export function announcementCard(content: AnnouncementContent, options: AnnouncementCardOptions): CardJson {
  return expand('announcement', announcementCardData(content, options));
}

export function recalledCard(content: AnnouncementContent): CardJson {
  return expand('announcement-recalled', { t: ANNOUNCEMENT_LABELS[content.language], title: content.title });
}

export const cardBytes = (card: CardJson) => Buffer.byteLength(JSON.stringify(card));

/** Teams refuses messages over 40 KB (413); refuse them while composing, with the size. */
export function checkedAnnouncementCard(
  content: AnnouncementContent,
  options: AnnouncementCardOptions,
): { card: CardJson; bytes: number } {
  const card = announcementCard(content, options);
  const bytes = cardBytes(card);
  if (bytes > MAX_CARD_BYTES)
    throw new AppError(
      'too_large',
      `The announcement is ${(bytes / 1024).toFixed(1)} KB; Teams accepts at most 40 KB per message. Shorten the body.`,
      [
        {
          where: 'body',
          message: `card is ${bytes} bytes; at most ${MAX_CARD_BYTES} bytes (Teams' 40 KB less the message envelope)`,
        },
      ],
    );
  return { card, bytes };
}
