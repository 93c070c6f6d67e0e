import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FloorGroup, groupsToHide } from './group-floor.rules.ts';

const g = (id: string, size: number, managedByViewer = false): FloorGroup => ({ id, size, managedByViewer });

describe('groupsToHide', () => {
  it('hides a group of 4 at floor 5 and shows a group of 5 (the boundary)', () => {
    const hidden = groupsToHide([g('a', 4), g('b', 5), g('c', 30), g('d', 12)], 5);
    expect(hidden.get('a')).toBe('small');
    // a alone would be parent − (b + c + d): the smallest other group goes too.
    expect(hidden.get('b')).toBe('complement');
    expect(hidden.has('c')).toBe(false);
    expect(groupsToHide([g('b', 5), g('c', 30)], 5).size).toBe(0);
  });

  it('shows a small group to the viewer who manages all of it', () => {
    expect(groupsToHide([g('a', 2, true), g('b', 30)], 5).size).toBe(0);
  });

  it('needs no complement when two groups are already hidden', () => {
    const hidden = groupsToHide([g('a', 1), g('b', 3), g('c', 30)], 5);
    expect([...hidden.keys()].sort()).toEqual(['a', 'b']);
  });

  it('never leaves exactly one unmanaged group hidden, and never shows an unmanaged group under the floor', () => {
    const groups = fc.array(fc.record({ size: fc.nat(40), managedByViewer: fc.boolean() }), {
      minLength: 0,
      maxLength: 12,
    });
    fc.assert(
      fc.property(groups, fc.integer({ min: 2, max: 10 }), (raw, floor) => {
        const list = raw.map((r, i) => g(`s${i}`, r.size, r.managedByViewer));
        const hidden = groupsToHide(list, floor);
        for (const x of list) if (!x.managedByViewer && x.size < floor) expect(hidden.has(x.id)).toBe(true);
        const unmanagedHidden = list.filter((x) => hidden.has(x.id) && !x.managedByViewer).length;
        const unmanaged = list.filter((x) => !x.managedByViewer).length;
        // One hidden group is recoverable from the total, unless it is the only unmanaged group at all.
        if (unmanagedHidden === 1) expect(unmanaged).toBe(1);
      }),
    );
  });
});
