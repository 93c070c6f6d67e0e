import { type IsoDate, parseIsoDate } from '../shared/calendar.ts';
import { DEFAULT_MIN_GROUP_SIZE, type SuppressedCount, suppressSmall } from '../shared/privacy.ts';
import { roundDays, type TakenLeave } from './leave.types.ts';

/**
 * The mid-year nudge (seed 002: 6月末時点で休暇取得日数が5日に満たない部下職員に対して、管理職員
 * から取得を促す): people with fewer than 5 days of annual leave since January get a message, and
 * each manager gets how many of their direct reports did, as a count only.
 */

export const NUDGE_BELOW_DAYS = 5;

export interface NudgePerson {
  employeeNo: string;
  /** Direct manager's id, null for the top of the tree. */
  managerId: string | null;
}

export interface MidYearNudge {
  asOf: IsoDate;
  /** People to nudge, with what they have taken so far. */
  nudges: { employeeNo: string; takenDays: number }[];
  /** Per manager: direct reports below the line, "<5" when the team is under the group-size floor. */
  managers: { managerId: string; groupSize: number; nudged: number | SuppressedCount }[];
}

/** The default reference date: end of June. */
export const midYearAsOf = (year: number): IsoDate => `${year}-06-30`;

/** Annual leave (年次休暇, a calendar-year entitlement) taken per person from 1 January to `asOf`. */
export function annualDaysTakenByPerson(taken: readonly TakenLeave[], asOf: IsoDate): Map<string, number> {
  const from = `${parseIsoDate(asOf).y}-01-01`;
  const sums = new Map<string, number>();
  for (const t of taken)
    if (t.kind === 'annual' && t.date >= from && t.date <= asOf)
      sums.set(t.employeeNo, (sums.get(t.employeeNo) ?? 0) + t.days);
  for (const [k, v] of sums) sums.set(k, roundDays(v));
  return sums;
}

export function midYearNudge(
  people: readonly NudgePerson[],
  taken: readonly TakenLeave[],
  options: { year: number; asOf?: IsoDate; belowDays?: number; minGroupSize?: number },
): MidYearNudge {
  const asOf = options.asOf ?? midYearAsOf(options.year);
  if (parseIsoDate(asOf).y !== options.year) throw new RangeError(`asOf ${asOf} is not in ${options.year}`);
  const below = options.belowDays ?? NUDGE_BELOW_DAYS;
  const floor = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const sums = annualDaysTakenByPerson(taken, asOf);

  const nudges: MidYearNudge['nudges'] = [];
  const teams = new Map<string, { size: number; nudged: number }>();
  for (const p of people) {
    const takenDays = sums.get(p.employeeNo) ?? 0;
    const nudge = takenDays < below;
    if (nudge) nudges.push({ employeeNo: p.employeeNo, takenDays });
    if (p.managerId === null) continue;
    const team = teams.get(p.managerId) ?? { size: 0, nudged: 0 };
    team.size++;
    if (nudge) team.nudged++;
    teams.set(p.managerId, team);
  }
  const managers = [...teams].map(([managerId, t]) => ({
    managerId,
    groupSize: t.size,
    nudged: suppressSmall(t.nudged, t.size, floor),
  }));
  return { asOf, nudges, managers };
}
