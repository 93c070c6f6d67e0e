import {
  addWorkingDays,
  type IsoDate,
  isValidIsoDate,
  lastDayOfMonth,
  workingDaysBetween,
} from '../shared/calendar.ts';
import {
  assertYearMonth,
  firstDayOf,
  overtimeYearStart,
  shiftMonth,
  type YearMonth,
} from '../shared/year-month.ts';
import { defaultOvertimeSettings, type OvertimeSettings } from './overtime.settings.ts';

export interface MonthProjection {
  month: YearMonth;
  /** Overtime expected at month end if the pace so far continues over the remaining working days. */
  projectedMinutes: number;
  /** Working days of the month from its 1st up to asOf, both included. */
  workingDaysElapsed: number;
  workingDaysInMonth: number;
  /**
   * `pace`: extrapolated from the working days elapsed; `final`: no working day is left (the month
   * is over, or only weekends, holidays or the 12/29–1/3 closure remain); `too_early`: no working day
   * has passed yet, so there is no pace to extrapolate and the projection is what was done so far.
   */
  basis: 'pace' | 'final' | 'too_early';
}

/**
 * Projects month-to-date overtime to the month end by working days:
 * projected = minutesSoFar × workingDaysInMonth / workingDaysElapsed, rounded to whole minutes.
 * Working days follow calendar.isWorkingDay (weekends, 国民の祝日, 12/29–1/3). Overtime done on a
 * non-working day stays in minutesSoFar and is extrapolated with the rest, which is the cautious side.
 */
export function projectMonthEnd(input: {
  month: YearMonth;
  asOf: IsoDate;
  minutesSoFar: number;
}): MonthProjection {
  return monthProjector(input.month)(input.asOf, input.minutesSoFar);
}

/**
 * projectMonthEnd for many people of one month (a manager's risk page names 200): the month's
 * working days are counted once, and those up to each date once per date.
 */
export function monthProjector(month: YearMonth): (asOf: IsoDate, minutesSoFar: number) => MonthProjection {
  const first = firstDayOf(month);
  const last = lastDayOfMonth(month);
  const workingDaysInMonth = workingDaysBetween(first, last).length;
  const elapsedUpTo = new Map<IsoDate, number>();
  return (asOf, minutesSoFar) => {
    if (!isValidIsoDate(asOf)) throw new RangeError(`not a date (YYYY-MM-DD): ${asOf}`);
    if (!Number.isInteger(minutesSoFar) || minutesSoFar < 0)
      throw new RangeError(`minutesSoFar must be a non-negative integer: ${minutesSoFar}`);
    let workingDaysElapsed = elapsedUpTo.get(asOf);
    if (workingDaysElapsed === undefined) {
      workingDaysElapsed =
        asOf < first ? 0 : asOf >= last ? workingDaysInMonth : workingDaysBetween(first, asOf).length;
      elapsedUpTo.set(asOf, workingDaysElapsed);
    }
    const result = { month, workingDaysElapsed, workingDaysInMonth };
    if (workingDaysElapsed >= workingDaysInMonth)
      return { ...result, projectedMinutes: minutesSoFar, basis: 'final' };
    if (workingDaysElapsed === 0) return { ...result, projectedMinutes: minutesSoFar, basis: 'too_early' };
    return {
      ...result,
      projectedMinutes: Math.round((minutesSoFar * workingDaysInMonth) / workingDaysElapsed),
      basis: 'pace',
    };
  };
}

export interface MonthlyMinutes {
  month: YearMonth;
  minutes: number;
}

export interface MonthWindowAverage {
  /** Window length in months (2…6 by default). */
  months: number;
  fromMonth: YearMonth;
  toMonth: YearMonth;
  totalMinutes: number;
  /** Exact (may be fractional); round only for display. */
  averageMinutes: number;
  /** average > limit: the rule allows an average of exactly the limit. */
  exceedsLimit: boolean;
}

export interface MultiMonthAverages {
  endMonth: YearMonth;
  limitMinutes: number;
  windows: MonthWindowAverage[];
  exceeding: MonthWindowAverage[];
}

/**
 * Averages of the last 2..6 consecutive months ending at endMonth (他律部署: each must be ≤ 80 h).
 * A month missing from the input counts as 0 minutes: the monthly totals hold only months with
 * attendance rows, so a month with no row is a month with no recorded overtime (a new joiner's
 * months before arrival, long leave). Windows cross the fiscal year: the rule is about any
 * consecutive months, not months of one year. Months after endMonth are ignored.
 */
