import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness/db.ts';
import { writeSetting } from '../settings/settings.repository.ts';
import { findEmployeeByNo } from './org.repository.ts';
import { importOrgCsv } from './org-import.service.ts';
import { getPreferences, quietHoursOf, savePreferences } from './preference.repository.ts';

describe('quiet hours: personal choice over the org-wide 設定 value', () => {
  let t: TestDatabase;
  let staff: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    await importOrgCsv(t.db, await readFile(new URL('../../test/fixtures/org-sample.csv', import.meta.url)), {
      id: null,
      label: 'test',
    });
    staff = (await findEmployeeByNo(t.db, 'S0002'))!.id;
    admin = (await findEmployeeByNo(t.db, 'S0001'))!.id;
  });
  afterAll(() => t.drop());

  it('gives someone without a preference the org-wide hours, following later changes', async () => {
    expect(await getPreferences(t.db, staff)).toEqual({ quietStart: '20:00', quietEnd: '08:00' });
    await writeSetting(t.db, 'quietHours', { start: '19:00', end: '09:30' }, admin);
    expect(await getPreferences(t.db, staff)).toEqual({ quietStart: '19:00', quietEnd: '09:30' });
  });

  it("keeps a person's own choice whatever the org-wide value", async () => {
    await savePreferences(t.db, staff, { quietStart: '22:00', quietEnd: '07:00' });
    await writeSetting(t.db, 'quietHours', { start: '18:00', end: '10:00' }, admin);
    expect(await getPreferences(t.db, staff)).toEqual({ quietStart: '22:00', quietEnd: '07:00' });
    expect(await getPreferences(t.db, admin)).toEqual({ quietStart: '18:00', quietEnd: '10:00' });
  });

  it('answers for everyone at once when senders ask (own hours, else the org-wide ones)', async () => {
    // After the test above: staff chose 22:00–07:00, the org-wide value is 18:00–10:00.
    const hours = await quietHoursOf(t.db, [staff, admin]);
    expect(hours.get(staff)).toEqual({ start: '22:00', end: '07:00' });
    expect(hours.get(admin)).toEqual({ start: '18:00', end: '10:00' });
  });
});
