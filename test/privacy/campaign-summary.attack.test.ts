import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildViewer } from '../../core/access/viewer.ts';
import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { createOutboxMessenger } from '../../core/delivery/outbox.messenger.ts';
import { createCampaign } from '../../core/leave/campaign.service.ts';
import { savePlanVersion } from '../../core/leave/leave-plan.repository.ts';
import { runLeaveReminders } from '../../core/leave/leave-reminders.service.ts';
import { sectionTableFor } from '../../core/leave/section-plan.service.ts';
import { findEmployeeById } from '../../core/org/org.repository.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { createTestDatabase, type TestDatabase } from '../harness/db.ts';

/**
 * The low-response summary a section chief gets the day before a campaign's deadline. A chief who
 * does not manage everyone in the section (one person reports past them to the bureau head) reads
 * their own people's answers on the section table; the summary's "answered" count over the whole
 * section minus those is whether the one other person answered. Two worlds that differ only in that
 * person's answer must give the chief the same card. After the deadline the chief gets the plan
 * table by bot: it must hold no more people than the tab's table shows them (their subtree).
 */

const at = (date: string, time: string) => new Date(`${date}T${time}:00+09:00`);
type Sections = { name: string; members: number | string; responded: number | string | null }[];

describe('attack: a campaign response count to a chief who knows part of the section', () => {
  let database: TestDatabase;
  let db: Db;
  const ids: Record<string, string> = {};

  const person = async (key: string, no: string, section: string, manager: string | null, mgr: boolean) => {
    const [row] = await db.query<{ id: string }>(sql`
      insert into employee (employee_no, entra_oid, family_name, given_name, section_id, manager_id, is_managerial)
      values (${no}, gen_random_uuid(), '試験', ${key}, ${section}, ${manager}, ${mgr}) returning id::text as id`);
    ids[key] = row?.id as string;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await db.query(sql`insert into ministry (id, name) values ('m', '試験省')`);
    const [bureau] = await db.query<{ id: string }>(sql`
      insert into bureau (ministry_id, code, name, kind, sort_order) values ('m', 'B1', '試験局', 'headquarters', 1) returning id::text as id`);
    const [office, room] = await db.query<{ id: string }>(sql`
      insert into section (bureau_id, code, name) values (${bureau?.id}, 'S0', '総務課'), (${bureau?.id}, 'S1', '試験室')
      returning id::text as id`);
    await person('head', 'H1', office?.id as string, null, true);
    await person('chief', 'C1', room?.id as string, ids.head!, true);
    for (const k of ['a', 'b', 'c']) await person(k, `N${k}`, room?.id as string, ids.chief!, false);
    // Reports past the chief, to the head: not in the chief's subtree.
    await person('outsider', 'X1', room?.id as string, ids.head!, false);
    ids.room = room?.id as string;
  }, 60_000);
  afterAll(() => database?.drop());

  /** One campaign for the room; the chief's people a answered; the outsider as given. */
  const world = async (year: number, outsiderAnswers: boolean) => {
    const campaign = await createCampaign(
      db,
      { kind: 'cli', label: 'test' },
      {
        kind: 'gw',
        year,
        targets: { sectionIds: [ids.room] },
        openingDate: `${year}-03-01`,
        deadline: `${year}-04-09`,
        message: { ja: 'GWの計画を' },
      },
      at(`${year}-02-01`, '10:00'),
    );
    for (const who of outsiderAnswers ? ['a', 'outsider'] : ['a'])
      await savePlanVersion(db, {
        campaignId: campaign.id,
        employeeId: ids[who]!,
        baseVersion: null,
        entries: [{ date: `${year}-04-30`, kind: 'annual_full' }],
        note: null,
        submittedBy: ids[who]!,
      });
    const cards: { campaignId: string; sections: Sections }[] = [];
    await runLeaveReminders(
      {
        db,
        messenger: createOutboxMessenger(db, { nudge() {}, onSettled: () => () => {} }, { waitMs: 5 }),
        cards: {
          reminder: () => ({ kind: 'reminder' }),
          lowResponse: (c, _locale, sections) => {
            cards.push({ campaignId: c.id, sections });
            return { kind: 'low-response', sections };
          },
          sectionTable: () => ({ kind: 'section-table' }),
        },
        logger: createLogger('silent'),
      },
      at(`${year}-04-08`, '17:00'),
    );
    return {
      campaign,
      sections: cards.filter((c) => c.campaignId === campaign.id).map((c) => c.sections),
    };
  };

  it('gives the chief the same summary whether or not the person outside their subtree answered', async () => {
    const answered = await world(2027, true);
    const silent = await world(2032, false);
    // The chief reads their own people's answers on the section table (their subtree only).
    const viewer = await buildViewer(db, (await findEmployeeById(db, ids.chief!))!);
    const table = await sectionTableFor(db, viewer, silent.campaign.id, ids.room!);
    expect(table.rows.map((r) => r.employeeNo).sort()).toEqual(['Na', 'Nb', 'Nc']);
    // The summary itself: sent in both worlds (the rate is low either way), and the same.
    expect(answered.sections.length).toBe(silent.sections.length);
    expect(answered.sections).toEqual(silent.sections);
    expect(answered.sections.length).toBeGreaterThan(0);
    // What it shows is the chief's own people (themself and a, b, c): one of four answered.
    expect(silent.sections[0]).toEqual([{ name: '試験室', members: 4, responded: 1, staffOnly: true }]);
  });

  it('sends the chief, after the deadline, the plan table of their own people only, audited as their read', async () => {
    const { campaign } = await world(2030, true);
    const tables: { employeeNo: string }[][] = [];
    const staffOnly: boolean[] = [];
    await runLeaveReminders(
      {
        db,
        messenger: createOutboxMessenger(db, { nudge() {}, onSettled: () => () => {} }, { waitMs: 5 }),
        cards: {
          reminder: () => ({ kind: 'reminder' }),
          lowResponse: () => ({ kind: 'low-response' }),
          sectionTable: (c, _locale, table) => {
            if (c.id === campaign.id) {
              tables.push(table.rows.map((r) => ({ employeeNo: r.employeeNo })));
              staffOnly.push(table.staffOnly);
            }
            return { kind: 'section-table' };
          },
        },
        logger: createLogger('silent'),
      },
      at('2030-04-10', '17:00'),
    );
    expect(tables.length).toBe(1);
    // …and the card says it covers the chief's own people, not the section.
    expect(staffOnly).toEqual([true]);
    // The outsider's plan (they answered) is not the chief's to read: the tab shows it to HR only.
    const shown = tables[0]!.map((r) => r.employeeNo).sort();
    expect(shown).not.toContain('X1');
    expect(shown.every((no) => ['C1', 'Na', 'Nb', 'Nc'].includes(no))).toBe(true);
    const audited = await db.query<{ detail: { subjectIds?: string[] } }>(sql`
      select detail from audit_log where actor_id = ${ids.chief} and action = 'leave.section_table.card'`);
    expect(audited.length).toBe(1);
    expect(audited[0]?.detail.subjectIds ?? []).not.toContain(ids.outsider);
  });
});
