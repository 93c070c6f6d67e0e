import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { migrate } from '../db/migrate.ts';
import { sql } from '../db/sql.ts';
import { writeDemoOrg } from '../demo/demo.seed.ts';
import { isSettled, recordOf } from './delivery-records.repository.ts';

const MIGRATIONS = fileURLToPath(new URL('../db/migrations/', import.meta.url));

/**
 * Migration 0016 moves the per-feature delivery tables into the outbox: what was sent stays sent
 * (so nobody gets a reminder twice after the upgrade), what waited for quiet hours stays waiting.
 */
describe('0016: the per-feature delivery tables move into the outbox', () => {
  let t: TestDatabase;
  let before: string;
  const people: { id: string; oid: string }[] = [];

  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    before = await mkdtemp(join(tmpdir(), 'migrations-'));
    for (const f of await readdir(MIGRATIONS)) if (f < '0016') await cp(join(MIGRATIONS, f), join(before, f));
    await migrate(t.db, `${before}/`);
    await writeDemoOrg(t.db, 20);
    people.push(
      ...(await t.db.query<{ id: string; oid: string }>(
        sql`select id, entra_oid::text as oid from employee where entra_oid is not null order by employee_no limit 3`,
      )),
    );
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
    if (before) await rm(before, { recursive: true, force: true });
  });

  it('keeps sent messages sent, waiting ones due at their time, and drops the old tables', async () => {
    const [staff, chief, exec] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const [alert] = await t.db.query<{ id: number }>(sql`
      insert into overtime_alert (employee_id, period, level, value_minutes, threshold_minutes, detail, raised_on, follow_up, manager_id)
      values (${staff.id}, '2026-05-01', 'month100', 6060, 6000, '{}', '2026-06-10', 'open', ${chief.id}) returning id`);
    const later = '2030-01-01T00:00:00Z';
    await t.db.query(sql`
      insert into overtime_alert_delivery (alert_id, recipient_id, recipient_role, kind, status, not_before, activity_id, conversation_id, sent_at)
      values (${alert!.id}, ${chief.id}, 'manager', 'alert', 'sent', now(), 'act-1', 'a:chief', now()),
             (${alert!.id}, ${staff.id}, 'employee', 'health_notice', 'pending', ${later}::timestamptz, null, null, null)`);
    // A card written through sendCard before this migration: keyed by the Entra id then.
    await t.db.query(sql`
      insert into delivery (purpose, subject, recipient, state, aad_object_id, card)
      values ('overtime.alert', ${`${alert!.id}:escalation`}, ${exec.oid}, 'due', ${exec.oid}, '{}'::jsonb)`);
    await t.db.query(sql`
      insert into overtime_report_delivery (report_month, recipient_id, status, activity_id)
      values ('2026-05-01', ${exec.id}, 'sent', 'act-2')`);
    await t.db.query(sql`
      insert into leave_nudge_delivery (year, recipient_id, audience, status)
      values (2026, ${staff.id}, 'employee', 'sent'), (2026, ${chief.id}, 'manager', 'claimed')`);

    expect(await migrate(t.db)).toContain('0016_outbox_only.sql');

    const alerts = await t.db.query<{
      recipient: string;
      subject: string;
      state: string;
      priority: number;
      ready_at: Date;
      activity_id: string | null;
    }>(
      sql`select recipient, subject, state, priority, ready_at, activity_id from delivery where purpose = 'overtime.alert' order by subject`,
    );
    expect(alerts.map((a) => [a.recipient, a.subject, a.state, a.priority, a.activity_id])).toEqual([
      [chief.id, `${alert!.id}:alert`, 'sent', 0, 'act-1'],
      [exec.id, `${alert!.id}:escalation`, 'due', 1, null],
      [staff.id, `${alert!.id}:health_notice`, 'due', 1, null],
    ]);
    expect(new Date(alerts[2]!.ready_at).toISOString()).toBe(new Date(later).toISOString());
    expect(
      isSettled(
        await recordOf(t.db, { purpose: 'overtime.report', subject: '2026-05', recipient: exec.oid }),
      ),
    ).toBe(true);
    expect(
      isSettled(
        await recordOf(t.db, { purpose: 'leave.nudge', subject: '2026:employee', recipient: staff.oid }),
      ),
    ).toBe(true);
    // A claim a run left behind is not a delivery: the next run asks again.
    expect(
      await recordOf(t.db, { purpose: 'leave.nudge', subject: '2026:manager', recipient: chief.oid }),
    ).toBeUndefined();
    const left = await t.db.query(sql`
      select table_name from information_schema.tables where table_schema = current_schema()
         and table_name in ('overtime_alert_delivery', 'overtime_report_delivery', 'leave_reminder_delivery',
                            'leave_nudge_delivery', 'childcare_reminder_delivery')`);
    expect(left).toEqual([]);
  });
});
