import { z } from 'zod';
import { isYearMonth } from './fields.ts';
import { route } from './route-contract.ts';

/** 残業 (tab/api/overtime.routes.ts): the viewer's own month and the alerts with their follow-up. */

/** What 残業/overtime answers: this month so far, where it is heading, the months before. */
export interface OvertimeSummary {
  month: string;
  minutesSoFar: number;
  /** Up to this date the data goes (the last imported day of the month). */
  dataUntil: string | null;
  projection: {
    month: string;
    projectedMinutes: number;
    workingDaysElapsed: number;
    workingDaysInMonth: number;
    basis: 'pace' | 'final' | 'too_early';
  };
  monthlyCapMinutes: number;
  /** 他律 month cap is "100時間未満": the number itself is already over. */
  monthlyCapExclusive: boolean;
  annualCapMinutes: number;
  /** Came from a 他律 section earlier this year: the 720 h year applies. */
  movedFromHeteronomous: boolean;
  yearToDateMinutes: number;
  /** The six months up to this one, oldest first. */
  months: { month: string; minutes: number }[];
}

/** A named alert, for the managers of the person's subtree and the bureau's WLB officer (100 h). */
export interface AlertListItem {
  id: number;
  level: string;
  period: string;
  valueMinutes: number;
  raisedOn: string;
  followUp: 'none' | 'open' | 'acted';
  employeeId: string;
  employeeName: string;
  sectionName: string;
  bureauId: string;
  managerName: string | null;
  actedAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  lastAction: string | null;
  /** Recipients the bot could not reach (no Teams conversation yet): someone must tell them. */
  unreachable: number;
}

/** One line of HR's year-end 要因の整理・分析・検証: cap excesses of a bureau for one 特例業務 reason. */
export interface SpecialDutyReportRow {
  bureau: { id: string; name: string };
  /** null: a cap was passed and nobody designated it yet (to be followed up before the report). */
  reason: { code: string; label: string } | null;
  excesses: number;
  people: number;
}

export interface SpecialDutyReport {
  fiscalYear: number;
  rows: SpecialDutyReportRow[];
}

const month = z
  .string()
  .refine(isYearMonth, { message: 'must be a month YYYY-MM', params: { key: 'invalid_month' } });

export const getMyOvertime = route<OvertimeSummary>()({ method: 'GET', path: '/overtime/me' });
export const listAlerts = route<{ alerts: AlertListItem[] }>()({
  method: 'GET',
  path: '/overtime/alerts',
  query: z.object({ open: z.enum(['0', '1']).default('1'), month: month.optional() }),
});
/** HR and admins: the year-end report by bureau and 特例業務 reason; `?format=csv` for the file. */
export const getSpecialDutyReport = route<SpecialDutyReport>()({
  method: 'GET',
  path: '/overtime/special-duty-report',
  query: z.object({
    fiscalYear: z.coerce.number().int().min(2019).max(2100).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  }),
  fileOnRequest: true,
});
