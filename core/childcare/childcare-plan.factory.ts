import type { IsoDate } from '../shared/calendar.ts';
import {
  type ChildcarePlan,
  type LeaveKind,
  type LeaveRange,
  parseChildcarePlan,
  type RangeStatus,
} from './childcare-plan.schema.ts';

/**
 * Test data: a plan reported on 2026-03-02 for a child due on Wednesday 2026-07-15 (海の日 is
 * Monday 07-20), passed through the real schema so defaults apply as in production.
 */
export function makePlan(overrides: Record<string, unknown> = {}): ChildcarePlan {
  return parseChildcarePlan({
    id: 'plan-1',
    reportedOn: '2026-03-02',
    dueDate: '2026-07-15',
    spouseSituation: 'working',
    childcareArrangement: { kind: 'family_at_home' },
    ...overrides,
  });
}

export function range(
  kind: LeaveKind,
  start: IsoDate,
  end: IsoDate = start,
  status: RangeStatus = 'planned',
): LeaveRange {
  return { kind, start, end, status };
}
