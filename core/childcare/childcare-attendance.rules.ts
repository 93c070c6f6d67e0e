import { addDays, type IsoDate, isWorkingDay } from '../shared/calendar.ts';
import type { ChildcareSettings } from './childcare.settings.ts';
import type { LeaveKind, LeaveRange } from './childcare-plan.schema.ts';
import { type TakeUpRow, takeUpRowOf } from './childcare-targets.rules.ts';

/**
 * The take-up rates from what the attendance data says was taken (issue 19), beside the rates from
 * the ranges marked 'taken' on the sheet: the imported 休暇種別 of the father's days, turned into
 * ranges and counted by exactly the sheet's rules (takeUpRowOf → planTotals, windows checked).
 *
 * - 配偶者出産休暇 / 育児参加のための休暇: one range per day of leave (whole days: the attendance
 *   app records them by the day; a partial day counts as a day, as the sheet counts it);
 * - 育児休業 (and 産後パパ育休 when the app names it so): runs of days, a run going on across
 *   weekends and holidays (休業 counts calendar days); a run starting within 57 days of the birth is
 *   産後パパ育休 (人事院「育児休業 常勤職員向けQ&A」問2: the 1st and 2nd 育児休業 in that window);
 * - 年次休暇 is not counted: the attendance data does not say it was taken for the child.
 * The free-text type is matched by the words the GSS attendance app uses (docs/attendance-csv.md).
 */
export function childcareKindOf(leaveType: string): 'spouse' | 'participation' | 'childcare' | null {
  if (/配偶者出産/.test(leaveType)) return 'spouse';
  if (/育児参加/.test(leaveType)) return 'participation';
  if (/(育児休業|育休|産後パパ)/.test(leaveType)) return 'childcare';
  return null;
}

export interface LeaveTypeDay {
  date: IsoDate;
  leaveType: string;
}

/** 57 days from the birth: the window of 産後パパ育休 (人事院 Q&A 問2). */
const POSTNATAL_WINDOW_DAYS = 57;

export function rangesFromAttendance(days: readonly LeaveTypeDay[], birthDate: IsoDate): LeaveRange[] {
  const ranges: LeaveRange[] = [];
  const childcare: IsoDate[] = [];
  for (const d of [...days].sort((a, b) => (a.date < b.date ? -1 : 1))) {
    const kind = childcareKindOf(d.leaveType);
    if (kind === 'spouse' || kind === 'participation')
      ranges.push({
        kind: kind === 'spouse' ? 'spouse_childbirth_leave' : 'childcare_participation_leave',
        start: d.date,
        end: d.date,
        status: 'taken',
      });
    else if (kind === 'childcare' && childcare.at(-1) !== d.date) childcare.push(d.date);
  }
  let run: { start: IsoDate; end: IsoDate } | null = null;
  const close = () => {
    if (!run) return;
    const postnatal = run.start >= birthDate && run.start < addDays(birthDate, POSTNATAL_WINDOW_DAYS);
    const kind: LeaveKind = postnatal ? 'postnatal_paternity_leave' : 'childcare_leave';
    ranges.push({ kind, start: run.start, end: run.end, status: 'taken' });
  };
  for (const date of childcare) {
    if (run && onlyDaysOffBetween(run.end, date)) run.end = date;
    else {
      close();
      run = { start: date, end: date };
    }
  }
  close();
  return ranges;
}

/** Whether every day strictly between a and b is a weekend or holiday (so the 休業 ran on). */
function onlyDaysOffBetween(a: IsoDate, b: IsoDate): boolean {
  for (let d = addDays(a, 1); d < b; d = addDays(d, 1)) if (isWorkingDay(d)) return false;
  return true;
}

/** One birth's row from the attendance data (null without a birth date). */
export function takeUpRowFromAttendance(
  birth: { birthDate: IsoDate | null; dueDate: IsoDate | null; multipleBirth: boolean },
  days: readonly LeaveTypeDay[],
  settings: ChildcareSettings,
): TakeUpRow | null {
  if (!birth.birthDate) return null;
  return takeUpRowOf(
    {
      birthDate: birth.birthDate,
      dueDate: birth.dueDate ?? undefined,
      multipleBirth: birth.multipleBirth,
      ranges: rangesFromAttendance(days, birth.birthDate),
    },
    settings,
  );
}
