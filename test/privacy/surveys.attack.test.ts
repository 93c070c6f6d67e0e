import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildViewer } from '../../core/access/viewer.ts';
import { sql } from '../../core/db/sql.ts';
import { findEmployeeByNo } from '../../core/org/org.repository.ts';
import { parseCsv } from '../../core/shared/csv.ts';
import { createSurveyService } from '../../core/surveys/survey.service.ts';
import { addFourPersonRoom, DAY, profile, pulseDraft, T0 } from '../../core/surveys/survey.test-data.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { tabClient } from './attack-client.ts';
import { findSmallDerivableGroup } from './linear-audit.ts';

/**
 * The attack suite on survey results (issue 20). 300 demo people and a 4-person room (四人室, in
 * 情報通信局 B03) answer; then everyone who may read results — HR, the executive and the WLB officer
 * of B03 (who answered too, so knows one answer) — fetch every view: the results JSON and the CSV.
 * The attacker then:
 * - subtracts: bureau − its shown sections, per option of every question and for free text;
 * - pools all shown groups of all viewers and asks the linear algebra (linear-audit.ts) for any
 *   combination isolating fewer than `floor` answers;
 * - differences over time: reads before and after a colleague answers or edits.
 * Ground truth (which answer row sits in which section) comes from the database, never from the
 * rule under test.
 */

type Group = {
  id: string;
  level: string;
  bureauId: string | null;
  hidden: string | null;
  respondents: number | null;
  questions: ({ kind: string; counts?: number[]; texts?: string[] } | null)[] | null;
};
type Results = { final: boolean; floor: number; groups: Group[] };

