import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildViewer } from '../../core/access/viewer.ts';
import { sql } from '../../core/db/sql.ts';
import { createCampaign } from '../../core/leave/campaign.service.ts';
import { savePlanVersion } from '../../core/leave/leave-plan.repository.ts';
import { findEmployeeById } from '../../core/org/org.repository.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { tabClient } from './attack-client.ts';

/**
 * The campaign list (/api/tab/leave/campaigns) gives a WLB officer the target and answer counts of
 * their bureau's campaigns. A campaign for a two-person room, one of them the officer: the answer
 * count minus their own answer is whether the other person answered. The dashboard's campaign line
 * hides that figure under the floor; the list must not show it either. Two campaigns that differ
 * only in the other person's answer must look the same.
 */
describe('attack: campaign answer counts on the campaign list', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ seedDemo: false, overrides: { now: () => new Date('2027-02-01T01:00:00Z') } });
    const db = t.db;
    await db.query(sql`insert into ministry (id, name) values ('m', '試験省')`);
    const [bureau] = await db.query<{ id: string }>(sql`
      insert into bureau (ministry_id, code, name, kind, sort_order) values ('m', 'B1', '試験局', 'headquarters', 1) returning id::text as id`);
    const [room] = await db.query<{ id: string }>(sql`
      insert into section (bureau_id, code, name) values (${bureau?.id}, 'S0', '二人室') returning id::text as id`);
    const [head] = await db.query<{ id: string }>(sql`
      insert into employee (employee_no, entra_oid, family_name, given_name, section_id, manager_id, is_managerial)
      values ('H1', gen_random_uuid(), '試験', '局長', ${room?.id}, null, true) returning id::text as id`);
    const [wlb] = await db.query<{ id: string }>(sql`
      insert into employee (employee_no, entra_oid, family_name, given_name, section_id, manager_id, is_managerial)
      values ('W1', gen_random_uuid(), '試験', '担当', ${room?.id}, ${head?.id}, false) returning id::text as id`);
    await db.query(
      sql`insert into role_assignment (employee_id, role, bureau_id) values (${wlb?.id}, 'wlb_officer', ${bureau?.id})`,
    );
    Object.assign(ids, { room: room?.id, head: head?.id, wlb: wlb?.id });
  }, 60_000);
  afterAll(() => t?.stop());

  it('shows the officer the same counts whether or not the other person answered', async () => {
    const viewer = await buildViewer(t.db, (await findEmployeeById(t.db, ids.wlb!))!);
    const campaign = async (title: string, headAnswers: boolean) => {
      const c = await createCampaign(
        t.db,
        { kind: 'viewer', viewer },
        {
          kind: 'gw',
          year: 2027,
          targets: { sectionIds: [ids.room] },
          openingDate: '2027-03-01',
          deadline: '2027-04-09',
          message: { ja: title },
        },
        new Date('2027-02-01T01:00:00Z'),
      );
      if (headAnswers)
        await savePlanVersion(t.db, {
          campaignId: c.id,
          employeeId: ids.head!,
          baseVersion: null,
          entries: [{ date: '2027-04-30', kind: 'annual_full' }],
          note: null,
          submittedBy: ids.head!,
        });
      return c.id;
    };
    const answered = await campaign('答えた', true);
    const silent = await campaign('答えていない', false);
    const reply = await tabClient(t)('W1', '/leave/campaigns');
    expect(reply.status).toBe(200);
    const rows = (reply.json?.campaigns ?? []) as {
      id: string;
      targets: number | null;
      responded: number | null;
    }[];
    const row = (id: string) => rows.find((r) => r.id === id);
    expect(row(answered)).toBeDefined();
    expect(row(answered)?.responded).toEqual(row(silent)?.responded);
  });
});
