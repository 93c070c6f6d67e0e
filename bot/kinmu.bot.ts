import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
  TeamsActivityHandler,
  TurnContext as Turn,
  type TurnContext,
} from 'botbuilder';
import { writeAudit } from '../core/audit/audit.repository.ts';
import type { Db } from '../core/db/db.ts';
import { recordRead } from '../core/delivery/read-receipts.repository.ts';
import { saveConversationRef } from '../core/org/conversation-ref.repository.ts';
import type { PersonRead } from '../core/org/person-read.ts';
import { isSharedConversation } from '../core/shared/conversation-scope.ts';
import { isAppError } from '../core/shared/errors.ts';
import type { Logger } from '../core/shared/logger.ts';
import { metrics } from '../core/shared/metrics.ts';
import { type CardJson, cardAttachment } from './cards/cards.ts';
import { errorCard, helpCard, personalOnlyCard, welcomeCard } from './cards/common.cards.ts';
import type { BotFeature, CardAction, Command } from './handlers/bot-feature.ts';
import { rememberTeamInstall } from './handlers/team-install.ts';
import { resolveTurnUser, type TurnUser } from './handlers/turn-user.ts';
import { messages } from './i18n/messages.ts';

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

const TURN_LOGGER = Symbol('turnLogger');
const TURN_ID = Symbol('turnId');

/** Thin routing: find the command or card verb, resolve the user, hand over to the feature. */
export class KinmuBot extends TeamsActivityHandler {
  private readonly commands = new Map<string, Command>();
  private readonly actions = new Map<string, CardAction>();
  private readonly db: Db;
  private readonly logger: Logger;