export function multiMonthAverages(
  monthlyMinutes: readonly MonthlyMinutes[],
  endMonth: YearMonth,
  options: { limitMinutes?: number; minMonths?: number; maxMonths?: number } = {},
): MultiMonthAverages {
  const het = defaultOvertimeSettings.heteronomous;
  const limitMinutes = options.limitMinutes ?? het.averageCapMinutes;
  const minMonths = options.minMonths ?? het.averageMinMonths;
  const maxMonths = options.maxMonths ?? het.averageMaxMonths;
  const byMonth = minutesByMonth(monthlyMinutes);

  const windows: MonthWindowAverage[] = [];
  let total = 0;
  for (let n = 1; n <= maxMonths; n++) {
    total += byMonth.get(shiftMonth(endMonth, -(n - 1))) ?? 0;
    if (n < minMonths) continue;
    windows.push({
      months: n,
      fromMonth: shiftMonth(endMonth, -(n - 1)),
      toMonth: endMonth,
      totalMinutes: total,
      averageMinutes: total / n,
      // Compare totals, not a divided float: exact for whole minutes.
      exceedsLimit: total > limitMinutes * n,
    });
  }
  return { endMonth, limitMinutes, windows, exceeding: windows.filter((w) => w.exceedsLimit) };
}

function minutesByMonth(monthlyMinutes: readonly MonthlyMinutes[]): Map<YearMonth, number> {
  const byMonth = new Map<YearMonth, number>();
  for (const { month, minutes } of monthlyMinutes) {
    assertYearMonth(month);
    if (!Number.isInteger(minutes) || minutes < 0)
      throw new RangeError(`minutes must be a non-negative integer: ${month} ${minutes}`);
    if (byMonth.has(month)) throw new RangeError(`month given twice: ${month}`);
    byMonth.set(month, minutes);
  }
  return byMonth;
}

// ---------------------------------------------------------------------------------------------
// Alerts

export type SectionKind = 'standard' | 'heteronomous';

/** Stable names: dedupe keys, card templates and i18n keys use them. */
export const ALERT_LEVELS = [
  'pace80',
  'pace100',
  'month45',
  'month80',
  'month100',
  'annual360',
  'annual720',
  'avg80',
  'count45',
  // A cap of 人事院規則15-14 第16条の2の2 passed: the manager designates 特例業務 (special-duty.rules.ts).
  'over_month_cap',
  'over_annual_cap',
  'over_average_cap',
  'over_months_count',
] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];
export const SPECIAL_DUTY_LEVELS = [
  'over_month_cap',
  'over_annual_cap',
  'over_average_cap',
  'over_months_count',
] as const satisfies readonly AlertLevel[];
export type SpecialDutyLevel = (typeof SPECIAL_DUTY_LEVELS)[number];
export const isSpecialDutyLevel = (level: string): level is SpecialDutyLevel =>
  (SPECIAL_DUTY_LEVELS as readonly string[]).includes(level);

export type AlertRecipientRole = 'employee' | 'manager' | 'wlb_officer';

export interface AlertRecipient {
  role: AlertRecipientRole;
  /** The employee gets a health notice, not the manager's alert card, at 100 h. */
  message: 'alert' | 'health_notice';
}

const alert = (role: AlertRecipientRole): AlertRecipient => ({ role, message: 'alert' });

/**
 * Who hears of each level. SPEC §3 fixes 45, 80 and 100. The rest are our choice: a pace warning
 * at 80 h is the employee's own early signal, at 100 h the manager is told too so that work can be
 * moved before the month reaches it; the annual caps, the 2–6-month average and the count of months
 * over 45 h are breaches of 人事院規則15-14 that the manager must manage, so both hear of them.
 */
export const ALERT_RECIPIENTS: Readonly<Record<AlertLevel, readonly AlertRecipient[]>> = {
  pace80: [alert('employee')],
  pace100: [alert('employee'), alert('manager')],
  month45: [alert('employee')],
  month80: [alert('employee'), alert('manager')],
  month100: [alert('manager'), alert('wlb_officer'), { role: 'employee', message: 'health_notice' }],
  annual360: [alert('employee'), alert('manager')],
  annual720: [alert('employee'), alert('manager')],
  avg80: [alert('employee'), alert('manager')],
  count45: [alert('employee'), alert('manager')],
  // The manager decides whether the excess is 特例業務 (第16条の2の2 第2項): the card asks them.
  over_month_cap: [alert('manager')],
  over_annual_cap: [alert('manager')],
  over_average_cap: [alert('manager')],
  over_months_count: [alert('manager')],
};

