import type { Activity } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Request, Response } from 'restify';
import type { Config } from '../core/config/config.ts';
import { isLoopbackHost } from '../core/config/config.ts';
import { BODY_LIMITS, readJsonBody } from '../core/http/body.ts';
import { isAppError } from '../core/shared/errors.ts';
import type { Logger } from '../core/shared/logger.ts';
import type { KinmuAdapter } from './adapter.ts';
import {
  activityTenantOk,
  createChannelTokenCheck,
  isAllowedServiceUrl,
  TokenRefused,
} from './channel-token.ts';
import type { KinmuBot } from './kinmu.bot.ts';

const unauthorized = (res: Response) =>
  res.send(401, { code: 'unauthenticated', title: 'The request is not authorized.' });

const isLoopbackUrl = (value: unknown) => {
  try {
    return typeof value === 'string' && isLoopbackHost(new URL(value).hostname);
  } catch {
    return false;
  }
};

/**
 * POST /api/messages. Fails closed, in this order: a bearer token that verifies (signature, issuer,
 * audience, exp, age) before the body is read; a small body; the activity's tenant and service URL;
 * then botbuilder's own validation (endorsements, serviceurl claim). Every refusal is a 401 with one
 * log line. Only `npm start` (--dev, loopback, no app id) skips the token, for Agents Playground.
 */
export function messagesHandler(
  botConfig: Config['bot'],
  auth: BotFrameworkAuthentication,
  adapter: KinmuAdapter,
  bot: KinmuBot,
  logger: Logger,
) {
  const checkToken = botConfig.skipAuth ? undefined : createChannelTokenCheck(botConfig);
  const refuse = (res: Response, reason: string) => {
    logger.warn({ reason }, 'bot request refused');
    unauthorized(res);
  };
  return async (req: Request, res: Response) => {
    const authorization = req.header('authorization') ?? '';
    if (checkToken) {
      try {
        await checkToken(authorization);
      } catch (err) {
        req.resume();
        return refuse(res, err instanceof TokenRefused ? err.message : 'token check failed');
      }
    }
    let activity: Partial<Activity> | undefined;
    try {
      activity = (await readJsonBody(req, BODY_LIMITS.botActivity)) as Partial<Activity> | undefined;
    } catch (err) {
      const status = isAppError(err) ? err.status : 400;
      res.send(status, { code: isAppError(err) ? err.code : 'bad_request', title: (err as Error).message });
      return;
    }
    if (!activity || typeof activity !== 'object' || typeof activity.type !== 'string') {
      res.send(400, { code: 'bad_request', title: 'The body is not a Bot Framework activity.' });
      return;
    }
    const record = activity as unknown as Record<string, unknown>;
    if (botConfig.skipAuth) {
      // Playground: replies only to a local connector.
      if (
        !isLoopbackUrl(activity.serviceUrl) &&
        !isAllowedServiceUrl(activity.serviceUrl, botConfig.allowedServiceUrls)
      )
        return refuse(res, 'service URL not allowed');
    } else {
      if (!activityTenantOk(record, botConfig.allowedTenantId)) return refuse(res, 'tenant not allowed');
      if (!isAllowedServiceUrl(activity.serviceUrl, botConfig.allowedServiceUrls))
        return refuse(res, 'service URL not allowed');
    }
    let authResult: Awaited<ReturnType<BotFrameworkAuthentication['authenticateRequest']>>;
    try {
      authResult = await auth.authenticateRequest(activity as Activity, authorization);
    } catch (err) {
      return refuse(res, (err as Error).message.split('\n')[0] ?? 'refused');
    }
    const invokeResponse = await adapter.processAuthenticated(authResult, activity as Activity, (context) =>
      bot.run(context),
    );
    if (invokeResponse) res.send(invokeResponse.status, invokeResponse.body);
    else res.send(200);
  };
}
