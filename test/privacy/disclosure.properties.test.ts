import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DisclosureNode, disclose } from '../../core/access/disclosure.rules.ts';
import { findSmallDerivableGroup } from './linear-audit.ts';

/**
 * The disclosure rule against the attacker's algebra on generated trees (no database): every group
 * the rule shows, combined in any linear way, never isolates fewer than `floor` people the viewer
 * does not know. Trees: a scope of up to three kinds, bureaus, sections, people; a random subset of
 * people is "known" (the viewer's subtree), as a manager who holds a bureau role would have.
 */

interface Person {
  id: string;
  known: boolean;
}
interface Tree {
  node: DisclosureNode;
  people: Person[];
  sets: Map<string, string[]>;
}

const sectionArb = fc.array(fc.boolean(), { minLength: 0, maxLength: 9 });
const bureauArb = fc.array(sectionArb, { minLength: 1, maxLength: 4 });
const kindArb = fc.array(bureauArb, { minLength: 1, maxLength: 3 });
const scopeArb = fc.array(kindArb, { minLength: 1, maxLength: 3 });

function build(scope: boolean[][][][]): Tree {
  const people: Person[] = [];
  const sets = new Map<string, string[]>();
  const node = (id: string, children: DisclosureNode[], members: string[]): DisclosureNode => {
    sets.set(id, members);
    const known = members.filter((m) => people.find((p) => p.id === m)?.known).length;
    return { id, size: members.length, known, children };
  };
  const kinds = scope.map((bureaus, k) => {
    const bNodes = bureaus.map((sections, b) => {
      const sNodes = sections.map((flags, s) => {
        const members = flags.map((known, i) => {
          const id = `p${k}.${b}.${s}.${i}`;
          people.push({ id, known });
          return id;
        });
        return node(`s${k}.${b}.${s}`, [], members);
      });
      return node(
        `b${k}.${b}`,
        sNodes,
        sNodes.flatMap((n) => sets.get(n.id) ?? []),
      );
    });
    return node(
      `k${k}`,
      bNodes,
      bNodes.flatMap((n) => sets.get(n.id) ?? []),
    );
  });
  const root = node(
    'scope',
    kinds,
    kinds.flatMap((n) => sets.get(n.id) ?? []),
  );
  return { node: root, people, sets };
}

describe('disclosure rule × the attacker’s algebra', () => {
  it('no linear combination of the shown groups isolates fewer than floor unknown people', () => {
    fc.assert(
      fc.property(scopeArb, fc.integer({ min: 2, max: 6 }), (scope, floor) => {
        const tree = build(scope);
        const hidden = disclose([tree.node], floor);
        const known = new Set(tree.people.filter((p) => p.known).map((p) => p.id));
        const shown = [...tree.sets.entries()].filter(([id]) => !hidden.has(id)).map(([, set]) => set);
        // Known people are shown one by one (the manager's people list).
        for (const id of known) shown.push([id]);
        const leak = findSmallDerivableGroup(shown, known, floor);
        expect(leak).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('hides every group with unknown people under the floor, and no group the viewer knows in full', () => {
    fc.assert(
      fc.property(scopeArb, fc.integer({ min: 2, max: 6 }), (scope, floor) => {
        const tree = build(scope);
        const hidden = disclose([tree.node], floor);
        const walk = (n: DisclosureNode): void => {
          const unknown = n.size - n.known;
          if (unknown > 0 && unknown < floor) expect(hidden.has(n.id)).toBe(true);
          if (unknown === 0) expect(hidden.has(n.id)).toBe(false);
          for (const c of n.children ?? []) walk(c);
        };
        walk(tree.node);
      }),
      { numRuns: 200 },
    );
  });

  it('gives reasons: a small room is small_group, its partner complementary, a manager’s partial section residual', () => {
    const room = (id: string, size: number, known = 0): DisclosureNode => ({ id, size, known });
    const hidden = disclose(
      [{ id: 'b', size: 32, known: 0, children: [room('tiny', 2), room('mid', 10), room('big', 20)] }],
      5,
    );
    expect(Object.fromEntries(hidden)).toEqual({ tiny: 'small_group', mid: 'complementary' });
    // 1 + 3 people hidden are still 4 < 5 together: a third room goes.
    const pair = disclose(
      [
        {
          id: 'b',
          size: 34,
          known: 0,
          children: [room('one', 1), room('three', 3), room('a', 10), room('z', 20)],
        },
      ],
      5,
    );
    expect(Object.fromEntries(pair)).toEqual({
      one: 'small_group',
      three: 'small_group',
      a: 'complementary',
    });
    // The chief knows 11 of 12: the section total would give the 12th.
    expect(Object.fromEntries(disclose([room('sec', 12, 11)], 5))).toEqual({ sec: 'residual' });
    // A bureau with just one section and a small room: nothing to complement with, so the bureau goes.
    const lone = disclose([{ id: 'b', size: 12, known: 0, children: [room('s', 10), room('r', 2)] }], 5);
    expect(Object.fromEntries(lone)).toEqual({ r: 'small_group', s: 'complementary' });
  });
});