export interface AlertInput {
  month: YearMonth;
  sectionKind: SectionKind;
  /** 管理職: outside the non-managerial targets, still alerted at 100 h (SPEC §3). */
  isManagerial: boolean;
  monthToDateMinutes: number;
  /** 在庁時間 beyond the regular hours, month to date, where the attendance app records it. */
  monthToDateInOfficeMinutes?: number;
  /** From projectMonthEnd for this month; without it no pace warning is given (a closed month). */
  projection?: MonthProjection;
  /**
   * Earlier months' totals, covering at least the overtime year so far (from April) and the 5 months
   * before `month`; missing months count as 0. An entry for `month` itself is ignored
   * (monthToDateMinutes is the truth), and so are later months.
   */
  history: readonly MonthlyMinutes[];
  /**
   * Worked in a 他律 section in an earlier month of this overtime year. A person now in a 自律
   * section then keeps the 720 h year (人事院規則15-14 第16条の2の2 第1項第1号ロ(1)).
   */
  heteronomousEarlierInYear?: boolean;
}

export interface DueAlert {
  level: AlertLevel;
  /**
   * The month the alert belongs to, part of the dedupe key: the month itself, except for the annual
   * levels, which belong to the first month of their overtime year (April) and so fire once a year.
   */
  period: YearMonth;
  recipients: readonly AlertRecipient[];
  /**
   * The measured value that reached the threshold: the projection (pace), the month or year to date,
   * the worst window's total (avg80; its threshold is then limit × months), this month (count45).
   */
  valueMinutes: number;
  thresholdMinutes: number;
  /** month100 only: 医師による面接指導 is due (人事院規則10-4). */
  doctorInterview: boolean;
  /** month100 only: which measure reached it; 在庁時間 counts as well as ordered overtime. */
  basis?: 'overtime' | 'in_office';
  /** avg80 only: the windows over the limit. */
  windows?: MonthWindowAverage[];
  /** count45 only: months over 45 h in the overtime year so far (this one included), and the limit. */
  monthsOver?: { count: number; limit: number };
  /**
   * The employee's notice offers 面接指導を申し出る (人事院規則10-4 第22条の2 第1項第2号: on the
   * employee's request when fatigue has built up); month80 and avg80.
   */
  interviewOffer?: boolean;
}

/**
 * Every alert level whose condition holds now, in ALERT_LEVELS order, each at most once. The caller
 * sends those whose dedupe key (overtimeAlertKey) has not been sent; evaluating again on each data
 * arrival is therefore harmless.
 */
export function alertsDue(
  input: AlertInput,
  settings: OvertimeSettings = defaultOvertimeSettings,
): DueAlert[] {
  const { month, monthToDateMinutes } = input;
  assertYearMonth(month);
  if (!Number.isInteger(monthToDateMinutes) || monthToDateMinutes < 0)
    throw new RangeError(`monthToDateMinutes must be a non-negative integer: ${monthToDateMinutes}`);
  if (input.projection && input.projection.month !== month)
    throw new RangeError(`projection is for ${input.projection.month}, not ${month}`);

  const due: DueAlert[] = [];
  const add = (
    level: AlertLevel,
    valueMinutes: number,
    thresholdMinutes: number,
    extra: Partial<DueAlert> = {},
  ) => due.push(dueAlert(level, month, valueMinutes, thresholdMinutes, extra));

  const inOffice = input.monthToDateInOfficeMinutes ?? 0;
  const doctorAt = settings.doctorInterviewMinutes;
  const month100 =
    monthToDateMinutes >= doctorAt
      ? { value: monthToDateMinutes, basis: 'overtime' as const }
      : inOffice >= doctorAt
        ? { value: inOffice, basis: 'in_office' as const }
        : undefined;

  if (!input.isManagerial) {
    const p = input.projection;
    const paceReady =
      p !== undefined && p.basis === 'pace' && p.workingDaysElapsed >= settings.paceMinWorkingDaysElapsed;
    // Once the month itself has reached a level, its threshold alert says more than a forecast.
    for (const level of ['pace80', 'pace100'] as const) {
      const at = settings.paceLevels[level];
      if (paceReady && p.projectedMinutes >= at && monthToDateMinutes < at)
        add(level, p.projectedMinutes, at);
    }
    for (const level of ['month45', 'month80'] as const) {
      const at = settings.monthLevels[level];
      if (monthToDateMinutes >= at) add(level, monthToDateMinutes, at);
    }
  }
  if (month100) add('month100', month100.value, doctorAt, { doctorInterview: true, basis: month100.basis });
  if (input.isManagerial) return due;

  const history = minutesByMonth(input.history.filter((h) => h.month < month));
  const withThisMonth: MonthlyMinutes[] = [...history].map(([m, minutes]) => ({ month: m, minutes }));
  withThisMonth.push({ month, minutes: monthToDateMinutes });

  const yearStart = overtimeYearStart(month);
  const yearMonths = withThisMonth.filter((h) => h.month >= yearStart);
  const yearToDate = yearMonths.reduce((sum, h) => sum + h.minutes, 0);

  if (input.sectionKind === 'standard' && !input.heteronomousEarlierInYear) {
    if (yearToDate >= settings.standard.annualCapMinutes)
      add('annual360', yearToDate, settings.standard.annualCapMinutes);
    return due;
  }

  const het = settings.heteronomous;
  if (yearToDate >= het.annualCapMinutes) add('annual720', yearToDate, het.annualCapMinutes);
  // A mover now in a 自律 section: the 720 h year only; the 他律 month rules do not apply to them.
  if (input.sectionKind === 'standard') return due;
  const averages = multiMonthAverages(withThisMonth, month, {
    limitMinutes: het.averageCapMinutes,
    minMonths: het.averageMinMonths,
    maxMonths: het.averageMaxMonths,
  });
  const worst = averages.exceeding.reduce<MonthWindowAverage | undefined>(
    (w, a) => (w === undefined || a.averageMinutes > w.averageMinutes ? a : w),
    undefined,
  );
  if (worst)
    add('avg80', worst.totalMinutes, het.averageCapMinutes * worst.months, { windows: averages.exceeding });
  // 1年のうち45時間を超える月は6箇月まで: alert in the month that brings the count to the limit or past it.
  if (monthToDateMinutes > het.monthsOverMinutes) {
    const monthsOver = yearMonths.filter((h) => h.minutes > het.monthsOverMinutes).length;
    if (monthsOver >= het.monthsOverLimit)
      add('count45', monthToDateMinutes, het.monthsOverMinutes, {
        monthsOver: { count: monthsOver, limit: het.monthsOverLimit },
      });
  }
  return due;
}

