import { sql } from '../../core/db/sql.ts';
import { seedDashboardFixtures } from '../e2e/dashboard-fixtures.ts';
import { startTestApp, type TestApp } from '../harness/app.ts';
import { idOf, tabClient } from './attack-client.ts';
import { type PrivacyPersonas, seedPrivacyFixtures } from './privacy-fixtures.ts';

/** The people the findings are replayed as (test/privacy/findings*.test.ts). */
export const CHIEF = 'D00002'; // 情報政策課長: manages the section's staff, not the director-general sitting in it
export const STAFF = 'D00003'; // 情報政策課 係員, has a 100 h alert in FIXTURE_MONTH
export const HR = 'D00001';
export const WLB = 'D00005';

export interface FindingsIds {
  johoSeisaku: string;
  b03: string;
  b05: string;
  b06: string;
  alertId: number;
}

/**
 * The app the privacy findings are replayed against: the dashboard and privacy fixtures, "today"
 * 2026-11-05, a tab client with valid tokens, and the ids the tests aim at (filled into `ids`).
 */
export async function startFindingsApp(
  ids: FindingsIds,
): Promise<{ t: TestApp; get: ReturnType<typeof tabClient>; personas: PrivacyPersonas }> {
  const t = await startTestApp({
    seedDemo: false,
    overrides: { now: () => new Date('2026-11-05T03:00:00Z') },
  });
  await seedDashboardFixtures(t.db);
  const personas = await seedPrivacyFixtures(t.db);
  ids.johoSeisaku = await idOf(
    t.db,
    sql`select section_id::text as id from employee where employee_no = ${CHIEF}`,
  );
  for (const code of ['B03', 'B05', 'B06'] as const)
    ids[code.toLowerCase() as 'b03'] = await idOf(
      t.db,
      sql`select id::text as id from bureau where code = ${code}`,
    );
  const [alert] = await t.db.query<{ id: number }>(sql`
    select a.id::int as id from overtime_alert a join employee e on e.id = a.employee_id where e.employee_no = ${STAFF}`);
  ids.alertId = alert?.id ?? 0;
  return { t, get: tabClient(t), personas };
}
