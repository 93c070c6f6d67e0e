/**
 * The leave-plan reminder run: for every target without a plan, claim the (campaign, person, slot)
 * key, build that person's card (plan grid, annual-leave balance) and hand it to the messenger (a
 * no-op here, so the connector's rate limit is not measured). Baseline: claiming the same keys in
 * one INSERT … SELECT, the floor for the exactly-once bookkeeping alone.
 */
import { leavePlanCard, reminderBanner } from '../../bot/cards/leave/leave.cards.ts';
import { sql } from '../../core/db/sql.ts';
import { writeDemoOrg } from '../../core/demo/demo.seed.ts';
import { insertCampaign } from '../../core/leave/campaign.repository.ts';
import { campaignSchema } from '../../core/leave/campaign.schema.ts';
import { runLeaveReminders } from '../../core/leave/leave-reminders.service.ts';
import { createLogger } from '../../core/shared/logger.ts';
import type { ProactiveMessenger } from '../../core/shared/messenger.ts';
import type { BenchResult } from './bench.types.ts';
import { benchDatabase, timed } from './bench-db.ts';

const STAFF = 5_000;

export default async function bench(): Promise<BenchResult[]> {
  const bench = await benchDatabase();
  try {
    await writeDemoOrg(bench.db, STAFF);
    const definition = campaignSchema.parse({
      kind: 'summer',
      period: { start: '2027-07-01', end: '2027-09-30' },
      targets: { ministryId: 'ministry' },
      openingDate: '2027-06-01',
      deadline: '2027-06-18',
      message: { ja: '夏季の休暇計画を入力してください' },
    });
    const campaignId = await insertCampaign(bench.db, definition, {
      title: 'bench',
      bureauScope: null,
      createdBy: null,
    });
    const other = await insertCampaign(
      bench.db,
      { ...definition, openingDate: '2027-06-02' },
      { title: 'baseline', bureauScope: null, createdBy: null },
    );

    let bytes = 0;
    const messenger: ProactiveMessenger = {
      async sendCard(_to, card) {
        bytes += JSON.stringify(card).length;
        return { ok: true, conversationId: 'c', activityId: 'a' };
      },
      updateCard: async () => ({ ok: false, reason: 'not_found' }),
      deleteMessage: async () => ({ ok: false, reason: 'not_found' }),
    };
    const cards = {
      reminder: (
        model: Parameters<typeof leavePlanCard>[0],
        member: { locale: 'ja' | 'en' },
        slot: Parameters<typeof reminderBanner>[0],
      ) => leavePlanCard(model, member.locale, reminderBanner(slot, member.locale)),
      lowResponse: () => ({}),
      sectionTable: () => ({}),
    };
    const deps = { db: bench.db, messenger, cards, logger: createLogger('silent') };
    // Only the bench campaign is open on 2027-06-01.
    const { ms: runMs, result } = await timed(() =>
      runLeaveReminders(deps, new Date('2027-06-01T09:31:00+09:00')),
    );
    const { ms: rawMs } = await timed(() =>
      bench.db.query(sql`insert into delivery (purpose, subject, recipient, card)
                          select 'leave.reminder', ${`${other}:opening`}, entra_oid::text, '{}'::jsonb
                            from employee where active and entra_oid is not null on conflict do nothing`),
    );
    const perSecond = (result.sent / runMs) * 1000;
    const rawPerSecond = (result.sent / rawMs) * 1000;
    return [
      {
        name: `reminder run, ${result.sent.toLocaleString('en')} people (summer card, ${Math.round(bytes / result.sent / 1024)} KB each)`,
        value: perSecond,
        unit: 'cards/s',
        baseline: { name: 'outbox keys in one INSERT…SELECT', value: rawPerSecond, unit: 'keys/s' },
        ratio: perSecond / rawPerSecond,
        note: `campaign ${campaignId.slice(0, 8)}; Teams allows 50 messages/s per bot, so anything well above 50 cards/s leaves the connector as the limit`,
      },
    ];
  } finally {
    await bench.drop();
  }
}
