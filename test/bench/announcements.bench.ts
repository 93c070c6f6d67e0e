import { loadConfig } from '../../core/config/config.ts';
import { sql } from '../../core/db/sql.ts';
import { TEAMS_CONVERSATION_LIMITS } from '../../core/delivery/delivery.rules.ts';
import { writeDemoOrg } from '../../core/demo/demo.seed.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { startApp } from '../../server/app.ts';
import { startConnectorEmulator } from '../harness/connector-emulator.ts';
import type { BenchResult } from './bench.types.ts';
import { benchDatabase } from './bench-db.ts';

const RECIPIENTS = 20_000;
/** The second run: every 100th request answered 503 once (1 % 5xx), retried by the engine. */
const FIVE_XX_EVERY = 100;
const RATE = 50;
/** What Company Communicator's users reported (12–19 msg/s). */
const COMPANY_COMMUNICATOR_RATE = 15;

/**
 * A broadcast to 10k people through the whole app (pg-boss senders, the shared PostgreSQL
 * limiter, botframework-connector) against a connector that enforces Teams' limits (50 req/s,
 * per-conversation windows → 429 with Retry-After) and answers after 20 ms. Everyone already has a
 * 1:1 conversation with the bot (their first-contact creation would be one more request each).
 * Baseline: raw HTTP POSTs to an unlimited emulator in the same process, to show the emulator and
 * the machine are not what limits the figure.
 */
export default async function bench(): Promise<BenchResult[]> {
  const clean = await scenario(RECIPIENTS, false);
  const faulty = await scenario(RECIPIENTS, true);
  return [...clean, faulty[0]!];
}

async function scenario(recipients: number, fiveXx: boolean): Promise<BenchResult[]> {
  const database = await benchDatabase();
  const connector = await startConnectorEmulator({
    latencyMs: 20,
    limits: { ratePerSecond: RATE, perConversation: TEAMS_CONVERSATION_LIMITS },
  });
  const raw = await startConnectorEmulator({ latencyMs: 20 });
  try {
    await writeDemoOrg(database.db, recipients);
    if (fiveXx)
      connector.inject((req) =>
        req.method === 'POST' && req.index % FIVE_XX_EVERY === FIVE_XX_EVERY - 1
          ? { status: 503 }
          : undefined,
      );
    const [{ n: staff } = { n: 0 }] = await database.db.query<{ n: number }>(
      sql`select count(*)::int as n from employee where active`,
    );
    await database.db.query(sql`
      insert into conversation_ref (aad_object_id, tenant_id, conversation_id, service_url, reference)
      select entra_oid::text, 'tenant', 'a:' || entra_oid::text, ${connector.url}, jsonb_build_object('conversation', jsonb_build_object('id', 'a:' || entra_oid::text))
        from employee where active`);
    await database.db.query(
      sql`insert into setting (key, value) values ('announcements', ${JSON.stringify({ lanes: 2, concurrency: 16 })})`,
    );

    // Baseline: how fast this machine and emulator take raw POSTs (16 at a time, no limits).
    const baselineCount = 3_000;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < baselineCount) {
          const i = next++;
          await fetch(`${raw.url}/v3/conversations/a:raw-${i}/activities`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"type":"message"}',
          });
        }
      }),
    );
    const rawRate = baselineCount / ((performance.now() - started) / 1000);

    const config = loadConfig({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: database.schema,
      DEMO_SEED: 'false',
      AUTH_MODE: 'dev',
      BOT_RATE_PER_SECOND: String(RATE),
    });
    const app = await startApp(config, { logger: createLogger('silent') });
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 500);
    try {
      const headers = { 'content-type': 'application/json', 'x-dev-persona': 'D00001' };
      const created = await (
        await fetch(`${app.url}/api/tab/announcements`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ title: 'ベンチマーク', body: '本文', audience: { everyone: true } }),
        })
      ).json();
      await fetch(`${app.url}/api/tab/announcements/${created.id}/submit`, {
        method: 'POST',
        headers,
        body: '{}',
      });
      for (;;) {
        const [a] = await database.db.query<{ state: string }>(
          sql`select state from announcement where id = ${created.id}`,
        );
        if (a?.state === 'sent') break;
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      clearInterval(sampler);
      await app.stop();
    }

    const sends = connector.sent();
    const first = sends[0]?.at ?? 0;
    const last = sends.at(-1)?.at ?? 0;
    const rate = (sends.length - 1) / ((last - first) / 1000);
    const posts = connector.postsPerConversation();
    const duplicates = [...posts.values()].filter((n) => n > 1).length;
    const [{ lost } = { lost: -1 }] = await database.db.query<{ lost: number }>(
      sql`select count(*)::int as lost from announcement_recipient where state <> 'sent'`,
    );
    const { throttled, injected } = connector.stats();
    const note = `${staff} recipients; 429s ${throttled}; ${fiveXx ? `503s injected ${injected}; ` : ''}duplicates ${duplicates}; lost ${lost}; peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`;
    return [
      {
        name: `announcement to ${staff} people, sustained${fiveXx ? ', with 1 % 503s' : ''}`,
        value: rate,
        unit: 'msg/s',
        baseline: { name: 'configured Teams limit', value: RATE, unit: 'req/s' },
        ratio: rate / RATE,
        note: `goal ≥ 0.95; ${note}`,
      },
      {
        name: 'the same vs Company Communicator',
        value: rate,
        unit: 'msg/s',
        baseline: { name: "CC users' reported rate", value: COMPANY_COMMUNICATOR_RATE, unit: 'msg/s' },
        ratio: rate / COMPANY_COMMUNICATOR_RATE,
      },
      {
        name: 'the same vs raw POSTs to the emulator',
        value: rate,
        unit: 'msg/s',
        baseline: { name: 'raw HTTP POST, 16 at a time, no limits', value: rawRate, unit: 'req/s' },
        ratio: rate / rawRate,
        note: 'well below 1: the machine is not the bottleneck, the limit is',
      },
    ];
  } finally {
    await connector.close();
    await raw.close();
    await database.drop();
  }
}
