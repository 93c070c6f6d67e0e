import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AuthenticateRequestResult, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Config } from '../core/config/config.ts';
import type { Logger } from '../core/shared/logger.ts';
import { cardAttachment } from './cards/cards.ts';
import { errorCard } from './cards/common.cards.ts';
import { localeFrom, messages } from './i18n/messages.ts';

/**
 * The real Bot Framework authentication. With no app id botbuilder accepts unauthenticated calls:
 * that is allowed only when config says skipAuth (`npm start --dev` on loopback, for Agents
 * Playground); any other start without an app id is refused here as well as by config.
 * A non-public token service (tests, sovereign clouds) is set with BOT_OPENID_METADATA_URL and
 * BOT_TOKEN_ISSUER; outbound credentials may be replaced by a factory (tests: a local connector).
 */
export function createBotAuthentication(
  config: Config['bot'],
  credentialsFactory?: ServiceClientCredentialsFactory,
) {
  if (!config.appId && !config.skipAuth)
    throw new Error('The bot has no MICROSOFT_APP_ID: refusing to accept unsigned activities.');
  const settings: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppTenantId: config.tenantId ?? '',
    // Without an app id (local Playground) botbuilder only accepts the MultiTenant type.
    MicrosoftAppType: config.appId ? config.appType : 'MultiTenant',
  };
  if (config.openIdMetadataUrl) {
    settings.ToBotFromChannelOpenIdMetadataUrl = config.openIdMetadataUrl;
    settings.ToBotFromEmulatorOpenIdMetadataUrl = config.openIdMetadataUrl;
  }
  if (config.tokenIssuer) settings.ToBotFromChannelTokenIssuer = config.tokenIssuer;
  return new ConfigurationBotFrameworkAuthentication(settings, credentialsFactory);
}

/**
 * CloudAdapter with its authenticated entry point made public, so that /api/messages can
 * authenticate first (every token failure → 401) and still return invoke responses.
 */
export class KinmuAdapter extends CloudAdapter {
  processAuthenticated(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

export function createAdapter(auth: ConfigurationBotFrameworkAuthentication, logger: Logger): KinmuAdapter {
  const adapter = new KinmuAdapter(auth);
  // The one place a failed turn is logged and the user told; never silence.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled bot turn error');
    const locale = localeFrom(context.activity.locale);
    if (context.activity.type === 'message') {
      await context
        .sendActivity({ attachments: [cardAttachment(errorCard(locale, messages(locale).errorGeneric))] })
        .catch((err: unknown) => logger.warn({ err }, 'could not tell the user about the error'));
    }
  };
  return adapter;
}
