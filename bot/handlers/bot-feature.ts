import type { TurnContext } from 'botbuilder';
import type { PersonRead } from '../../core/org/person-read.ts';
import type { CardJson } from '../cards/cards.ts';
import type { TurnUser } from './turn-user.ts';

/** A text command, in Japanese and English (matched case-insensitively, after mention removal). */
export interface Command<R = unknown> {
  names: string[];
  /**
   * The command shows nothing personal and may answer in group chats and channels. Every other
   * command is answered there with the "open the 1:1 chat" card (one guard in KinmuBot).
   */
  shared?: boolean;
  /**
   * What the command reads about the person, read in the turn's identity statement (one round trip
   * for both). Built per turn (dates are today's); `run` gets its value, for a registered person.
   */
  read?(): PersonRead<R>;
  run(context: TurnContext, user: TurnUser, args: string, read?: R): Promise<void>;
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
