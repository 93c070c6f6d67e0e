import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { TEAMS_CONVERSATION_LIMITS } from '../../core/delivery/delivery.rules.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../core/delivery/delivery.worker.ts';
import { createRateLimiter } from '../../core/delivery/limiter.ts';
import { createOutboxMessenger } from '../../core/delivery/outbox.messenger.ts';
import { createLogger } from '../../core/shared/logger.ts';
import type { ConnectorMessenger, DeliveryOutcome, ProactiveMessenger } from '../../core/shared/messenger.ts';

export interface SentCard {
  oid: string;
  card: Record<string, unknown>;
  conversationId: string;
  activityId: string;
}

export interface TestOutbox {
  db: Db;
  /** The real outbox messenger: enqueue, claim, limiter, record — only the connector is fake. */
  messenger: ProactiveMessenger;
  worker: DeliveryWorker;
  /** Every card the fake connector accepted, in order. */
  sent: SentCard[];
  updated: { conversationId: string; activityId: string; card: Record<string, unknown> }[];
  /** Resolves when nothing is due now or in flight (everything enqueued so far has an outcome). */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

const SERVICE_URL = 'http://connector.test/';

/**
 * The one outbox for unit tests of the capabilities that send cards: the production worker,
 * limiter and messenger over the test database, with a connector that records what reaches
 * people. Everyone gets a 1:1 chat `a:<oid>` created on first use. `answer` may refuse a send.
 */
export async function startTestOutbox(
  db: Db,
  options: { answer?: (oid: string) => DeliveryOutcome | undefined } = {},
): Promise<TestOutbox> {
  // Teams gives the bot a service URL with its first activity; the outbox needs one to create chats.
  await db.query(sql`
    insert into conversation_ref (aad_object_id, tenant_id, conversation_id, service_url, reference)
    values ('test-outbox-endpoint', 'tenant', 'a:test-outbox-endpoint', ${SERVICE_URL}, '{}'::jsonb)
    on conflict do nothing`);
  const sent: SentCard[] = [];
  const updated: TestOutbox['updated'] = [];
  const oidOf = (conversationId: string) => conversationId.replace(/^a:/, '');
  const connector: ConnectorMessenger = {
    async openConversation(aadObjectId) {
      return { ok: true, conversationId: `a:${aadObjectId}` };
    },
    async postCard(to, card) {
      const oid = oidOf(to.conversationId);
      const refused = options.answer?.(oid);
      if (refused) return refused;
      const activityId = `act-${sent.length + 1}`;
      sent.push({
        oid,
        card: card as Record<string, unknown>,
        conversationId: to.conversationId,
        activityId,
      });
      return { ok: true, conversationId: to.conversationId, activityId };
    },
    async editCard(to, activityId, card) {
      updated.push({ conversationId: to.conversationId, activityId, card: card as Record<string, unknown> });
      return { ok: true, conversationId: to.conversationId, activityId };
    },
    async removeMessage(to, activityId) {
      return { ok: true, conversationId: to.conversationId, activityId };
    },
  };
  const worker = createDeliveryWorker({
    db,
    connector,
    limiter: createRateLimiter(db, () => ({
      ratePerSecond: 1_000,
      perConversation: TEAMS_CONVERSATION_LIMITS,
      concurrency: 4,
      maxAttempts: 3,
    })),
    logger: createLogger('silent'),
    settings: async () => ({ concurrency: 4, maxAttempts: 3, leaseMs: 15_000 }),
    random: () => 0,
    idlePollMs: 50,
  });
  worker.start();
  return {
    db,
    messenger: createOutboxMessenger(db, worker, { waitMs: 20_000 }),
    worker,
    sent,
    updated,
    async drained() {
      for (let i = 0; i < 600; i++) {
        const [row] = await db.query<{ n: number }>(
          sql`select count(*)::int as n from delivery where state = 'in_flight' or (state = 'due' and ready_at <= now())`,
        );
        if (row?.n === 0) return;
        worker.nudge();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('the outbox did not drain in 15 s');
    },
    stop: () => worker.stop(),
  };
}
