/**
 * Dashboard API at ministry scale on the real server: 300k staff (the demo generator) × 24 months
 * of monthly totals and the first days of the running month (the risk page's), and their maintained section/bureau aggregates, with the latest month's
 * attendance days filled too (6.6M rows of attendance_day: the views must not depend on an empty
 * day table). Each call (viewer from the org tree, access scope, group-size floor, figures, trend,
 * alerts, leave) is timed 100 times; p50 and p95 are compared with one full sequential scan of the
 * monthly table in the same run, timed three times (the median is the baseline). SPEC §9: p95 ≤ 5 %
 * of that scan and < 200 ms. Each call builds a new viewer and scope, as each request does; the
 * "first request" cases also clear the disclosure caches and the kept subtrees (core/access/scope.ts),
 * so nothing is served from memory.
 */
import os from 'node:os';
// The capabilities' settings, as the server modules register them (the risk page reads 'overtime').
import '../harness/settings.setup.ts';
import { invalidateDisclosures } from '../../core/access/disclosure.service.ts';
import { forgetSubtrees, groupScope } from '../../core/access/scope.ts';
import { buildViewer } from '../../core/access/viewer.ts';
import {
  bureauView,
  type DashboardContext,
  overview,
  sectionView,
} from '../../core/dashboard/dashboard.service.ts';
import { riskView } from '../../core/dashboard/risk.service.ts';
import type { Db } from '../../core/db/db.ts';
import { sql } from '../../core/db/sql.ts';
import { writeDemoOrg } from '../../core/demo/demo.seed.ts';
import { findEmployeeByNo } from '../../core/org/org.repository.ts';
import type { BenchResult } from './bench.types.ts';
import { benchDatabase, timed } from './bench-db.ts';

/** `npm run bench -- dashboard --staff=3000` for a quick try; the recorded figures are at 300k. */
const STAFF = Number(process.argv.find((a) => a.startsWith('--staff='))?.slice(8) ?? 300_000);
const MONTH = '2026-10';
// 100 timed calls: the p95 of 30 was the second slowest, one scheduling hiccup of a shared machine.
const RUNS = 100;
const WARM_UP = 20;

export async function seedMonths(db: Db): Promise<number> {
  // 24 months: most people well under 45 h, a tail past 100 h (as in the overtime bench).
  await db.exec(`
    set local work_mem = '256MB';
    insert into overtime_month (employee_id, month, section_id, is_managerial, overtime_minutes, in_office_minutes, days_recorded, last_work_date)
    select e.id, m::date, e.section_id, e.is_managerial,
           (power(((abs(hashtext(e.employee_no || m::text)) % 1000) / 1000.0), 3) * 6600 * f.part)::int, 0, f.days,
           m::date + f.last
      from employee e cross join generate_series(date '2024-11-01', date '2026-11-01', interval '1 month') as m
      -- November is the running month of the risk page (today 2026-11-05): its first 3 working days.
      cross join lateral (select case when m = date '2026-11-01' then 0.15 else 1 end as part,
                                 case when m = date '2026-11-01' then 3 else 20 end as days,
                                 case when m = date '2026-11-01' then 3 else 27 end as last) f;
    insert into overtime_section_month (section_id, month, staff_count, total_minutes, nm_staff_count, nm_total_minutes,
                                        nm_ge_45h, nm_ge_80h, nm_ge_100h, ge_100h)
    select section_id, month, count(*), sum(overtime_minutes), count(*) filter (where not is_managerial),
           coalesce(sum(overtime_minutes) filter (where not is_managerial), 0),
           count(*) filter (where not is_managerial and overtime_minutes >= 2700),
           count(*) filter (where not is_managerial and overtime_minutes >= 4800),
           count(*) filter (where not is_managerial and overtime_minutes >= 6000),
           count(*) filter (where overtime_minutes >= 6000)
      from overtime_month group by section_id, month;
    insert into overtime_bureau_month (bureau_id, month, staff_count, total_minutes, nm_staff_count, nm_total_minutes,
                                       nm_ge_45h, nm_ge_80h, nm_ge_100h, ge_100h)
    select s.bureau_id, m.month, sum(staff_count), sum(total_minutes), sum(nm_staff_count), sum(nm_total_minutes),
           sum(nm_ge_45h), sum(nm_ge_80h), sum(nm_ge_100h), sum(ge_100h)
      from overtime_section_month m join section s on s.id = m.section_id group by s.bureau_id, m.month;
    insert into overtime_alert (employee_id, period, level, value_minutes, threshold_minutes, raised_on, follow_up)
    select employee_id, month, 'month100', overtime_minutes, 6000, month + 27, case when overtime_minutes % 2 = 0 then 'open' else 'acted' end
      from overtime_month where overtime_minutes >= 6000;
    insert into attendance_import (source, row_count) values ('demo', 0);
    -- October's days (31 of them: every slot of the person-month arrays, migration 0017), weekdays worked.
    insert into attendance_month (employee_id, month, day_mask, start_time, end_time, ends_next_day, overtime_minutes,
                                  leave_type, leave_days, leave_minutes, in_office_minutes, logon_at, logoff_at, import_id)
    select e.id, date '2026-10-01',
           bit_or(case when x.worked then 1 << (x.slot - 1) else 0 end),
           array_agg(case when x.worked then time '09:00' end order by x.slot),
           array_agg(case when x.worked then time '18:00' + make_interval(mins => x.h) end order by x.slot),
           array_agg(case when x.worked then false end order by x.slot),
           array_agg(case when x.worked then x.h end order by x.slot),
           array_agg(null::text order by x.slot), array_agg(null::numeric order by x.slot),
           array_agg(null::int order by x.slot), array_agg(null::int order by x.slot),
           array_agg(null::timestamp order by x.slot), array_agg(null::timestamp order by x.slot),
           (select max(id) from attendance_import)
      from employee e
      cross join lateral (
        select extract(day from d)::int as slot, extract(isodow from d) < 6 as worked,
               abs(hashtext(e.employee_no || d::date::text)) % 240 as h
          from generate_series(date '2026-10-01', date '2026-10-31', interval '1 day') as d) x
     group by e.id;
    analyze;`);
  const [row] = await db.query<{ n: number }>(sql`select count(*)::int as n from overtime_month`);
  return row?.n ?? 0;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

interface Timing {
  p50: number;
  p95: number;
  load: number;
}

/**
 * Warms a call up as a running server is (its caches filled, its code compiled: V8 takes some twenty
 * calls of a page to compile it to the end, and the slower early calls were the p95 of the thirty
 * timed when three warmed up), then times RUNS calls. The "first request" cases still clear the
 * data caches before every call.
 */
async function timeCalls(call: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < WARM_UP; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await timed(call)).ms);
  times.sort((x, y) => x - y);
  return { p50: percentile(times, 50), p95: percentile(times, 95), load: os.loadavg()[0] ?? 0 };
}

