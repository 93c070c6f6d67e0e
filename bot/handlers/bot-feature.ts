import type { TurnContext } from 'botbuilder';
import type { CardJson } from '../cards/cards.ts';
import type { TurnUser } from './turn-user.ts';

/** A text command, in Japanese and English (matched case-insensitively, after mention removal). */
export interface Command {
  names: string[];
  /**
   * The command shows nothing personal and may answer in group chats and channels. Every other
   * command is answered there with the "open the 1:1 chat" card (one guard in KinmuBot).
   */
  shared?: boolean;
  run(context: TurnContext, user: TurnUser, args: string): Promise<void>;
}

/**
 * An Action.Execute verb. It returns the card that replaces the sender's view; the payload is
 * unknown until the action validates it (zod), so a tampered card gets a clear error card.
 */
export interface CardAction {
  verb: string;
  /** The action may run on a card in a group chat or channel (a channel announcement's 確認). */
  shared?: boolean;
  run(context: TurnContext, user: TurnUser, data: unknown): Promise<CardJson>;
}

/** What a capability (overtime, leave, childcare, announcements) plugs into the bot. */
export interface BotFeature {
  commands?: Command[];
  actions?: CardAction[];
}
