import type { PersonRisk, RiskLevel, RiskView } from '../../contracts/tab-api/dashboard.contract.ts';
import { auditPersonalRead, type GroupScope } from '../access/scope.ts';
import type { Viewer } from '../access/viewer.ts';
import type { Db } from '../db/db.ts';
import { monthProjector } from '../overtime/overtime.rules.ts';
import { readSetting } from '../settings/settings.repository.ts';
import { eachDay, lastDayOfMonth } from '../shared/calendar.ts';
import {
  type OpenAlert,
  openAlertCount,
  openAlertsOf,
  openAlertTotalOf,
  type PaceFactor,
  runningMonthAtRisk,
} from './risk.repository.ts';

/** Open alerts listed by name on the page (oldest first); openAlertsTotal says how many there are. */
export const RISK_ALERTS_LIMIT = 100;
/** People at risk listed by name (most at risk first); atRiskTotal says how many there are. */
export const RISK_PEOPLE_LIMIT = 200;

export type { PersonRisk, RiskLevel, RiskView };

/**
 * The 課長's question — who will reach 45/80/100 h this month? — answered with the same pace rule
 * the bot uses (projectMonthEnd: month-to-date × working days in month / working days elapsed),
 * compared with the month levels and the pace levels of 設定 (45 h, 80 h, 100 h by default).
 */
export async function riskView(db: Db, viewer: Viewer, scope: GroupScope, today: string): Promise<RiskView> {
  const month = today.slice(0, 7);
  // The viewer's own people (org_closure); someone who manages nobody has none.
  const manages = scope.subtreeSize > 0;
  const me = scope.viewer.employee.id;
  const settings = await readSetting(db, 'overtime');
  const levels = {
    over45: settings.monthLevels.month45,
    over80: settings.paceLevels.pace80,
    over100: settings.paceLevels.pace100,
  };
  const empty = { people: [], atRisk: 0, withData: 0 };
  const project = monthProjector(month);
  const [running, openAlerts, count] = await Promise.all([
    // Only the people projected at or over the lowest level are read by name (and audited).
    manages
      ? runningMonthAtRisk(db, me, month, paceFactors(month, project), levels.over45, RISK_PEOPLE_LIMIT)
      : Promise.resolve(empty),
    manages ? firstOpenAlerts(db, me, scope.subtreeSize) : Promise.resolve({ list: [], total: 0 }),
    scope.orgWide || scope.bureauIds.size > 0
      ? openAlertCount(db, scope.orgWide ? null : [...scope.bureauIds])
      : Promise.resolve(-1),
  ]);
  const people = running.people
    .map((r): PersonRisk => {
      const p = project(r.lastWorkDate, r.minutes);
      const level: RiskLevel =
        p.projectedMinutes >= levels.over100
          ? 'over100'
          : p.projectedMinutes >= levels.over80
            ? 'over80'
            : p.projectedMinutes >= levels.over45
              ? 'over45'
              : 'none';
      return {
        employeeId: r.employeeId,
        employeeNo: r.employeeNo,
        name: r.name,
        sectionName: r.sectionName,
        minutesSoFar: r.minutes,
        projectedMinutes: p.projectedMinutes,
        basis: p.basis,
        level,
        asOf: r.lastWorkDate,
        workingDaysElapsed: p.workingDaysElapsed,
        workingDaysInMonth: p.workingDaysInMonth,
      };
    })
    .sort((a, b) => b.projectedMinutes - a.projectedMinutes || a.employeeNo.localeCompare(b.employeeNo));
  await auditPersonalRead(db, viewer, {
    action: 'dashboard.risk_read',
    subjectIds: [
      ...new Set([...people.map((p) => p.employeeId), ...openAlerts.list.map((a) => a.employeeId)]),
    ],
    detail: { month },
  });
  // A manager without a bureau scope counts the open alerts of their own people.
  return {
    month,
    levels,
    people,
    atRiskTotal: running.atRisk,
    peopleWithData: running.withData,
    openAlerts: openAlerts.list,
    openAlertsTotal: openAlerts.total,
    openAlertCount: count < 0 ? openAlerts.total : count,
  };
}

/**
 * The factor projectMonthEnd applies for each date of the month a person's record may end at:
 * working days in the month over working days elapsed (1 when none has passed, or all have).
 */
export function paceFactors(month: string, project = monthProjector(month)): PaceFactor[] {
  const days = eachDay(`${month}-01`, lastDayOfMonth(month));
  return days.map((date) => {
    const p = project(date, 0);
    return p.basis === 'pace'
      ? { date, num: p.workingDaysInMonth, den: p.workingDaysElapsed }
      : { date, num: 1, den: 1 };
  });
}

/**
 * The oldest open alerts of the manager's people, by the cheaper of the two reads (openAlertsOf):
 * in date order, about RISK_ALERTS_LIMIT × (all open ÷ theirs) entries until the list is full, or
 * one probe per person below the manager.
 */
async function firstOpenAlerts(
  db: Db,
  managerId: string,
  people: number,
): Promise<{ list: OpenAlert[]; total: number }> {
  const [total, all] = await Promise.all([openAlertTotalOf(db, managerId), openAlertCount(db, null)]);
  if (total <= 0) return { list: [], total: 0 };
  const byDate = Math.min(all, (RISK_ALERTS_LIMIT * all) / total);
  const list = await openAlertsOf(
    db,
    managerId,
    RISK_ALERTS_LIMIT,
    byDate < people ? 'by_date' : 'by_person',
  );
  return { list, total };
}