  constructor(db: Db, logger: Logger, features: BotFeature[]) {
    super();
    this.db = db;
    this.logger = logger;
    for (const feature of features) {
      for (const command of feature.commands ?? [])
        for (const name of command.names) this.commands.set(name.toLowerCase(), command);
      for (const action of feature.actions ?? []) this.actions.set(action.verb, action);
    }

    this.onMessage(async (context, next) => {
      const text = Turn.removeRecipientMention(context.activity)?.trim() ?? '';
      const [word = '', ...rest] = text.split(/\s+/);
      const command = this.commands.get(word.toLowerCase());
      // The one guard for shared conversations: a personal command gets the "open the 1:1 chat"
      // card, never its answer (SPEC §2: personal data only to those entitled; issue 12). Nor is
      // anything read for it.
      const refused = command && !command.shared && isSharedConversation(context.activity.conversation);
      const { user, read } = await this.rememberConversation(
        context,
        refused ? undefined : command?.read?.(),
      );
      try {
        if (refused)
          await context.sendActivity({
            attachments: [cardAttachment(personalOnlyCard(user.locale, context.activity.recipient.id))],
          });
        else if (command) await command.run(context, user, rest.join(' '), read);
        else
          await context.sendActivity({
            attachments: [cardAttachment(helpCard(user.locale, text || undefined))],
          });
      } catch (err) {
        await this.auditDenial(err, user, `message ${command ? word.toLowerCase() : '(help)'}`);
        await context.sendActivity({
          attachments: [cardAttachment(this.errorToCard(err, user, this.turnLog(context)))],
        });
      }
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberConversation(context);
      await next();
    });

    // Added to or removed from a team: its General channel can then get announcements (or not).
    this.onConversationUpdate(async (context, next) => {
      await rememberTeamInstall(this.db, context.activity, new Date());
      await next();
    });

    // A read receipt (1:1 chats only; needs the RSC permission ChatMessageReadReceipt.Read.Chat):
    // what the person has read, so reminders of cards without an acknowledge button skip them.
    this.onTeamsReadReceiptEvent(async (receipt, context, next) => {
      const aadObjectId = context.activity.from?.aadObjectId;
      if (aadObjectId && !isSharedConversation(context.activity.conversation) && receipt.lastReadMessageId)
        await recordRead(this.db, aadObjectId, receipt.lastReadMessageId);
      await next();
    });

    // Greet once, when the bot itself joins a conversation (personal install, or added to a team).
    this.onMembersAdded(async (context, next) => {
      const botAdded = context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id);
      if (botAdded) {
        const { user } = await this.rememberConversation(context);
        await context.sendActivity({ attachments: [cardAttachment(welcomeCard(user.locale))] });
      }
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const { user } = await this.rememberConversation(context);
    const action = this.actions.get(invokeValue.action?.verb ?? '');
    let card: CardJson;
    try {
      if (!action) card = errorCard(user.locale, messages(user.locale).errorStale);
      else if (!action.shared && isSharedConversation(context.activity.conversation))
        card = personalOnlyCard(user.locale, context.activity.recipient.id);
      else card = await action.run(context, user, invokeValue.action.data);
    } catch (err) {
      await this.auditDenial(err, user, `invoke ${invokeValue.action?.verb ?? ''}`.slice(0, 120));
      card = this.errorToCard(err, user, this.turnLog(context));
    }
    return {
      statusCode: 200,
      type: CARD_CONTENT_TYPE,
      value: card as unknown as AdaptiveCardInvokeResponse['value'],
    };
  }

  /**
   * Every turn is counted and logged with its turnId (the activity id). Whatever logs during the
   * turn gets a child logger carrying it, built only when something logs (most turns log one line).
   */
  override async run(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const turnId = activity.id ?? `turn-${Date.now()}`;
    context.turnState.set(TURN_ID, turnId);
    const started = performance.now();
    let outcome = 'ok';
    try {
      await super.run(context);
    } catch (err) {
      outcome = 'error';
      throw err;
    } finally {
      metrics.botTurns.inc({ type: activity.type ?? 'unknown', outcome });
      // Type and invoke name only: the text, card data and names stay out of logs.
      this.logger.info(
        {
          turnId,
          type: activity.type,
          invoke: activity.name,
          outcome,
          ms: Math.round(performance.now() - started),
        },
        'bot turn',
      );
    }
  }

  private turnLog(context: TurnContext): Logger {
    let log = context.turnState.get(TURN_LOGGER) as Logger | undefined;
    if (!log) {
      const turnId = context.turnState.get(TURN_ID) as string | undefined;
      if (!turnId) return this.logger;
      log = this.logger.child({ turnId });
      context.turnState.set(TURN_LOGGER, log);
    }
    return log;
  }

  /** A refused bot action of a known person is on the record, as a refused tab route is. */
  private async auditDenial(err: unknown, user: TurnUser, route: string): Promise<void> {
    if (!isAppError(err) || err.code !== 'forbidden' || !user.employee) return;
    await writeAudit(this.db, {
      actorId: user.employee.id,
      action: 'access.denied',
      targetType: 'bot',
      targetId: route,
      detail: { reason: err.message.slice(0, 200) },
    }).catch((e: unknown) => this.logger.error({ err: e }, 'could not audit a bot denial'));
  }

  private errorToCard(err: unknown, user: TurnUser, log: Logger = this.logger): CardJson {
    if (isAppError(err)) {
      log.info({ code: err.code }, 'card refused');
      return errorCard(user.locale, err.message, err.fields);
    }
    log.error({ err }, 'bot turn failed');
    return errorCard(user.locale, messages(user.locale).errorGeneric);
  }

  /**
   * Every 1:1 turn refreshes where the bot can reach this person later. `also`: what the command
   * reads about the person, in the same statement as who they are.
   */
  private async rememberConversation<T>(
    context: TurnContext,
    also?: PersonRead<T>,
  ): Promise<{ user: TurnUser; read?: T }> {
    const { user, stored, read } = await resolveTurnUser(this.db, context, also);
    const activity = context.activity;
    if (user.aadObjectId && activity.conversation?.conversationType === 'personal') {
      const reference = Turn.getConversationReference(activity) as ConversationReference;
      await saveConversationRef(
        this.db,
        {
          aadObjectId: user.aadObjectId,
          tenantId: activity.conversation.tenantId ?? activity.channelData?.tenant?.id ?? null,
          conversationId: activity.conversation.id,
          serviceUrl: activity.serviceUrl,
          reference: reference as unknown as Record<string, unknown>,
          locale: activity.locale ?? null,
        },
        stored,
      );
    }
    return { user, read };
  }
}
