import type { LeaveOutcome } from '../../contracts/tab-api/leave.contract.ts';
import type { IsoDate } from '../shared/calendar.ts';
import {
  LEAVE_DAY_VALUE,
  type Period,
  roundDays,
  type SubmittedPlan,
  type TakenLeave,
  type TakenLeaveKind,
} from './leave.types.ts';
import type { SectionMember } from './section-plan.rules.ts';

/**
 * After the period: how much of the planned leave was taken, per person and per section.
 * Only leave that can be planned counts as taken (annual, summer, special); sick leave and the
 * like ('other') are not a plan kept.
 */

const PLANNABLE: readonly TakenLeaveKind[] = ['annual', 'summer', 'special'];

export type { LeaveOutcome };

export interface PersonOutcome extends LeaveOutcome {
  employeeNo: string;
  sectionId: string;
  responded: boolean;
}

export interface SectionOutcome extends LeaveOutcome {
  sectionId: string;
  members: number;
  responded: number;
  takenPerMember: number;
}

function outcome(planned: number, taken: number, kept: number): LeaveOutcome {
  return {
    plannedDays: roundDays(planned),
    takenDays: roundDays(taken),
    plannedTakenDays: roundDays(kept),
    unplannedTakenDays: roundDays(taken - kept),
    adherence: planned > 0 ? roundDays(kept / planned) : null,
  };
}

export function plannedVsTaken(
  period: Period,
  members: readonly SectionMember[],
  plans: readonly SubmittedPlan[],
  taken: readonly TakenLeave[],
): { people: PersonOutcome[]; sections: SectionOutcome[] } {
  const inPeriod = (d: IsoDate) => d >= period.start && d <= period.end;
  const planOf = new Map(plans.map((p) => [p.employeeNo, p]));
  const takenOf = new Map<string, Map<IsoDate, number>>();
  for (const t of taken) {
    if (!PLANNABLE.includes(t.kind) || !inPeriod(t.date) || t.days <= 0) continue;
    const days = takenOf.get(t.employeeNo) ?? new Map<IsoDate, number>();
    days.set(t.date, (days.get(t.date) ?? 0) + t.days);
    takenOf.set(t.employeeNo, days);
  }

  const people = members.map((m): PersonOutcome => {
    const plan = planOf.get(m.employeeNo);
    const plannedByDate = new Map<IsoDate, number>();
    for (const e of plan?.entries ?? [])
      if (inPeriod(e.date))
        plannedByDate.set(e.date, (plannedByDate.get(e.date) ?? 0) + LEAVE_DAY_VALUE[e.kind]);
    const takenByDate = takenOf.get(m.employeeNo) ?? new Map<IsoDate, number>();
    let planned = 0;
    let kept = 0;
    for (const [date, days] of plannedByDate) {
      planned += days;
      kept += Math.min(days, takenByDate.get(date) ?? 0);
    }
    let total = 0;
    for (const days of takenByDate.values()) total += days;
    return {
      employeeNo: m.employeeNo,
      sectionId: m.sectionId,
      responded: plan !== undefined,
      ...outcome(planned, total, kept),
    };
  });

  const bySection = new Map<string, PersonOutcome[]>();
  for (const p of people) bySection.set(p.sectionId, [...(bySection.get(p.sectionId) ?? []), p]);
  const sections = [...bySection].map(([sectionId, group]): SectionOutcome => {
    const sum = (f: (p: PersonOutcome) => number) => group.reduce((acc, p) => acc + f(p), 0);
    const takenDays = sum((p) => p.takenDays);
    return {
      sectionId,
      members: group.length,
      responded: group.filter((p) => p.responded).length,
      ...outcome(
        sum((p) => p.plannedDays),
        takenDays,
        sum((p) => p.plannedTakenDays),
      ),
      takenPerMember: roundDays(takenDays / group.length),
    };
  });
  return { people, sections };
}
