import { cardAttachment } from '../cards/cards.ts';
import { helpCard } from '../cards/common.cards.ts';
import type { BotFeature } from './bot-feature.ts';

export function helpFeature(): BotFeature {
  return {
    commands: [
      {
        names: ['ヘルプ', 'へるぷ', '使い方', 'help', '?', '？'],
        shared: true,
        async run(context, user) {
          await context.sendActivity({ attachments: [cardAttachment(helpCard(user.locale))] });
        },
      },
    ],
  };
}
