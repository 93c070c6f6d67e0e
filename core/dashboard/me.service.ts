import type { MySummary } from '../../contracts/tab-api/me.contract.ts';
import type { Db } from '../db/db.ts';
import { leaveBalance } from '../leave/leave-balance.rules.ts';
import { annualGrant, takenLeave } from '../leave/leave-plan.repository.ts';
import { projectMonthEnd } from '../overtime/overtime.rules.ts';
import { readSetting } from '../settings/settings.repository.ts';
import { shiftMonth } from '../shared/year-month.ts';
import { ANNUAL_LEAVE_GOAL_DAYS, hours, leaveGoalPace } from './dashboard.rules.ts';
import { personMonths } from './dashboard-people.repository.ts';
import { annualLeaveOf, childcareOf, leavePlansOf, myAlertLevels, openFollowUps } from './me.repository.ts';

/**
 * The 自分 page in one answer. Each part reads another capability's tables; a part whose tables are
 * not there (a deployment without that capability) is null, and the page shows its empty state.
 */

const tokyoToday = (now: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(now);

async function optional<T>(read: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return { ok: false }; // undefined_table
    throw err;
  }
}

export async function mySummary(db: Db, employeeId: string, now: Date): Promise<MySummary> {
  const today = tokyoToday(now);
  const month = today.slice(0, 7);
  const year = Number(today.slice(0, 4));
  const settings = await readSetting(db, 'overtime');

  const months = await optional(() => personMonths(db, employeeId, shiftMonth(month, -11), month));
  const alerts = await optional(() => myAlertLevels(db, employeeId, month));
  // Taken leave as the leave capability counts it (attendance data first, then other feeds), so the
  // page and the bot's 休暇 card agree.
  const leave = await optional(async () => {
    const [own, taken, grant] = await Promise.all([
      annualLeaveOf(db, employeeId, year, today),
      takenLeave(db, [employeeId], `${year}-01-01`, today),
      annualGrant(db, employeeId, year),
    ]);
    const balance = leaveBalance({
      year,
      grantedDays: grant.grantedDays,
      carriedOverDays: grant.carriedOverDays,
      basis: grant.basis,
      taken,
      asOf: today,
    });
    return {
      usedDays: balance.usedDays,
      remainingDays: balance.remainingDays,
      // Never a bare negative: the excess and where the entitlement came from go with it.
      overdrawnDays: balance.overdrawnDays,
      carriedOverDays: balance.carriedOverDays,
      plannedDays: own.plannedDays,
    };
  });
  const plans = await optional(() => leavePlansOf(db, employeeId));
  const childcare = await optional(() => childcareOf(db, employeeId));
  const followUps = await optional(() => openFollowUps(db, employeeId));

  let overtime: MySummary['overtime'] = null;
  let last12: MySummary['last12'] = [];
  if (months.ok) {
    const byMonth = new Map(months.value.map((m) => [m.month, m]));
    last12 = Array.from({ length: 12 }, (_, i) => {
      const m = shiftMonth(month, i - 11);
      const row = byMonth.get(m);
      return { month: m, hours: row ? hours(row.minutes) : null };
    });
    const current = byMonth.get(month);
    const minutes = current?.minutes ?? 0;
    // The pace counts working days up to the last day with data, not today: data arrive a day late.
    const asOf = current?.lastWorkDate ?? today;
    const projection = projectMonthEnd({
      month,
      asOf: [asOf, today].sort()[0] ?? today,
      minutesSoFar: minutes,
    });
    overtime = {
      month,
      hours: hours(minutes),
      inOfficeHours: hours(current?.inOfficeMinutes ?? 0),
      projectedHours: hours(projection.projectedMinutes),
      basis: current ? projection.basis : 'too_early',
      workingDaysElapsed: projection.workingDaysElapsed,
      workingDaysInMonth: projection.workingDaysInMonth,
      levels: {
        warn: hours(settings.monthLevels.month45),
        high: hours(settings.monthLevels.month80),
        doctor: hours(settings.doctorInterviewMinutes),
      },
      alertLevels: alerts.ok ? alerts.value : [],
    };
  }

  const annualLeave = leave.ok
    ? {
        year,
        usedDays: leave.value.usedDays,
        goalDays: ANNUAL_LEAVE_GOAL_DAYS,
        paceDays: leaveGoalPace(Number(month.slice(5, 7))),
        remainingDays: leave.value.remainingDays,
        overdrawnDays: leave.value.overdrawnDays,
        carriedOverDays: leave.value.carriedOverDays,
        plannedDays: leave.value.plannedDays,
      }
    : null;

  return {
    today,
    overtime,
    last12,
    annualLeave,
    leavePlans: plans.ok ? plans.value : null,
    childcare: childcare.ok ? childcare.value : null,
    pending: {
      alertFollowUps: followUps.ok ? followUps.value : 0,
      plansToSubmit: plans.ok ? plans.value.filter((p) => !p.submitted && p.deadline >= today).length : 0,
      childcareSheet:
        childcare.ok && (childcare.value?.status === 'invited' || childcare.value?.status === 'started'),
    },
    available: { overtime: months.ok, leave: leave.ok, childcare: childcare.ok },
  };
}
