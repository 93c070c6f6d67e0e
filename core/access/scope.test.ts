import { describe, expect, it } from 'vitest';
import type { EmployeeProfile } from '../org/org.table.ts';
import {
  type AccessScope,
  canSeeBureau,
  canSeeChildcarePlan,
  canSeePerson,
  canSeeSection,
  managesWholeGroup,
} from './scope.ts';
import type { Viewer } from './viewer.ts';

const employee = (id: string, bureauId = 'b1'): EmployeeProfile => ({
  id,
  employeeNo: id,
  entraOid: null,
  upn: null,
  name: id,
  kana: null,
  locale: 'ja',
  isManagerial: false,
  gender: null,
  section: { id: 's1', name: 's1', heteronomous: false },
  bureau: { id: bureauId, name: bureauId, kind: 'headquarters' },
  manager: null,
});

const scope = (viewer: Partial<Viewer> & { id: string }, extra: Partial<AccessScope> = {}): AccessScope => {
  const v: Viewer = {
    employee: employee(viewer.id),
    roles: viewer.roles ?? ['employee'],
    bureauScopes: viewer.bureauScopes ?? [],
  };
  return {
    viewer: v,
    orgWide: false,
    bureauIds: new Set(v.bureauScopes.map((s) => s.bureauId)),
    subtree: new Set(),
    subtreeSize: 0,
    managedSectionIds: new Set(),
    managedCount: { section: new Map(), bureau: new Map() },
    headcount: { section: new Map(), bureau: new Map() },
    subtreeSection: new Map(),
    ...extra,
  };
};

describe('access scope', () => {
  it('shows a childcare plan to its owner, the WLB officer of the owner’s bureau, and a manager only after consent', () => {
    const owner = { employeeId: 'e1', bureauId: 'b1' };
    expect(canSeeChildcarePlan(scope({ id: 'e1' }), owner, false)).toBe(true);
    expect(
      canSeeChildcarePlan(
        scope({ id: 'w1', bureauScopes: [{ role: 'wlb_officer', bureauId: 'b1' }] }),
        owner,
        false,
      ),
    ).toBe(true);
    expect(
      canSeeChildcarePlan(
        scope({ id: 'w2', bureauScopes: [{ role: 'wlb_officer', bureauId: 'b2' }] }),
        owner,
        false,
      ),
    ).toBe(false);
    // An executive of the bureau sees aggregates, never the plan itself.
    expect(
      canSeeChildcarePlan(
        scope({ id: 'x1', bureauScopes: [{ role: 'executive', bureauId: 'b1' }] }),
        owner,
        true,
      ),
    ).toBe(false);
    const manager = scope({ id: 'm1', roles: ['employee', 'manager'] }, { subtree: new Set(['e1']) });
    const managed = { ...owner, managerId: 'm1' };
    expect(canSeeChildcarePlan(manager, managed, false)).toBe(false);
    expect(canSeeChildcarePlan(manager, managed, true)).toBe(true);
    // Consent shares the plan with the manager the card asked about, not the whole chain above.
    const skipLevel = scope({ id: 'm2', roles: ['employee', 'manager'] }, { subtree: new Set(['m1', 'e1']) });
    expect(canSeeChildcarePlan(skipLevel, managed, true)).toBe(false);
    // HR gets no blanket access to plans.
    expect(
      canSeeChildcarePlan(scope({ id: 'h1', roles: ['employee', 'hr'] }, { orgWide: true }), owner, true),
    ).toBe(false);
  });

  it('lets a manager see individuals of the subtree only, and hr/admin every bureau’s aggregates but no individual', () => {
    const manager = scope(
      { id: 'm1' },
      { subtree: new Set(['e1', 'e2']), subtreeSize: 2, managedSectionIds: new Set(['s9']) },
    );
    expect(canSeePerson(manager, 'e1')).toBe(true);
    expect(canSeePerson(manager, 'm1')).toBe(true);
    expect(canSeePerson(manager, 'e3')).toBe(false);
    expect(canSeeSection(manager, { id: 's9', bureauId: 'b5' })).toBe(true);
    expect(canSeeBureau(manager, 'b5')).toBe(false);
    const hr = scope({ id: 'h1' }, { orgWide: true });
    expect(canSeeBureau(hr, 'any')).toBe(true);
    expect(canSeePerson(hr, 'e1')).toBe(false);
    expect(managesWholeGroup(manager, ['m1', 'e1', 'e2'])).toBe(true);
    expect(managesWholeGroup(manager, ['e1', 'e3'])).toBe(false);
    expect(managesWholeGroup(manager, [])).toBe(false);
  });
});
