import { describe, expect, it } from 'vitest';
import { presentGroup } from './overtime.routes.ts';

const group = (staff: number) => ({
  id: 's',
  name: 'x',
  month: '2026-05',
  staff,
  totalMinutes: staff * 1200,
  nmStaff: staff,
  nmTotalMinutes: staff * 1200,
  nmGe45: 1,
  nmGe80: 1,
  nmGe100: 1,
  ge100: 1,
});

describe('overtime figures for the tab and the group-size floor', () => {
  it('hides every figure but the head count of a group under the floor', () => {
    const shown = presentGroup(group(4), 5);
    expect(shown).toMatchObject({
      staff: 4,
      suppressed: true,
      totalHours: '<5',
      averageHoursNonManagerial: '<5',
      atLeast100h: '<5',
    });
  });
  it('shows them at the floor, and below it to a viewer who manages the whole group', () => {
    expect(presentGroup(group(5), 5)).toMatchObject({
      suppressed: false,
      totalHours: 100,
      averageHoursNonManagerial: 20,
      atLeast100h: 1,
    });
    expect(presentGroup(group(2), 5, true)).toMatchObject({
      suppressed: false,
      totalHours: 40,
      nonManagerialAtLeast100h: 1,
    });
  });
});
