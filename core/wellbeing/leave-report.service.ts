import { viewerDisclosure } from '../access/disclosure.service.ts';
import { accessScope } from '../access/scope.ts';
import { buildViewer } from '../access/viewer.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { findEmployeeById } from '../org/org.repository.ts';
import { isWorkingDay, nextWorkingDay, tokyoDateOf, tokyoTimeOf } from '../shared/calendar.ts';
import { annualLeaveByGroup } from './annual-targets.repository.ts';
import { ANNUAL_LEAVE_TARGET_DAYS } from './annual-targets.rules.ts';
import {
  type Figure,
  monthsFrom,
  periodFigure,
  TARGET_GROUP_LABEL,
  type TargetGroup,
  type Unit,
} from './annual-targets.service.ts';
import type { WellbeingDeps } from './rest-morning.service.ts';
import { PURPOSE } from './wellbeing-messages.types.ts';
import { mayReceive, type Outgoing, sendAll } from './wellbeing-send.ts';

/**
 * The January leave report to executives (seed 002: 年次休暇の取得状況を幹部に報告し前年と比較; the
 * plan's 15 日 per person and calendar year — 年次休暇 is granted per calendar year, 人事院規則15-14
 * 第18条): annual leave per non-managerial person in the year that just ended vs 15 days and vs the
 * year before, for headquarters + agencies, regional branches, the total and each of the
 * executive's bureaus. Aggregates only, each line cut by the executive's own disclosure decision in
 * every month of both years (annual-targets.service.ts periodFigure), as the tab shows them.
 */
export interface LeaveReportLine {
  label: string;
  thisYear: Figure;
  lastYear: Figure;
}

export interface LeaveReport {
  year: number;
  targetDays: number;
  floor: number;
  lines: LeaveReportLine[];
}

export async function leaveReportFor(db: Db, executiveId: string, year: number): Promise<LeaveReport | null> {
  const employee = await findEmployeeById(db, executiveId);
  if (!employee) return null;
  const scope = await accessScope(db, await buildViewer(db, employee));
  if (!scope.orgWide && scope.bureauIds.size === 0) return null;
  const thisYear = monthsFrom(`${year}-01`, `${year}-12`);
  const lastYear = monthsFrom(`${year - 1}-01`, `${year - 1}-12`);
  const bureaus = scope.orgWide ? 'all' : [...scope.bureauIds];
  const [disclosure, leave, names] = await Promise.all([
    viewerDisclosure(db, scope, [...lastYear, ...thisYear]),
    annualLeaveByGroup(db, bureaus, `${year - 1}-01-01`, `${year}-12-31`),
    db.query<{ id: string; name: string }>(sql`select id::text as id, name from bureau order by code`),
  ]);
  const line = (label: string, unit: Unit): LeaveReportLine => ({
    label,
    thisYear: periodFigure(disclosure, leave, unit, thisYear, 1),
    lastYear: periodFigure(disclosure, leave, unit, lastYear, 1),
  });
  const groups: TargetGroup[] = ['other', 'regional', 'total'];
  const own = names.filter((b) => scope.orgWide || scope.bureauIds.has(b.id));
  return {
    year,
    targetDays: ANNUAL_LEAVE_TARGET_DAYS,
    floor: disclosure.floor,
    lines: [
      ...groups.map((g) => line(TARGET_GROUP_LABEL[g], g)),
      ...own.map((b) => line(b.name, { bureauId: b.id })),
    ],
  };
}

/**
 * From the first working day of January (after the 1/1–1/3 closure), 9:00, to the end of the month:
 * each executive gets last year's report once (outbox key = the year), in whichever run and process.
 */
export async function sendJanuaryLeaveReports(deps: WellbeingDeps, now: Date): Promise<number> {
  const today = tokyoDateOf(now);
  const year = Number(today.slice(0, 4));
  if (today.slice(5, 7) !== '01') return 0;
  if (today < nextWorkingDay(`${year}-01-01`) || !isWorkingDay(today) || tokyoTimeOf(now) < '09:00') return 0;
  const key = String(year - 1);
  const executives = await deps.db.query<{ id: string; oid: string; locale: 'ja' | 'en' }>(sql`
    select distinct e.id::text as id, e.entra_oid::text as oid, e.locale
      from role_assignment r join employee e on e.id = r.employee_id and e.active
     where r.role = 'executive' and e.entra_oid is not null`);
  const ids = executives.map((x) => x.id);
  const may = await mayReceive(deps.db, PURPOSE.leaveReport, [key], ids, now);
  const out: Outgoing[] = [];
  for (const x of executives) {
    if (!may(x.id, x.oid, key)) continue;
    const report = await leaveReportFor(deps.db, x.id, year - 1);
    if (!report) continue;
    out.push({
      oid: x.oid,
      purpose: PURPOSE.leaveReport,
      key,
      card: deps.cards.leaveReport(x.locale, report),
    });
  }
  await sendAll(deps.messenger, deps.logger, out);
  return out.length;
}
