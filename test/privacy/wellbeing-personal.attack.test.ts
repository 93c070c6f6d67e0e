import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDays } from '../../core/attendance/attendance-import.service.ts';
import { sql } from '../../core/db/sql.ts';
import { createOutboxMessenger } from '../../core/delivery/outbox.messenger.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { sendGapConfirmations } from '../../core/wellbeing/office-gap-cards.service.ts';
import { monthSignals } from '../../core/wellbeing/wellbeing.service.ts';
import { generateAttendance } from '../../core/wellbeing/wellbeing.test-data.ts';
import { PURPOSE, type WellbeingCards } from '../../core/wellbeing/wellbeing-messages.types.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { tabClient } from './attack-client.ts';

/**
 * A person's short rests and in-office gaps (their days) reach only them and the managers of their
 * line: the tab's person view and gap list, the gap answer, and the confirmation card (1:1, to the
 * direct manager). Everyone else — a colleague, a peer manager, an executive or HR with no one below
 * them — is refused, and every third-party read and every refusal is in the audit log.
 */
describe('attack: a person’s wellbeing days', () => {
  let t: TestApp;
  const id: Record<string, string> = {};
  const MONTH = '2026-10';

  beforeAll(async () => {
    t = await startTestApp({ seedDemo: false, overrides: { now: () => new Date('2026-11-05T03:00:00Z') } });
    const db = t.db;
    await db.query(sql`insert into ministry (id, name) values ('m', '試験省')`);
    const [bureau] = await db.query<{ id: string }>(sql`
      insert into bureau (ministry_id, code, name, kind, sort_order) values ('m', 'B1', '試験局', 'headquarters', 1) returning id::text as id`);
    const [office, room] = await db.query<{ id: string }>(sql`
      insert into section (bureau_id, code, name) values (${bureau?.id}, 'S0', '総務課'), (${bureau?.id}, 'S1', '試験室')
      returning id::text as id`);
    const add = async (no: string, section: string, manager: string | null, managerial: boolean) => {
      const [row] = await db.query<{ id: string }>(sql`
        insert into employee (employee_no, entra_oid, family_name, given_name, section_id, manager_id, is_managerial)
        values (${no}, gen_random_uuid(), '試験', ${no}, ${section}, ${manager}, ${managerial}) returning id::text as id`);
      id[no] = row?.id as string;
    };
    await add('HEAD', office!.id, null, true);
    await add('CHIEF', room!.id, id.HEAD!, true);
    await add('A', room!.id, id.CHIEF!, false);
    await add('B', room!.id, id.CHIEF!, false);
    await add('PEER', office!.id, id.HEAD!, true);
    await add('EXEC', office!.id, id.HEAD!, false);
    await add('HR', office!.id, id.HEAD!, false);
    await db.query(sql`
      insert into role_assignment (employee_id, role, bureau_id)
      values (${id.EXEC}, 'executive', ${bureau?.id}), (${id.HR}, 'hr', null)`);
    await storeDays(
      db,
      generateAttendance(Object.keys(id), '2026-10-01', '2026-11-04', 5),
      { id: null, label: 'test' },
      {
        source: 'api',
      },
    );
  }, 60_000);
  afterAll(() => t?.stop());

  const audits = (action: string, actor: string) =>
    t.db.query<{ target_id: string | null; detail: Record<string, unknown> }>(sql`
      select target_id, detail from audit_log where action = ${action} and actor_id = ${id[actor]}`);

  it('shows A’s days to A and to the managers of A’s line only, and audits the managers’ reads', async () => {
    const get = tabClient(t);
    const path = `/wellbeing/people/${id.A}?month=${MONTH}`;
    expect((await get('A', path)).status).toBe(200);
    expect(await audits('wellbeing.person.read', 'A')).toHaveLength(0);
    for (const manager of ['CHIEF', 'HEAD']) {
      expect((await get(manager, path)).status).toBe(200);
      const read = await audits('wellbeing.person.read', manager);
      expect(read.map((r) => r.target_id)).toEqual([id.A]);
    }
    for (const other of ['B', 'PEER', 'EXEC', 'HR']) {
      const reply = await get(other, path);
      expect(reply.status, other).toBe(403);
      expect(reply.text).not.toContain('"shortRests"');
      expect(await audits('wellbeing.person.read', other)).toHaveLength(0);
      const denied = await audits('access.denied', other);
      expect(denied.length, other).toBeGreaterThan(0);
    }
  });

  it('lists gaps of the viewer’s subtree only, audits the list, and refuses (and audits) an answer from outside the line', async () => {
    const get = tabClient(t);
    const signals = await monthSignals(t.db, MONTH, [id.A!, id.B!]);
    const gapsOfRoom = [...signals.gaps.values()].flat().length;
    expect(gapsOfRoom).toBeGreaterThan(0);
    const chief = await get('CHIEF', `/wellbeing/gaps?month=${MONTH}`);
    const items = (chief.json?.items ?? []) as { employeeId: string }[];
    expect(items.length).toBe(gapsOfRoom);
    expect(new Set(items.map((i) => i.employeeId))).toEqual(
      new Set([id.A, id.B].filter((p) => (signals.gaps.get(p!) ?? []).length > 0)),
    );
    expect((await audits('wellbeing.gaps.read', 'CHIEF')).length).toBe(1);
    for (const other of ['PEER', 'EXEC', 'HR', 'B']) {
      const reply = await get(other, `/wellbeing/gaps?month=${MONTH}`);
      const theirs = (reply.json?.items ?? []) as { employeeId: string }[];
      expect(
        theirs.filter((i) => i.employeeId === id.A || i.employeeId === id.B),
        other,
      ).toEqual([]);
    }
    const gap = signals.gaps.get(id.A!)?.[0] ?? signals.gaps.get(id.B!)?.[0];
    const subject = signals.gaps.get(id.A!)?.[0] ? id.A! : id.B!;
    const token = await t.signSsoToken(await t.oidOf('PEER'));
    const res = await fetch(`${t.baseUrl}/api/tab/wellbeing/gaps/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ employeeId: subject, date: gap?.date, outcome: 'self_study' }),
    });
    expect(res.status).toBe(403);
    const denied = await audits('access.denied', 'PEER');
    expect(denied.map((a) => a.target_id)).toContain('POST /api/tab/wellbeing/gaps/review');
    expect(
      await t.db.query(sql`select 1 from office_gap_review where employee_id = ${subject}`),
    ).toHaveLength(0);
  });

  it('sends a gap’s confirmation card 1:1 to the direct manager only, audited as their read', async () => {
    const recording: WellbeingCards = {
      morningRest: () => ({}),
      weeklyRestCount: () => ({}),
      gapConfirmation: (_locale, item) => ({ kind: 'gap', employeeId: item.employeeId }),
      leaveOnTimeNudge: () => ({}),
      stillWorking: () => ({}),
      leaveReport: () => ({}),
    };
    await sendGapConfirmations(
      {
        db: t.db,
        messenger: createOutboxMessenger(t.db, { nudge() {}, onSettled: () => () => {} }, { waitMs: 5 }),
        cards: recording,
        logger: createLogger('silent'),
      },
      new Date('2026-11-05T03:00:00Z'),
    );
    const rows = await t.db.query<{ recipient: string; card: { employeeId: string } }>(sql`
      select recipient, card from delivery where purpose = ${PURPOSE.gap}`);
    expect(rows.length).toBeGreaterThan(0);
    const oids = await t.db.query<{ id: string; oid: string; manager: string | null }>(sql`
      select id::text as id, entra_oid::text as oid, manager_id::text as manager from employee`);
    const oidOf = new Map(oids.map((o) => [o.id, o.oid]));
    const managerOf = new Map(oids.map((o) => [o.id, o.manager]));
    for (const r of rows) {
      // A person's oid (a 1:1 chat), never a channel or group conversation, and their direct manager's.
      expect(r.recipient).toBe(oidOf.get(managerOf.get(r.card.employeeId) ?? ''));
    }
    const cardAudits = await t.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'wellbeing.gap.card'`,
    );
    expect(cardAudits[0]?.n).toBe(rows.length);
  });
});
