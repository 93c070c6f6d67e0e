import { ServiceClientCredentialsFactory } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDays } from '../../core/attendance/attendance-import.service.ts';
import { sql } from '../../core/db/sql.ts';
import { writeDemoOrg } from '../../core/demo/demo.seed.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { type App, startApp } from '../../server/app.ts';
import { BOT_APP_ID, startTestApp, type TestApp } from '../harness/app.ts';

/** The static outbound credentials the harness gives its app, for the second instance. */
class StaticTokenCredentialsFactory extends ServiceClientCredentialsFactory {
  override async isValidAppId(appId: string) {
    return appId === BOT_APP_ID;
  }
  override async isAuthenticationDisabled() {
    return false;
  }
  override async createCredentials() {
    return {
      async signRequest<T extends { headers: { set(name: string, value: string): void } }>(webResource: T) {
        webResource.headers.set('authorization', 'Bearer test-outbound-bot-token');
        return webResource;
      },
    } as never;
  }
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Wednesday 2026-10-14, 16:40 in Japan: a 定時退庁日, after the nudge time. */
const NOW = new Date('2026-10-14T07:40:00Z');

describe('定時退庁日 nudge with two app processes on one database', () => {
  let t: TestApp;
  let second: App | undefined;

  beforeAll(async () => {
    t = await startTestApp({ authMode: 'dev', seedDemo: false, overrides: { now: () => NOW } });
    await writeDemoOrg(t.db, 60);
    // Someone opens the bot once: the app learns the service URL where it creates the others' chats.
    const [first] = await t.db.query<{ oid: string }>(
      sql`select entra_oid::text as oid from employee where entra_oid is not null order by employee_no limit 1`,
    );
    await t.sendActivity(t.personalActivity(first!.oid, { type: 'message', text: 'ヘルプ' }));
    second = await startApp(t.config, {
      credentialsFactory: new StaticTokenCredentialsFactory(),
      logger: createLogger('silent'),
      db: t.config.database.url ? undefined : t.db,
      now: () => NOW,
    });
  }, 120_000);
  afterAll(async () => {
    await second?.stop();
    await t?.stop();
  });

  it('sends each person the nudge exactly once when both processes run the job at the same time', async () => {
    const jobOf = (app: App) =>
      app.modules
        .find((m) => m.name === 'wellbeing')
        ?.jobs?.find((j) => j.name === 'wellbeing-leave-on-time');
    const [a, b] = [jobOf(t.app), jobOf(second!)];
    expect(a && b).toBeTruthy();
    const before = t.connector.postsPerConversation();
    // The same cron tick in both processes, twice over (a retry), each with its own outbox worker.
    await Promise.all([
      a!.handler({} as never, { jobId: 'a1' }),
      b!.handler({} as never, { jobId: 'b1' }),
      a!.handler({} as never, { jobId: 'a2' }),
    ]);
    const [people] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from employee where active and entra_oid is not null`,
    );
    await until('every nudge to be sent', async () => {
      const [row] = await t.db.query<{ n: number }>(
        sql`select count(*)::int as n from delivery where purpose = 'wellbeing.leave_on_time' and state = 'sent'`,
      );
      return row!.n === people!.n;
    });
    const after = t.connector.postsPerConversation();
    const grew = [...after].filter(([c, n]) => n - (before.get(c) ?? 0) > 0);
    const twice = [...after].filter(([c, n]) => n - (before.get(c) ?? 0) > 1);
    expect(twice).toEqual([]);
    expect(grew).toHaveLength(people!.n);
    // The next tick sends nothing more.
    await b!.handler({} as never, { jobId: 'b2' });
    const [rows] = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from delivery where purpose = 'wellbeing.leave_on_time'`,
    );
    expect(rows!.n).toBe(people!.n);
  }, 120_000);

  it("takes the gap card's answer from that person's manager only, validates it, and stores it", async () => {
    const [p] = await t.db.query<{ id: string; no: string; moid: string; boid: string | null }>(sql`
      select e.id::text as id, e.employee_no as no, m.entra_oid::text as moid,
             (select x.entra_oid::text from employee x where x.id <> e.id and x.id <> m.id and x.entra_oid is not null
               order by x.employee_no limit 1) as boid
        from employee e join employee m on m.id = e.manager_id where m.entra_oid is not null order by e.employee_no limit 1`);
    await storeDays(
      t.db,
      [
        {
          line: 1,
          employeeNo: p!.no,
          date: '2026-10-13',
          startTime: '09:00',
          endTime: '18:00',
          endsNextDay: false,
          overtimeMinutes: 45,
          leaveType: null,
          leaveDays: null,
          leaveMinutes: null,
          inOfficeMinutes: null,
          logonAt: '2026-10-13T08:50',
          logoffAt: '2026-10-13T21:00',
        },
      ],
      { id: null, label: 'test' },
      { source: 'api' },
    );
    const press = (oid: string, data: Record<string, unknown>) =>
      t.sendActivity(
        t.personalActivity(oid, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: 'wellbeing.gap.review', data } },
        }),
      );
    const text = (r: { body: unknown }) => JSON.stringify((r.body as { value: unknown }).value);
    const answer = { employeeId: p!.id, date: '2026-10-13' };
    const stored = () => t.db.query(sql`select outcome from office_gap_review where employee_id = ${p!.id}`);
    // Someone who is not the manager; a tampered outcome; "other" without a reason: nothing stored.
    expect(text(await press(p!.boid!, { ...answer, outcome: 'standby' }))).not.toContain('回答済み');
    expect(text(await press(p!.moid, { ...answer, outcome: 'holiday' }))).not.toContain('回答済み');
    expect(text(await press(p!.moid, { ...answer, outcome: 'other' }))).toContain('理由');
    expect(await stored()).toEqual([]);
    const denied = await t.db.query(
      sql`select 1 from audit_log where action = 'wellbeing.gap.review.denied'`,
    );
    expect(denied).toHaveLength(1);
    const ok = await press(p!.moid, { ...answer, outcome: 'self_study' });
    expect(text(ok)).toContain('回答済み: 自己研鑽');
    expect(await stored()).toEqual([{ outcome: 'self_study' }]);
  }, 60_000);
});
