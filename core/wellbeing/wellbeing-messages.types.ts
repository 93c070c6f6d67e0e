import type { IsoDate } from '../shared/calendar.ts';
import type { LeaveReport } from './leave-report.service.ts';
import type { OfficeGap } from './office-gap.rules.ts';
import type { MorningRest } from './rest-morning.rules.ts';

type Locale = 'ja' | 'en';

/** The cards the wellbeing jobs send (bot/cards/wellbeing builds them; core knows no Teams). */
export interface WellbeingCards {
  morningRest(locale: Locale, rest: MorningRest, lateStartAllowed: boolean, thresholdHours: number): object;
  weeklyRestCount(
    locale: Locale,
    week: { from: IsoDate; to: IsoDate },
    rows: { sectionName: string; count: number | null }[],
    floor: number,
    thresholdHours: number,
  ): object;
  gapConfirmation(
    locale: Locale,
    item: {
      employeeId: string;
      name: string;
      date: IsoDate;
      gap: OfficeGap;
      declared: string;
      logged: string;
    },
  ): object;
  leaveOnTimeNudge(locale: Locale, date: IsoDate, endsAt: string): object;
  stillWorking(
    locale: Locale,
    date: IsoDate,
    endsAt: string,
    people: { name: string; until: string }[],
  ): object;
  leaveReport(locale: Locale, report: LeaveReport): object;
}

export const PURPOSE = {
  morningRest: 'wellbeing.rest',
  weeklyRest: 'wellbeing.rest.weekly',
  gap: 'wellbeing.gap',
  leaveOnTime: 'wellbeing.leave_on_time',
  stillWorking: 'wellbeing.still_working',
  leaveReport: 'wellbeing.leave_report',
} as const;