/** The period part of the dedupe key: annual levels belong to their overtime year's first month. */
/** One alert due for the month; the 80 h levels carry the 面接指導 offer to the employee. */
export function dueAlert(
  level: AlertLevel,
  month: YearMonth,
  valueMinutes: number,
  thresholdMinutes: number,
  extra: Partial<DueAlert> = {},
): DueAlert {
  return {
    level,
    period: alertPeriod(level, month),
    recipients: ALERT_RECIPIENTS[level],
    valueMinutes,
    thresholdMinutes,
    doctorInterview: false,
    ...(level === 'month80' || level === 'avg80' ? { interviewOffer: true } : {}),
    ...extra,
  };
}

export function alertPeriod(level: AlertLevel, month: YearMonth): YearMonth {
  return level === 'annual360' || level === 'annual720' || level === 'over_annual_cap'
    ? overtimeYearStart(month)
    : assertYearMonth(month);
}

/**
 * The dedupe key employee + month + level (the DB layer keeps it unique). Build it from a DueAlert
 * so that the period rule of the annual levels is never bypassed.
 */
export function overtimeAlertKey(employeeId: string, alert: Pick<DueAlert, 'level' | 'period'>): string {
  return `${employeeId}:${alert.period}:${alert.level}`;
}

/** A manager's 100 h alert not acted on: reminder after N working days, escalation N more later. */
export function followUpDates(alertedOn: IsoDate, settings: OvertimeSettings = defaultOvertimeSettings) {
  const reminderOn = addWorkingDays(alertedOn, settings.workingDaysToAct);
  return { reminderOn, escalationOn: addWorkingDays(reminderOn, settings.workingDaysToAct) };
}

/** Monthly and annual caps for a section kind, for cards and reports. */
export function capsFor(kind: SectionKind, settings: OvertimeSettings = defaultOvertimeSettings) {
  return kind === 'standard'
    ? {
        monthlyCapMinutes: settings.standard.monthlyCapMinutes,
        annualCapMinutes: settings.standard.annualCapMinutes,
      }
    : {
        monthlyCapMinutes: settings.heteronomous.monthlyCapMinutes,
        annualCapMinutes: settings.heteronomous.annualCapMinutes,
      };
}

/**
 * Over the monthly cap, i.e. 特例超過勤務: standard sections may do up to 45 h (45 is allowed);
 * 他律部署 must stay under 100 h (100 is already over: "100時間未満").
 */
export function isOverMonthlyCap(
  kind: SectionKind,
  minutes: number,
  settings: OvertimeSettings = defaultOvertimeSettings,
) {
  const { monthlyCapMinutes } = capsFor(kind, settings);
  return kind === 'standard' ? minutes > monthlyCapMinutes : minutes >= monthlyCapMinutes;
}