export default async function bench(): Promise<BenchResult[]> {
  const b = await benchDatabase();
  try {
    const context = async (employeeNo: string): Promise<DashboardContext> => {
      const employee = await findEmployeeByNo(b.db, employeeNo);
      if (!employee) throw new Error(`no ${employeeNo}`);
      const viewer = await buildViewer(b.db, employee);
      return {
        db: b.db,
        scope: await groupScope(b.db, viewer),
        month: MONTH,
        minGroupSize: 5,
        today: '2026-11-05',
      };
    };
    const risk = async (employeeNo: string) => {
      const ctx = await context(employeeNo);
      return riskView(b.db, ctx.scope.viewer, ctx.scope, ctx.today);
    };
    await writeDemoOrg(b.db, STAFF);
    const rows = await b.db.transaction((tx) => seedMonths(tx));
    // Right after the import, before autovacuum has marked the pages all-visible (migration 0030 has
    // it come within a minute or two): the risk page's index ranges still visit the table.
    const afterImport = await timeCalls(async () => risk('D00004'));
    // What autovacuum then does to the table the import rewrote (only that one is tuned to come soon).
    await b.db.exec('vacuum overtime_month');
    const [b01] = await b.db.query<{ id: string }>(sql`select id::text as id from bureau where code = 'B01'`);
    const chief = await findEmployeeByNo(b.db, 'D00002');

    // Baseline: a full sequential scan of the monthly table (sum forces reading every row).
    const scans: number[] = [];
    for (let i = 0; i < 3; i++)
      scans.push(
        (
          await timed(() =>
            b.db.query(sql`select sum(overtime_minutes)::bigint, count(*) from overtime_month`),
          )
        ).ms,
      );
    const scanMs = scans.sort((x, y) => x - y)[1] ?? 0;
    const [days] = await b.db.query<{ n: number }>(sql`select count(*)::int as n from attendance_day`);
    const baseline = {
      name: `full scan of overtime_month (${rows.toLocaleString('en')} rows; attendance_day ${days?.n.toLocaleString('en')} rows), median of 3 (${scans.map((x) => x.toFixed(0)).join(' / ')} ms)`,
      value: scanMs,
      unit: 'ms',
    };

    const calls: [string, () => Promise<unknown>][] = [
      ['GET /dashboard as HR (all 8 bureaus)', async () => overview(await context('D00001'))],
      [
        'GET /dashboard/bureaus/:id as HR (大臣官房)',
        async () => bureauView(await context('D00001'), b01?.id ?? ''),
      ],
      [
        'GET /dashboard as the 局長 of 情報通信局 (executive; the whole bureau is his subtree)',
        async () => overview(await context('D00004')),
      ],
      [
        'GET /dashboard as the 局長, first request (disclosure caches and kept subtrees cleared)',
        async () => {
          invalidateDisclosures();
          forgetSubtrees();
          return overview(await context('D00004'));
        },
      ],
      ['GET /dashboard/risk as the 局長 (his whole bureau, by name)', async () => risk('D00004')],
      [
        'GET /dashboard/sections/:id as a section chief (with the first 200 people)',
        async () => sectionView(await context('D00002'), chief?.section.id ?? ''),
      ],
      [
        'GET /dashboard as a section chief (a manager without a bureau role), first request',
        async () => {
          invalidateDisclosures();
          forgetSubtrees();
          return overview(await context('D00002'));
        },
      ],
      ['GET /dashboard/risk as a section chief', async () => risk('D00002')],
    ];
    const result = (name: string, { p50, p95, load }: Timing, goal = true): BenchResult => ({
      name: `${name}: p95`,
      value: p95,
      unit: 'ms',
      baseline,
      ratio: p95 / scanMs,
      note: `p50 ${p50.toFixed(1)} ms; ${RUNS} calls after ${WARM_UP} to warm up; load average ${load.toFixed(1)}; ${goal ? 'goal p95 ≤ 0.05 of the scan and < 200 ms' : 'not a goal row'} (service call without HTTP)`,
    });
    const results: BenchResult[] = [];
    for (const [name, call] of calls) results.push(result(name, await timeCalls(call)));
    results.push(
      result(
        'GET /dashboard/risk as the 局長 right after the import, before autovacuum (pages not yet all-visible)',
        afterImport,
        false,
      ),
    );
    return results;
  } finally {
    await b.drop();
  }
}