describe('survey results resist differencing', () => {
  let t: TestApp;
  let clock = T0;
  let surveyId = '';
  let room: { smallSectionId: string; bureauId: string };
  let get: ReturnType<typeof tabClient>;
  const viewers = ['D00001', 'D00004', 'D00005'];
  const service = () => createSurveyService({ db: t.db, now: () => clock });

  beforeAll(async () => {
    t = await startTestApp({ overrides: { now: () => clock, workJobs: false } });
    room = await addFourPersonRoom(t.db, 'B03');
    get = tabClient(t);
    const hr = await buildViewer(t.db, (await findEmployeeByNo(t.db, 'D00001'))!);
    clock = new Date(T0.getTime() - DAY);
    const s = await service().create(hr, pulseDraft({ remindAt: null }));
    surveyId = s.id;
    await service().launch(hr, s.id);
    // The audience becomes the invitee list when it opens (no cards are needed for this attack).
    await t.db.query(sql`update survey set state = 'open' where id = ${surveyId}`);
    await t.db.query(
      sql`insert into survey_invitee (survey_id, employee_id, section_id) select ${surveyId}, id, section_id from employee where active`,
    );
    clock = new Date(T0.getTime() + 60_000);
    const people = await t.db.query<{ id: string }>(
      sql`select id::text from employee where active order by employee_no`,
    );
    for (const [i, p] of people.entries()) {
      if (i % 29 === 7) continue; // some never answer
      await service().submit(await profile(t.db, p.id), surveyId, undefined, {
        q0: String(((i * 7) % 5) + 1),
        q1: String(i % 3),
        q2: i % 2 === 0 ? `改善案 ${i}` : '',
      });
    }
  }, 180_000);
  afterAll(async () => t?.stop());

  /** Every answer row with its section (the attacker's unknowns). */
  const truth = () =>
    t.db.query<{
      id: string;
      section_id: string;
      bureau_id: string;
      answers: (number | string | null)[];
    }>(sql`
      select a.id::text, a.section_id::text, s.bureau_id::text, a.answers
        from survey_answer a join section s on s.id = a.section_id where a.survey_id = ${surveyId}`);

  it('while open, a read before and after one colleague answers learns nothing of what they answered', async () => {
    const before = (await get('D00001', `/surveys/${surveyId}/results`)).json as Results;
    const late = await t.db.query<{ id: string }>(sql`
      select e.id::text from employee e where e.active
         and not exists (select 1 from survey_respondent r where r.survey_id = ${surveyId} and r.employee_id = e.id) limit 1`);
    await service().submit(await profile(t.db, late[0]?.id as string), surveyId, undefined, {
      q0: '1',
      q1: '0',
      q2: '秘密',
    });
    const after = (await get('D00001', `/surveys/${surveyId}/results`)).json as Results;
    for (const r of [before, after]) {
      expect(r.final).toBe(false);
      expect(r.groups.every((g) => g.questions === null)).toBe(true);
    }
    expect(JSON.stringify(after)).not.toContain('秘密');
  });

  it('after the close: no subtraction or combination of any views isolates fewer than floor answers', async () => {
    clock = new Date(T0.getTime() + 7 * DAY);
    // Answers are frozen from here: nothing can change between two reads.
    const someone = await t.db.query<{ id: string }>(
      sql`select employee_id::text as id from survey_respondent where survey_id = ${surveyId} limit 1`,
    );
    await expect(
      service().submit(await profile(t.db, someone[0]?.id as string), surveyId, undefined, {
        q0: '1',
        q1: '0',
      }),
    ).rejects.toMatchObject({ code: 'gone' });

    // The WLB officer answered too: they know their own answer row.
    const wlb = await findEmployeeByNo(t.db, 'D00005');
    const rows = await truth();
    const floor = ((await get('D00001', `/surveys/${surveyId}/results`)).json as Results).floor;
    const shownSets: string[][] = [];
    const setOf = (g: Group) =>
      rows
        .filter((r) =>
          g.level === 'scope' ? true : g.level === 'bureau' ? r.bureau_id === g.id : r.section_id === g.id,
        )
        .map((r) => r.id);

    for (const no of viewers) {
      const reply = await get(no, `/surveys/${surveyId}/results`);
      expect(reply.status).toBe(200);
      const r = reply.json as Results;
      expect(r.final).toBe(true);
      const scopeBureaus = new Set(r.groups.filter((g) => g.level === 'bureau').map((g) => g.id));
      for (const g of r.groups) {
        if (g.hidden !== null) continue;
        // A viewer scoped to some bureaus sees a scope total over those bureaus only.
        shownSets.push(
          g.level === 'scope' ? rows.filter((x) => scopeBureaus.has(x.bureau_id)).map((x) => x.id) : setOf(g),
        );
      }
      const room4 = r.groups.find((g) => g.id === room.smallSectionId);
      expect(room4).toMatchObject({ hidden: expect.any(String), respondents: null, questions: null });

      // Subtraction, as an attacker does it: the bureau minus its shown sections, per option.
      const bureau = r.groups.find((g) => g.id === room.bureauId);
      if (bureau?.questions) {
        const shown = r.groups.filter(
          (g) => g.level === 'section' && g.bureauId === room.bureauId && g.hidden === null,
        );
        const hiddenSections = r.groups.filter(
          (g) => g.level === 'section' && g.bureauId === room.bureauId && g.hidden !== null,
        );
        const pooled = rows.filter((x) => hiddenSections.some((h) => h.id === x.section_id));
        expect(pooled.length).toBeGreaterThanOrEqual(floor);
        const restRespondents =
          (bureau.respondents ?? 0) - shown.reduce((s, g) => s + (g.respondents ?? 0), 0);
        expect(restRespondents).toBe(pooled.length);
        const inRoom = rows.filter((x) => x.section_id === room.smallSectionId);
        // Per option of the scale question the remainder is the pooled hidden sections', not the room's.
        const counts = (g: Group) => g.questions?.[0]?.counts ?? [0, 0, 0, 0, 0];
        const rest = counts(bureau).map((n, k) => n - shown.reduce((s, g) => s + (counts(g)[k] ?? 0), 0));
        const pooledCounts = [1, 2, 3, 4, 5].map((v) => pooled.filter((x) => x.answers[0] === v).length);
        expect(rest).toEqual(pooledCounts);
        expect(pooled.length).toBeGreaterThan(inRoom.length);
        // Free text: the bureau's texts minus the shown sections' are texts of the pooled sections.
        const texts = (g: Group) => g.questions?.[2]?.texts ?? [];
        const shownTexts = new Set(shown.flatMap(texts));
        const leftover = texts(bureau).filter((x) => !shownTexts.has(x));
        const pooledTexts = pooled.map((x) => x.answers[2]).filter((x): x is string => typeof x === 'string');
        expect(leftover.sort()).toEqual(pooledTexts.sort());
      }

      // The CSV is the same cells: its shown groups add nothing the JSON did not.
      const csv = await get(no, `/surveys/${surveyId}/results.csv`);
      expect(csv.status).toBe(200);
      const { rows: lines } = parseCsv(csv.text.replace(/^\uFEFF/, ''));
      const roomLines = lines.filter((l) => l.values.section === '四人室');
      expect(roomLines.length).toBe(1);
      expect(roomLines[0]?.values).toMatchObject({ respondents: `<${floor}`, count: '', mean: '' });
    }
    const known = new Set<string>();
    if (wlb) {
      const mine = rows.filter((x) => x.section_id === wlb.section.id);
      // Colluding viewers may together know the WLB officer's own answer: count every row of
      // their section it could be as known only if the section is a single answer (worst case).
      if (mine.length === 1) known.add(mine[0]?.id as string);
    }
    expect(findSmallDerivableGroup(shownSets, known, floor)).toBeNull();
  });

  it('an employee with no results role gets 403 for the JSON and the CSV, and each refusal is audited', async () => {
    const before = await t.db.query(sql`select id from audit_log where action = 'access.denied'`);
    expect((await get('D00003', `/surveys/${surveyId}/results`)).status).toBe(403);
    expect((await get('D00003', `/surveys/${surveyId}/results.csv`)).status).toBe(403);
    const after = await t.db.query(sql`select id from audit_log where action = 'access.denied'`);
    expect(after.length - before.length).toBe(2);
  });
});
