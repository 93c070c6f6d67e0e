import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { openDue } from './survey.repository.ts';
import { createSurveyService } from './survey.service.ts';
import { DAY, profile, pulseDraft, seedSurveyOrg, staff, T0, viewerWith } from './survey.test-data.ts';

/**
 * People move (人事異動) during and after a round. A viewer's own answer stays where it was
 * counted: the section they were asked in. Were it taken from where they sit now, a results reader
 * who answered in a 5-person section and then moved would be shown that section as 5 unknown
 * answers, subtract their own and read the other 4 — below the floor.
 */

let t: TestDatabase;
let db: Db;
let clock = T0;
const service = () => createSurveyService({ db, now: () => clock });

let fiveRoom = '';
let bigSection = '';
let readerId = '';
let bigReaderId = '';
let surveyId = '';

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await seedSurveyOrg(db);
  // In a bureau without the 4-person room (whose suppression would hide this one as its complement).
  const [room] = await db.query<{ id: string }>(sql`
    insert into section (bureau_id, code, name)
    select id, 'B02-9005', '五人室' from bureau where code = 'B02' returning id::text`);
  fiveRoom = room?.id as string;
  for (let i = 0; i < 5; i++)
    await db.query(sql`
      insert into employee (employee_no, entra_oid, family_name, given_name, section_id, is_managerial)
      values (${`B03-9005-${i}`}, gen_random_uuid(), '室', ${`五人${i}`}, ${fiveRoom}::uuid, false)`);
  const [reader] = await db.query<{ id: string }>(
    sql`select id::text from employee where employee_no = 'B03-9005-0'`,
  );
  readerId = reader?.id as string;
  const [big] = await db.query<{ id: string }>(sql`
    select section_id::text as id from employee where active group by section_id order by count(*) desc limit 1`);
  bigSection = big?.id as string;
  const [other] = await db.query<{ id: string }>(
    sql`select id::text from employee where section_id = ${bigSection}::uuid order by employee_no limit 1`,
  );
  bigReaderId = other?.id as string;

  const hr = await viewerWith(db, readerId, 'hr');
  clock = new Date(T0.getTime() - DAY);
  const s = await service().create(hr, pulseDraft({ remindAt: null, series: null }));
  surveyId = s.id;
  await service().launch(hr, s.id);
  clock = new Date(T0.getTime() + 60_000);
  await openDue(db, clock);
  for (const [i, p] of (await staff(db)).entries())
    await service().submit(await profile(db, p.id), surveyId, undefined, {
      q0: String((i % 5) + 1),
      q1: String(i % 3),
      q2: '',
    });
  clock = new Date(T0.getTime() + 8 * DAY);
}, 180_000);
afterAll(async () => t?.drop());

const fiveRoomFor = async (id = readerId) => {
  const hr = await viewerWith(db, id, 'hr');
  return (await service().results(hr, surveyId)).groups.find((g) => g.id === fiveRoom);
};

describe('a results reader who answered and then moved', () => {
  it('still counts as knowing one answer of the section they answered in', async () => {
    // HR from elsewhere sees the 5 answers; the reader, who is one of them, may not.
    expect(await fiveRoomFor(bigReaderId)).toMatchObject({ hidden: null, respondents: 5 });
    expect(await fiveRoomFor()).toMatchObject({ hidden: 'residual', respondents: null });
    await db.query(sql`update employee set section_id = ${bigSection}::uuid where id = ${readerId}::uuid`);
    expect(await fiveRoomFor()).toMatchObject({ hidden: 'residual', respondents: null });
  });
});
