/**
 * The overtime alert job on the real server (candidate query, rules, alert rows, deliveries to an
 * instant messenger) over 300k staff against a plain SELECT count(*) of the monthly table it reads.
 * The attendance import has its own bench (attendance-import.bench.ts).
 */
import { overtimeCards } from '../../bot/cards/overtime/overtime.cards.ts';
import { sql } from '../../core/db/sql.ts';
import type { DeliveryRow } from '../../core/delivery/delivery.table.ts';
import { writeDemoOrg } from '../../core/demo/demo.seed.ts';
import { parseOvertimeSettings } from '../../core/overtime/overtime.settings.ts';
import { overtimeAlertPurpose } from '../../core/overtime/overtime-alert.purpose.ts';
import { raiseAlerts } from '../../core/overtime/overtime-alerts.service.ts';
import { tokyoInstant } from '../../core/shared/calendar.ts';
import { createLogger } from '../../core/shared/logger.ts';
import type { BenchResult } from './bench.types.ts';
import { benchDatabase, timed } from './bench-db.ts';

const ALERT_STAFF = 300_000;

async function alertBench(): Promise<BenchResult[]> {
  const bench = await benchDatabase();
  try {
    await writeDemoOrg(bench.db, ALERT_STAFF);
    // Six months of monthly totals straight into the maintained tables (what the job reads):
    // most people well under 45 h, a tail up to ~110 h.
    await bench.db.exec(`
      insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, in_office_minutes, days_recorded, last_work_date)
      select e.id, m::date, e.section_id, e.is_managerial,
             (power(((abs(hashtext(e.employee_no || m::text)) % 1000) / 1000.0), 3) * 6600)::int, 0, 20, (m + interval '27 days')::date
        from employee e cross join generate_series(date '2025-12-01', date '2026-05-01', interval '1 month') as m;
      insert into overtime_year (employee_id, fiscal_year, overtime_minutes, months_over_45h)
      select employee_id, extract(year from month - interval '3 months')::int, sum(overtime_minutes), count(*) filter (where overtime_minutes > 2700)
        from overtime_month group by 1, 2;
      analyze overtime_month; analyze overtime_year;`);
    const { ms: countMs } = await timed(() => bench.db.query(sql`select count(*) from overtime_month`));
    let sent = 0;
    const deps = {
      db: bench.db,
      messenger: {
        sendCard: async () => ({ ok: true as const, conversationId: 'c', activityId: 'a' }),
        updateCard: async () => ({ ok: true as const, conversationId: 'c', activityId: 'a' }),
        deleteMessage: async () => ({ ok: true as const, conversationId: 'c', activityId: 'a' }),
      },
      cards: overtimeCards,
      logger: createLogger('silent'),
      now: () => tokyoInstant('2026-06-10', '09:00'),
      settings: async () => parseOvertimeSettings({}),
      alert100Exempt: async () => true,
    };
    const { ms: raiseMs, result: raised } = await timed(() => raiseAlerts(deps, ['2026-05']));
    // The outbox renders each alert card when it sends it: render every enqueued message (the
    // per-message work besides the connector request, which the announcement benches measure).
    const purpose = overtimeAlertPurpose(deps);
    const { ms: deliverMs } = await timed(async () => {
      const rows = await bench.db.query<DeliveryRow>(
        sql`select id::text, purpose, subject, recipient, version, op, priority, state, attempts from delivery where purpose = 'overtime.alert'`,
      );
      for (const row of rows) if (typeof (await purpose.render!(row)) === 'object') sent++;
    });
    const { ms: rerunMs } = await timed(() => raiseAlerts(deps, ['2026-05']));
    const baseline = { name: 'SELECT count(*) of overtime_month (1.8M rows)', value: countMs, unit: 'ms' };
    return [
      {
        name: `alert evaluation over ${ALERT_STAFF.toLocaleString('en')} staff (${raised.toLocaleString('en')} new alerts)`,
        value: raiseMs,
        unit: 'ms',
        baseline,
        ratio: raiseMs / countMs,
        note: 'lower is better; the candidate query reads only the month and the people near a level',
      },
      {
        name: `rendering their cards at send time (${sent.toLocaleString('en')} cards, outbox render hook, no connector)`,
        value: deliverMs,
        unit: 'ms',
        baseline,
        ratio: deliverMs / countMs,
      },
      { name: 'daily re-run (nothing new)', value: rerunMs, unit: 'ms', baseline, ratio: rerunMs / countMs },
    ];
  } finally {
    await bench.drop();
  }
}

export default async function bench(): Promise<BenchResult[]> {
  return alertBench();
}
