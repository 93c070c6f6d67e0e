import os from 'node:os';
import { loadConfig } from '../../core/config/config.ts';
import { sql } from '../../core/db/sql.ts';
import { TEAMS_CONVERSATION_LIMITS } from '../../core/delivery/delivery.rules.ts';
import { writeDemoOrg } from '../../core/demo/demo.seed.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { startApp } from '../../server/app.ts';
import { startConnectorEmulator } from '../harness/connector-emulator.ts';
import type { BenchResult } from './bench.types.ts';
import { benchDatabase } from './bench-db.ts';

const BROADCAST = Number(process.env.BENCH_RECIPIENTS ?? 20_000);
const ALERTS = Number(process.env.BENCH_ALERTS ?? 500);
const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 5_000);
const LATENCY_MS = 150;
const RATE = 50;

/**
 * A 20,000-person broadcast is under way when 500 overtime alerts (urgent) and 5,000 reminders
 * (personal) become due, written as the features enqueue them. Alerts must go first, then the
 * reminders, then the rest of the broadcast; every message exactly once. Each alert and reminder
 * has its own conversation, so a duplicate shows as a second post there.
 */
export default async function bench(): Promise<BenchResult[]> {
  const database = await benchDatabase();
  const connector = await startConnectorEmulator({
    latencyMs: LATENCY_MS,
    limits: { ratePerSecond: RATE, perConversation: TEAMS_CONVERSATION_LIMITS },
  });
  try {
    await writeDemoOrg(database.db, BROADCAST);
    await database.db.query(sql`
      insert into conversation_ref (aad_object_id, tenant_id, conversation_id, service_url, reference)
      select entra_oid::text, 'tenant', 'a:' || entra_oid::text, ${connector.url}, '{}'::jsonb from employee where active`);
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
    const headers = { 'content-type': 'application/json', 'x-dev-persona': 'D00001' };
    let dueAt = 0;
    const attempts: { conversationId: string; at: number }[] = [];
    try {
      const created = await (
        await fetch(`${app.url}/api/tab/announcements`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ title: '一斉', body: '本文', audience: { everyone: true } }),
        })
      ).json();
      await fetch(`${app.url}/api/tab/announcements/${created.id}/submit`, {
        method: 'POST',
        headers,
        body: '{}',
      });
      while (connector.sent().length < 500) await new Promise((r) => setTimeout(r, 100));

      // Every request as it arrives, the throttled ones too: who was tried first.
      connector.inject((req) => {
        if (req.method === 'POST' && req.conversationId)
          attempts.push({ conversationId: req.conversationId, at: Date.now() });
        return undefined;
      });
      const card = JSON.stringify({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: 'x' }],
      });
      dueAt = Date.now();
      await database.db.query(sql`
        insert into delivery (purpose, subject, recipient, priority, conversation_id, service_url, card)
        select 'overtime.alert', i || ':alert', 'manager-' || i, 0, 'alert-' || i, ${connector.url}, ${card}::jsonb
          from generate_series(1, ${ALERTS}) i
        union all
        select 'leave.reminder', 'campaign:summer', 'person-' || i, 1, 'reminder-' || i, ${connector.url}, ${card}::jsonb
          from generate_series(1, ${REMINDERS}) i`);
      app.delivery.nudge();
      for (;;) {
        const [r] = await database.db.query<{ n: number }>(
          sql`select count(*)::int as n from delivery where state in ('due', 'in_flight')`,
        );
        const [a] = await database.db.query<{ state: string }>(
          sql`select state from announcement where id = ${created.id}`,
        );
        if (r?.n === 0 && a?.state === 'sent') break;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    } finally {
      await app.stop();
    }

    const sends = connector.sent().filter((c) => c.at >= dueAt);
    const kind = (c: { conversationId: string }) =>
      c.conversationId.startsWith('alert-')
        ? 'alert'
        : c.conversationId.startsWith('reminder-')
          ? 'reminder'
          : 'broadcast';
    const lastAlert = Math.max(...sends.filter((c) => kind(c) === 'alert').map((c) => c.at));
    const lastReminder = Math.max(...sends.filter((c) => kind(c) === 'reminder').map((c) => c.at));
    // Priority decides who is tried first; a 429 then delays only the one it answered. So the
    // check is on first attempts: after a second's grace (requests already holding a slot when
    // the alerts came), nothing of lower priority is tried before the last alert's first try.
    const firstTry = new Map<string, number>();
    for (const a of attempts)
      if (a.at >= dueAt && !firstTry.has(a.conversationId)) firstTry.set(a.conversationId, a.at);
    const lastAlertTry = Math.max(
      ...[...firstTry].filter(([c]) => kind({ conversationId: c }) === 'alert').map(([, at]) => at),
    );
    const lastReminderTry = Math.max(
      ...[...firstTry].filter(([c]) => kind({ conversationId: c }) === 'reminder').map(([, at]) => at),
    );
    const grace = dueAt + 1_000;
    const overtakenAlerts = attempts.filter(
      (a) => kind(a) !== 'alert' && a.at > grace && a.at < lastAlertTry,
    ).length;
    const overtakenReminders = attempts.filter(
      (a) => kind(a) === 'broadcast' && a.at > lastAlertTry + 1_000 && a.at < lastReminderTry,
    ).length;
    const posts = connector.postsPerConversation();
    const count = (prefix: string) => [...posts].filter(([c]) => c.startsWith(prefix));
    const alertsOnce = count('alert-').filter(([, n]) => n === 1).length;
    const remindersOnce = count('reminder-').filter(([, n]) => n === 1).length;
    const duplicates = [...posts.values()].filter((n) => n > 1).length;
    const [{ lost } = { lost: -1 }] = await database.db.query<{ lost: number }>(
      sql`select count(*)::int as lost from delivery where state <> 'sent'`,
    );
    const alertSeconds = (lastAlert - dueAt) / 1000;
    const ideal = ALERTS / RATE;
    const load = os.loadavg()[0]?.toFixed(1);
    const note = `${BROADCAST} broadcast + ${ALERTS} alerts + ${REMINDERS} reminders at ${LATENCY_MS} ms; alerts sent exactly once ${alertsOnce}/${ALERTS}, reminders ${remindersOnce}/${REMINDERS}; lower-priority requests tried before the last alert's first try ${overtakenAlerts}, broadcast requests tried before the last reminder's ${overtakenReminders}; last alert first tried after ${((lastAlertTry - dueAt) / 1000).toFixed(1)} s; duplicates ${duplicates}; not sent ${lost}; 429s ${connector.stats().throttled}; load average ${load}`;
    return [
      {
        name: `${ALERTS} urgent alerts due during a ${BROADCAST.toLocaleString('en')} broadcast: all sent after`,
        value: alertSeconds,
        unit: 's',
        baseline: { name: `${ALERTS} requests at the Teams limit`, value: ideal, unit: 's' },
        ratio: alertSeconds / ideal,
        note: `goal: close to 1 (alerts first, nothing ahead of them but what was in flight); ${note}`,
      },
      {
        name: `${REMINDERS.toLocaleString('en')} reminders due at the same time: all sent after`,
        value: (lastReminder - dueAt) / 1000,
        unit: 's',
        baseline: {
          name: `${ALERTS + REMINDERS} requests at the Teams limit`,
          value: (ALERTS + REMINDERS) / RATE,
          unit: 's',
        },
        ratio: (lastReminder - dueAt) / 1000 / ((ALERTS + REMINDERS) / RATE),
        note: 'goal: close to 1 (then the broadcast resumes)',
      },
    ];
  } finally {
    await connector.close();
    await database.drop();
  }
}
