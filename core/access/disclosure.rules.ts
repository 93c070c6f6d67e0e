/**
 * The one disclosure decision (SPEC §2, issue 12): which figures of a tree of nested groups a viewer
 * may be shown so that no subtraction between them isolates fewer than `floor` people the viewer may
 * not see individually.
 *
 * The groups a viewer can see nest (scope → kind of bureau → bureau → section → person), so every
 * number the viewer can derive by adding and subtracting shown figures is a union of "atoms": a shown
 * group minus its largest shown subgroups. (For a nested family of sums that is the whole of the
 * linear span; test/privacy checks it independently with Gaussian elimination.) The rule is therefore:
 *
 * 1. primary — a group with people the viewer does not know is hidden when it has fewer than `floor`
 *    people ('small_group'), or when the people the viewer does not know are fewer than `floor`
 *    ('residual': a manager sees some of a section's people, and total − them would be the rest);
 * 2. complementary — for every shown group, its atom (group − shown subgroups − people the viewer
 *    knows) must hold 0 or at least `floor` unknown people; if not, the shown subgroup that adds the
 *    fewest unknown people (at least one) is hidden too ('complementary'), and again until it holds;
 * 3. when no subgroup can be hidden to fix it, the group itself is hidden ('residual'), which moves
 *    the problem one level up; the top group can always be hidden.
 *
 * Deterministic (ties by id), so every view a viewer asks for agrees on the same hidden cells.
 */

export type HiddenReason = 'small_group' | 'complementary' | 'residual';

export interface DisclosureNode {
  id: string;
  /** People in the group (for a month's figures: the people counted in that month). */
  size: number;
  /** Of them, people the viewer may see one by one (themself and their subtree). */
  known: number;
  children?: DisclosureNode[];
}

export type Disclosure = ReadonlyMap<string, HiddenReason>;

export function disclose(roots: readonly DisclosureNode[], floor: number): Map<string, HiddenReason> {
  const hidden = new Map<string, HiddenReason>();
  // Unknown people of a node not covered by its shown descendants (what its parent learns if it is hidden).
  const atom = new Map<string, number>();

  const unknown = (n: DisclosureNode) => Math.max(0, n.size - n.known);

  /** Unknown people a parent gains by hiding `n` (and, if needed, a chain below it), without doing it. */
  const releaseCost = (n: DisclosureNode): number => {
    const own = atom.get(n.id) ?? 0;
    if (own > 0) return own;
    let best = Number.POSITIVE_INFINITY;
    for (const c of n.children ?? []) if (!hidden.has(c.id)) best = Math.min(best, releaseCost(c));
    return best;
  };

  /** Hides `n` as a complement; returns the unknown people its parent's atom gains. */
  const release = (n: DisclosureNode): number => {
    hidden.set(n.id, 'complementary');
    let own = atom.get(n.id) ?? 0;
    if (own === 0) {
      const next = cheapest(n.children ?? []);
      if (next) own += release(next);
    }
    atom.set(n.id, own);
    return own;
  };

  const cheapest = (nodes: readonly DisclosureNode[]): DisclosureNode | undefined => {
    let pick: DisclosureNode | undefined;
    let pickCost = Number.POSITIVE_INFINITY;
    for (const c of nodes) {
      if (hidden.has(c.id)) continue;
      const cost = releaseCost(c);
      if (cost < pickCost || (cost === pickCost && pick && c.id < pick.id)) {
        pick = c;
        pickCost = cost;
      }
    }
    return Number.isFinite(pickCost) ? pick : undefined;
  };

  const visit = (n: DisclosureNode): void => {
    const kids = n.children ?? [];
    for (const c of kids) visit(c);
    const below = kids.reduce((s, c) => s + unknown(c), 0);
    let mass = Math.max(0, unknown(n) - below);
    for (const c of kids) if (hidden.has(c.id)) mass += atom.get(c.id) ?? 0;
    const r = unknown(n);
    if (r > 0 && n.size < floor) hidden.set(n.id, 'small_group');
    else if (r > 0 && r < floor) hidden.set(n.id, 'residual');
    else
      while (mass > 0 && mass < floor) {
        const next = cheapest(kids);
        if (!next) {
          hidden.set(n.id, 'residual');
          break;
        }
        mass += release(next);
      }
    atom.set(n.id, mass);
  };

  for (const root of roots) visit(root);
  return hidden;
}

/** A figure under the floor, as the page and exports print it. */
export const floorLabel = (floor: number): `<${number}` => `<${floor}`;
