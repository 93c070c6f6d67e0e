import { z } from 'zod';
import type { HiddenReason, TargetComparison } from './childcare.contract.ts';
import { isYearMonth } from './fields.ts';
import { route } from './route-contract.ts';

/**
 * ダッシュボード (tab/api/dashboard.routes.ts): overview → bureau → section, each cut to the viewer's
 * scope and the group-size floor; the 課長's risk view; the export of the view on screen.
 */

export interface AlertCounts {
  open: number;
  acted: number;
}

export interface PersonMonth {
  employeeId: string;
  employeeNo: string;
  name: string;
  isManagerial: boolean;
  minutes: number | null;
  lastYearMinutes: number | null;
  annualLeaveDays: number;
  alert100: 'open' | 'acted' | 'none' | null;
}

export interface ShownFigures {
  staff: number;
  /** All staff (managers too): null when the managerial part is hidden (see RowDecisions.allStaff). */
  totalHours: number | null;
  /** Average per non-managerial person; null with nobody non-managerial. */
  avgHours: number | null;
  /** Non-managerial people at or over 45 / 80 / 100 h. */
  ge45: number;
  ge80: number;
  ge100: number;
  /** Everyone (managers too) at or over 100 h: the doctor-interview duty. Null like totalHours. */
  ge100All: number | null;
}

export interface Change {
  /** Average hours this month − the same month last year. */
  avgHours: number | null;
  /** Total hours change in percent. */
  totalPercent: number | null;
  /** People ≥100 h this month − last year. */
  ge100All: number | null;
}

export interface HourBands {
  under45: number;
  from45to80: number;
  from80to100: number;
  atLeast100: number;
}

export interface DashboardRow {
  id: string;
  name: string;
  code: string;
  kind: string;
  /**
   * Why the figures are hidden from this viewer (core/access/disclosure.rules.ts): 'small_group'
   * (under the floor), 'complementary' (shown, it would give a hidden group away by subtraction),
   * 'residual' (the viewer knows some of its people; the total would give the rest away). Figures are
   * null and the page shows "<N" with the reason.
   */
  hidden: HiddenReason | null;
  /**
   * Why the all-staff figures (total hours, ≥100 h of everyone, alert counts) are hidden while the
   * non-managerial ones are shown: total − non-managerial would give the managers away.
   */
  allStaffHidden: HiddenReason | null;
  /** The viewer knows everyone in it (and may drill down to people). */
  managedByViewer: boolean;
  thisMonth: ShownFigures | null;
  lastYear: ShownFigures | null;
  change: Change;
  /** Average annual leave days taken this calendar year per person, and the share of the goal's pace. */
  leaveAvgDays: number | null;
  alerts: AlertCounts | null;
}

export interface TrendPoint {
  month: string;
  totalHours: number | null;
  avgHours: number | null;
  ge100All: number | null;
  /** The same month a year earlier. */
  lastYearAvgHours: number | null;
  lastYearTotalHours: number | null;
}

export interface CampaignLine {
  campaignId: string;
  title: string;
  kind: string;
  deadline: string;
  targeted: number | null;
  responded: number | null;
  rate: number | null;
}

export interface GroupView {
  level: 'ministry' | 'manager' | 'bureau' | 'section';
  month: string;
  lastYearMonth: string;
  minGroupSize: number;
  title: { id: string | null; name: string | null; bureauName?: string };
  /** The whole of what is shown (null when it is itself under the floor). */
  total: DashboardRow;
  rows: DashboardRow[];
  rowLevel: 'bureau' | 'section' | null;
  byKind: DashboardRow[];
  trend: TrendPoint[];
  bands: HourBands | null;
  leaveGoal: { goalDays: number; paceDays: number };
  campaigns: CampaignLine[];
  childcare: {
    fiscalYear: number;
    births: number | null;
    targets: TargetComparison[];
  } | null;
  people: PersonMonth[] | null;
  /**
   * The viewer's own people in this section (section view only): shown when the section's total is
   * hidden as 'residual', because total − them would give the others away.
   */
  mine: { staff: number; totalHours: number } | null;
  /** How many people the viewer manages in the section (people lists the first PEOPLE_LIMIT). */
  peopleTotal: number;
}

export interface OpenAlert {
  id: number;
  employeeId: string;
  name: string;
  month: string;
  valueMinutes: number;
  raisedOn: string;
}

export type RiskLevel = 'over100' | 'over80' | 'over45' | 'none';

export interface PersonRisk {
  employeeId: string;
  employeeNo: string;
  name: string;
  sectionName: string;
  minutesSoFar: number;
  projectedMinutes: number;
  /** 'pace': extrapolated; 'final': the month's working days are over; 'too_early': no pace yet. */
  basis: 'pace' | 'final' | 'too_early';
  level: RiskLevel;
  asOf: string;
  workingDaysElapsed: number;
  workingDaysInMonth: number;
}

export interface RiskView {
  month: string;
  /** The levels the projection is compared with (minutes), from 設定. */
  levels: { over45: number; over80: number; over100: number };
  /**
   * The viewer's own people (SPEC §2: individuals only in one's own subtree) projected at or over
   * the lowest level, most at risk first, at most 200 (RISK_PEOPLE_LIMIT); nobody under it by name.
   */
  people: PersonRisk[];
  /** How many of the viewer's people are projected at or over the lowest level (people may list fewer). */
  atRiskTotal: number;
  /** How many of the viewer's people have a record this month. */
  peopleWithData: number;
  /** Open 100 h alerts of the viewer's people, any month: the oldest (at most 100, RISK_ALERTS_LIMIT). */
  openAlerts: OpenAlert[];
  /** How many open 100 h alerts the viewer's people have in all (openAlerts may list fewer). */
  openAlertsTotal: number;
  /** Open 100 h alerts anywhere in the viewer's dashboard scope, any month (a count). */
  openAlertCount: number;
}

/** GET /dashboard[/bureaus/:id|/sections/:id]: the view and the months that have data. */
export type DashboardView = GroupView & { months: string[] };

const month = z
  .string()
  .refine(isYearMonth, { message: 'must be a month YYYY-MM', params: { key: 'invalid_month' } })
  .optional();
// `opening=complete`: the tab's first view, on the last complete month (defaultMonth).
const viewQuery = z.object({ month, opening: z.enum(['latest', 'complete']).default('latest') });
const idParam = z.object({ id: z.uuid('must be an id') });

/** Who of my people will reach 45/80/100 h this month, and which 100 h alerts are still open. */
export const getRisk = route<RiskView>()({ method: 'GET', path: '/dashboard/risk' });
export const getOverview = route<DashboardView>()({ method: 'GET', path: '/dashboard', query: viewQuery });
export const getBureauView = route<DashboardView>()({
  method: 'GET',
  path: '/dashboard/bureaus/:id',
  params: idParam,
  query: viewQuery,
});
export const getSectionView = route<DashboardView>()({
  method: 'GET',
  path: '/dashboard/sections/:id',
  params: idParam,
  query: viewQuery,
});
/** Exactly the view on screen, as CSV or Excel (also through a signed link). */
export const exportView = route()({
  method: 'GET',
  path: '/dashboard/export',
  query: z.object({
    month,
    view: z.enum(['overview', 'bureau', 'section']).default('overview'),
    id: z.uuid().optional(),
    format: z.enum(['csv', 'xlsx']).default('csv'),
    locale: z.enum(['ja', 'en']).default('ja'),
  }),
  download: true,
});
