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

const month = z
  .string()
  .refine(isYearMonth, { message: 'must be a month YYYY-MM', params: { key: 'invalid_month' } });

export const getMyOvertime = route<OvertimeSummary>()({ method: 'GET', path: '/overtime/me' });
export const listAlerts = route<{ alerts: AlertListItem[] }>()({
  method: 'GET',
  path: '/overtime/alerts',
  query: z.object({ open: z.enum(['0', '1']).default('1'), month: month.optional() }),
});
