import type { Activity } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Request, Response } from 'restify';
import type { Logger } from '../core/shared/logger.ts';
import type { KinmuAdapter } from './adapter.ts';
import type { KinmuBot } from './kinmu.bot.ts';

/**
 * POST /api/messages. Authentication is done first and separately so that every failure of the
 * token (missing, unsigned, unknown key, expired, wrong audience or service URL) is a 401 —
 * CloudAdapter.process answers 500 for some of them. The turn itself is the adapter's.
 */
export function messagesHandler(
  auth: BotFrameworkAuthentication,
  adapter: KinmuAdapter,
  bot: KinmuBot,
  logger: Logger,
) {
  return async (req: Request, res: Response) => {
    const activity = req.body as Partial<Activity> | undefined;
    if (!activity || typeof activity !== 'object' || typeof activity.type !== 'string') {
      res.send(400, { code: 'bad_request', title: 'The body is not a Bot Framework activity.' });
      return;
    }
    let authResult: Awaited<ReturnType<BotFrameworkAuthentication['authenticateRequest']>>;
    try {
      authResult = await auth.authenticateRequest(activity as Activity, req.header('authorization') ?? '');
    } catch (err) {
      logger.warn({ reason: (err as Error).message }, 'bot request refused');
      res.send(401, { code: 'unauthenticated', title: 'The request is not authorized.' });
      return;
    }
    const invokeResponse = await adapter.processAuthenticated(authResult, activity as Activity, (context) =>
      bot.run(context),
    );
    if (invokeResponse) res.send(invokeResponse.status, invokeResponse.body);
    else res.send(200);
  };
}
