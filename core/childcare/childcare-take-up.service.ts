import { disclose, type HiddenReason } from '../access/disclosure.rules.ts';
import { disclosureFloor } from '../access/disclosure.service.ts';
import type { GroupScope } from '../access/scope.ts';
import type { Db } from '../db/db.ts';
import { addDays, type IsoDate } from '../shared/calendar.ts';
import { leaveTypeDays } from '../wellbeing/wellbeing.repository.ts';
import { bornCases, bureauNames, loadChildcareSettings } from './childcare.repository.ts';
import type { CaseListRow } from './childcare.table.ts';
import { takeUpRowFromAttendance } from './childcare-attendance.rules.ts';
import { planOf } from './childcare-case.ts';
import {
  compareWithTargets,
  type TakeUpRates,
  type TakeUpRow,
  type TargetComparison,
  takeUpRates,
  takeUpRowOf,
} from './childcare-targets.rules.ts';

/**
 * Take-up against the three targets (seed 000, 004) per bureau and for the viewer's bureaus
 * together, cut by the one disclosure rule: the births of a fiscal year are the group, the sum of the
 * bureaus is their parent, and a bureau whose births the viewer knows one by one (its WLB officer
 * reads every plan) counts as known. The tab's take-up page and the dashboard both read this.
 */

export interface TakeUpFigure {
  met: number | null;
  rate: number | null;
}

export interface TakeUpCell {
  births: number | null;
  hidden: HiddenReason | null;
  specialLeave5Days: TakeUpFigure;
  childcareLeave2Weeks: TakeUpFigure;
  firstYear1Month: TakeUpFigure;
}

export interface TakeUpView {
  fiscalYear: number;
  minGroupSize: number;
  bureaus: { bureau: { id: string; name: string }; figures: TakeUpCell; targets: TargetComparison[] }[];
  total: TakeUpCell;
  /** The total against the plan's targets; rates null when the total is hidden. */
  targets: TargetComparison[];
  /**
   * Where each set of rates comes from: the figures above count the ranges the sheet marks 'taken'
   * (育児シート); `fromAttendance` counts the leave the attendance data records (休暇種別 of the
   * father's days: 配偶者出産休暇, 育児参加のための休暇, 育児休業), by the same rules, over the same
   * births, cut by the same disclosure decision.
   */
  sources: { figures: 'plan'; fromAttendance: 'attendance' };
  fromAttendance: {
    bureaus: { bureauId: string; figures: TakeUpCell }[];
    total: TakeUpCell;
    targets: TargetComparison[];
  };
}

const TOTAL_ID = 'take-up:total';
const TARGETS = ['specialLeave5Days', 'childcareLeave2Weeks', 'firstYear1Month'] as const;

/** The bureaus whose take-up the viewer may see: all for hr/admin, else those of their executive / WLB roles. */
export function takeUpBureaus(scope: GroupScope): ReadonlySet<string> | 'all' {
  return scope.orgWide ? 'all' : scope.bureauIds;
}

export async function takeUpFor(
  db: Db,
  scope: GroupScope,
  fiscalYear: number,
  options: { asOf?: IsoDate; floor?: number } = {},
): Promise<TakeUpView> {
  const floor = options.floor ?? (await disclosureFloor(db));
  const settings = await loadChildcareSettings(db);
  const allowed = takeUpBureaus(scope);
  const bureaus = (await bureauNames(db)).filter((b) => allowed === 'all' || allowed.has(b.id));
  const inScope = new Set(bureaus.map((b) => b.id));
  const cases = (await bornCases(db)).filter((c) => inScope.has(c.bureau_id));
  // A reported birth without a sheet still counts: a father who took nothing.
  const toRow = (r: CaseListRow): TakeUpRow | null => {
    const plan = r.answers ? planOf(r, r.answers) : undefined;
    if (plan) return takeUpRowOf(plan, settings);
    return r.birth_date
      ? { birthDate: r.birth_date, specialLeaveDays: 0, childcareLeaveDays: 0, firstYearLeaveDays: 0 }
      : null;
  };
  const ratesOf = (list: CaseListRow[]) =>
    takeUpRates(
      list.map(toRow).filter((x) => x !== null),
      fiscalYear,
      { settings, asOf: options.asOf },
    );
  const perBureau = bureaus.map((b) => ({ b, rates: ratesOf(cases.filter((c) => c.bureau_id === b.id)) }));
  const totalRates = ratesOf(cases);
  // The same births, counted from the attendance data's leave types.
  const births = cases
    .map((c) => c.birth_date)
    .filter((d): d is string => d !== null)
    .sort();
  const leave =
    births.length === 0
      ? []
      : await leaveTypeDays(
          db,
          [...new Set(cases.map((c) => c.employee_id))],
          addDays(births[0]!, -120),
          addDays(births.at(-1)!, 3 * 366),
        );
  const leaveOf = Map.groupBy(leave, (l) => l.employeeId);
  const attendanceRatesOf = (list: CaseListRow[]) =>
    takeUpRates(
      list
        .map((c) =>
          takeUpRowFromAttendance(
            { birthDate: c.birth_date, dueDate: c.due_date, multipleBirth: c.multiple_birth },
            (leaveOf.get(c.employee_id) ?? []).map((l) => ({ date: l.date, leaveType: l.leaveType })),
            settings,
          ),
        )
        .filter((x) => x !== null),
      fiscalYear,
      { settings, asOf: options.asOf },
    );
  const wlbOf = new Set(
    scope.viewer.bureauScopes.filter((s) => s.role === 'wlb_officer').map((s) => s.bureauId),
  );
  const children = perBureau.map(({ b, rates }) => ({
    id: b.id,
    size: rates.births,
    known: wlbOf.has(b.id) ? rates.births : 0,
  }));
  const hidden = disclose(
    [
      {
        id: TOTAL_ID,
        size: totalRates.births,
        known: children.reduce((n, c) => n + c.known, 0),
        children,
      },
    ],
    floor,
  );
  const cell = (id: string, rates: TakeUpRates): TakeUpCell => {
    const reason = hidden.get(id) ?? null;
    const figure = (k: (typeof TARGETS)[number]): TakeUpFigure =>
      reason ? { met: null, rate: null } : { met: rates[k].met, rate: rates[k].rate };
    return {
      births: reason ? null : rates.births,
      hidden: reason,
      specialLeave5Days: figure('specialLeave5Days'),
      childcareLeave2Weeks: figure('childcareLeave2Weeks'),
      firstYear1Month: figure('firstYear1Month'),
    };
  };
  const targetsOf = (id: string, rates: TakeUpRates) =>
    compareWithTargets(rates, settings).map((c) =>
      hidden.has(id) ? { ...c, rate: null, pointsFromBaseline: null, pointsToTarget: null, met: null } : c,
    );
  return {
    fiscalYear,
    minGroupSize: floor,
    bureaus: perBureau.map(({ b, rates }) => ({
      bureau: { id: b.id, name: b.name },
      figures: cell(b.id, rates),
      targets: targetsOf(b.id, rates),
    })),
    total: cell(TOTAL_ID, totalRates),
    targets: targetsOf(TOTAL_ID, totalRates),
    sources: { figures: 'plan', fromAttendance: 'attendance' },
    fromAttendance: (() => {
      const total = attendanceRatesOf(cases);
      return {
        bureaus: bureaus.map((b) => ({
          bureauId: b.id,
          figures: cell(b.id, attendanceRatesOf(cases.filter((c) => c.bureau_id === b.id))),
        })),
        total: cell(TOTAL_ID, total),
        targets: targetsOf(TOTAL_ID, total),
      };
    })(),
  };
}
