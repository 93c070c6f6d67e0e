/**
 * The group-size floor applied to a table of sibling groups (the sections of a bureau, the bureaus
 * of the ministry) shown next to their parent's total (SPEC §2).
 *
 * Primary suppression: a group under the floor is hidden ("<5") unless the viewer manages all of it.
 * Secondary suppression: if exactly one sibling were hidden, parent total − the visible siblings
 * would give it away, so the next-smallest visible sibling is hidden too. (Siblings the viewer manages
 * in full never need protecting from that viewer, and are not counted as hidden.)
 */

export interface FloorGroup {
  id: string;
  /** People in the group (the denominator that decides the floor). */
  size: number;
  /** The viewer manages every member: they may see it whatever its size. */
  managedByViewer: boolean;
}

export type FloorReason = 'small' | 'complement';

/** Which groups to hide and why. Groups not in the map are shown. */
export function groupsToHide(groups: readonly FloorGroup[], minGroupSize: number): Map<string, FloorReason> {
  const hidden = new Map<string, FloorReason>();
  for (const g of groups) if (!g.managedByViewer && g.size < minGroupSize) hidden.set(g.id, 'small');
  // Only groups the viewer could not see anyway need protecting; exactly one such group is exposed.
  if (hidden.size === 1) {
    const candidate = groups
      .filter((g) => !hidden.has(g.id) && !g.managedByViewer)
      .sort((a, b) => a.size - b.size || a.id.localeCompare(b.id))[0];
    if (candidate) hidden.set(candidate.id, 'complement');
  }
  return hidden;
}

/** A single group's figure: shown, or hidden as the floor's "<N". */
export function floorLabel(minGroupSize: number): `<${number}` {
  return `<${minGroupSize}`;
}
