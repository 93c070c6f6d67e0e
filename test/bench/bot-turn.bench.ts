import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { TurnContext } from 'botbuilder';
import restify from 'restify';
import { createAdapter, createBotAuthentication } from '../../bot/adapter.ts';
import type { KinmuBot } from '../../bot/kinmu.bot.ts';
import { messagesHandler } from '../../bot/messages-endpoint.ts';
import { sql } from '../../core/db/sql.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { StaticTokenCredentialsFactory, startTestApp, type TestApp } from '../harness/app.ts';
import type { BenchResult } from './bench.types.ts';

const TURNS = Number(process.env.BENCH_TURNS ?? 200);
const WARM_UP = 20;
const RUNS = 3;
/** The commands a person types most, each answered with a card built from the database. */
const COMMANDS = ['ヘルプ', '残業', '休暇', '育児', '設定'];

const median = (values: number[]) => {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)] as number;
};

/**
 * What a turn costs beyond the Bot Framework itself. The same client (signed POST /api/messages,
 * botbuilder's real CloudAdapter and JWT validation, replies to the local connector emulator over
 * HTTP) talks to two servers: the whole app on the demo ministry, and an echo bot mounted with the
 * app's own messages endpoint and adapter. Each command's median turn over TURNS sequential turns,
 * median of three runs, against the echo bot's (also median of three).
 */
export default async function bench(): Promise<BenchResult[]> {
  const t = await startTestApp();
  const echo = await startEchoServer(t);
  try {
    // A typical member of staff: overtime on record, nobody reporting to them. A manager with open
    // 100 h alerts gets those cards again on 残業 (one more connector request and audited read each):
    // measured separately, since an echo bot answers with one message.
    const [person] = await t.db.query<{ oid: string }>(sql`
      select e.entra_oid::text as oid from employee e
       where e.active and e.entra_oid is not null
         and not exists (select 1 from employee r where r.manager_id = e.id and r.active)
         and exists (select 1 from overtime_month m where m.employee_id = e.id and m.overtime_minutes > 0)
       order by e.employee_no limit 1`);
    const [manager] = await t.db.query<{ oid: string; open: number }>(sql`
      select e.entra_oid::text as oid, count(*)::int as open from employee e
        join overtime_alert a on a.manager_id = e.id and a.follow_up = 'open'
       where e.active and e.entra_oid is not null
       group by e.id order by count(*) desc, e.employee_no limit 1`);
    if (!person) throw new Error('the demo ministry has no member of staff with overtime and an Entra id');
    const turn =
      (url: string, text: string, oid = person.oid) =>
      async () => {
        const activity = t.personalActivity(oid, { type: 'message', text });
        const token = await t.signChannelToken();
        const started = performance.now();
        const res = await fetch(`${url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(activity),
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${text}: HTTP ${res.status}`);
        return performance.now() - started;
      };
    const measure = async (one: () => Promise<number>) => {
      const runs: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        for (let i = 0; i < WARM_UP; i++) await one();
        const times: number[] = [];
        for (let i = 0; i < TURNS; i++) times.push(await one());
        runs.push(median(times));
      }
      return {
        median: median(runs),
        spread: `${Math.min(...runs).toFixed(1)}–${Math.max(...runs).toFixed(1)}`,
      };
    };

    const baseline = await measure(turn(echo.url, 'ヘルプ'));
    console.log(`  echo bot: ${baseline.median.toFixed(2)} ms (runs ${baseline.spread})`);
    const results: BenchResult[] = [];
    for (const command of COMMANDS) {
      const m = await measure(turn(t.baseUrl, command));
      console.log(`  ${command}: ${m.median.toFixed(2)} ms (runs ${m.spread})`);
      results.push({
        name: `bot turn 「${command}」 (1:1 chat, demo ministry)`,
        value: m.median,
        unit: 'ms',
        baseline: {
          name: 'echo bot through the same endpoint and adapter',
          value: baseline.median,
          unit: 'ms',
        },
        ratio: m.median / baseline.median,
        note: `goal ≤ 1.5; median of ${RUNS} runs × ${TURNS} turns (runs ${m.spread} ms; echo ${baseline.spread} ms); load average ${os.loadavg()[0]?.toFixed(1)}`,
      });
    }
    if (manager) {
      // The fair baseline sends as many messages as this turn does (each is a connector request);
      // what remains is this turn's reads, its audited reads (a committed insert each) and its cards.
      const cards = 1 + Math.min(manager.open, 3);
      const echoed = await measure(turn(echo.url, `ヘルプ ×${cards}`));
      console.log(`  echo bot, ${cards} messages: ${echoed.median.toFixed(2)} ms (runs ${echoed.spread})`);
      const m = await measure(turn(t.baseUrl, '残業', manager.oid));
      console.log(`  残業 (manager, ${cards} cards): ${m.median.toFixed(2)} ms (runs ${m.spread})`);
      results.push({
        name: `bot turn 「残業」 as a manager with open 100 h alerts (${cards} cards)`,
        value: m.median,
        unit: 'ms',
        baseline: {
          name: `echo bot answering with ${cards} messages, same endpoint and adapter`,
          value: echoed.median,
          unit: 'ms',
        },
        ratio: m.median / echoed.median,
        note: `${cards} messages each, this turn also ${cards - 1} audited read(s); against the one-message echo ${(m.median / baseline.median).toFixed(2)}; median of ${RUNS} runs × ${TURNS} turns (runs ${m.spread} ms; echo ${echoed.spread} ms)`,
      });
    }
    return results;
  } finally {
    await echo.close();
    await t.stop();
  }
}

/** An echo bot behind the app's own /api/messages handler, adapter and token checks. */
async function startEchoServer(t: TestApp) {
  const logger = createLogger('silent');
  const auth = createBotAuthentication(t.config.bot, new StaticTokenCredentialsFactory());
  const adapter = createAdapter(auth, logger);
  const echoBot = {
    // "text ×N" is answered with N messages (the baseline of a turn that sends N cards).
    run: async (context: TurnContext) => {
      if (context.activity.type !== 'message') return;
      const text = context.activity.text ?? '';
      const times = Number(/ ×(\d+)$/.exec(text)?.[1] ?? 1);
      for (let i = 0; i < times; i++) await context.sendActivity(text);
    },
  } as unknown as KinmuBot;
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.post('/api/messages', messagesHandler(t.config.bot, auth, adapter, echoBot, logger));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
