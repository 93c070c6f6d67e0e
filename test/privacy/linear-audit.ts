/**
 * The attacker's algebra, independent of the disclosure rules: given the sums a viewer was shown
 * (each the sum of one measure over a set of people), which sets of people can the viewer isolate by
 * any linear combination of them? Reports a set of fewer than `floor` people (none of them known to
 * the viewer one by one) whose sum lies in the span of what was shown, or null.
 *
 * People the viewer knows individually are removed from every set first (their values are known).
 * People who appear in exactly the same shown sets form one class (no combination separates them);
 * a leak is a union of classes with fewer than `floor` people whose indicator is in the row space.
 */
export function findSmallDerivableGroup(
  shownSets: readonly (readonly string[])[],
  known: ReadonlySet<string>,
  floor: number,
  /**
   * When the unknowns are person-months (or other parts of a person), the person each belongs to:
   * a group is then as small as the distinct people in it (two months of one person are one person).
   */
  personOf: (unknown: string) => string = (u) => u,
): string[] | null {
  const signature = new Map<string, number[]>();
  shownSets.forEach((set, row) => {
    for (const p of new Set(set)) {
      if (known.has(p)) continue;
      const sig = signature.get(p) ?? [];
      sig.push(row);
      signature.set(p, sig);
    }
  });
  const classes = new Map<string, string[]>();
  for (const [p, sig] of signature) {
    const key = sig.join(',');
    classes.set(key, [...(classes.get(key) ?? []), p]);
  }
  const list = [...classes.entries()].map(([key, people]) => ({ rows: key.split(',').map(Number), people }));
  const columns = list.length;
  if (columns === 0) return null;
  const matrix = shownSets.map((_, row) => list.map((c) => (c.rows.includes(row) ? 1 : 0)));
  const basis = rowEchelon(matrix, columns);
  const inSpan = (v: number[]) => reduce(basis, v).every((x) => Math.abs(x) < 1e-7);

  const peopleIn = (unknowns: readonly string[]) => new Set(unknowns.map(personOf)).size;
  const small = list.map((c, i) => ({ i, size: peopleIn(c.people) })).filter((c) => c.size < floor);
  // Unions of small classes with fewer than `floor` people, smallest first.
  const pick: number[] = [];
  const search = (from: number): string[] | null => {
    if (pick.length > 0) {
      const v = Array(columns).fill(0);
      for (const i of pick) v[i] = 1;
      if (inSpan(v)) return pick.flatMap((i) => list[i]?.people ?? []);
    }
    for (let k = from; k < small.length; k++) {
      const c = small[k]!;
      pick.push(c.i);
      if (peopleIn(pick.flatMap((i) => list[i]?.people ?? [])) < floor) {
        const found = search(k + 1);
        if (found) {
          pick.pop();
          return found;
        }
      }
      pick.pop();
    }
    return null;
  };
  return search(0);
}

type Row = { pivot: number; values: number[] };

function rowEchelon(matrix: number[][], columns: number): Row[] {
  const rows = matrix.map((r) => [...r]);
  const basis: Row[] = [];
  for (const r of rows) {
    const v = reduce(basis, r);
    const pivot = v.findIndex((x) => Math.abs(x) > 1e-9);
    if (pivot === -1) continue;
    const scale = v[pivot]!;
    const norm = v.map((x) => x / scale);
    // Keep the basis fully reduced so reduce() needs one pass.
    for (const b of basis) {
      const f = b.values[pivot]!;
      if (Math.abs(f) > 1e-12) for (let j = 0; j < columns; j++) b.values[j]! -= f * norm[j]!;
    }
    basis.push({ pivot, values: norm });
  }
  return basis;
}

function reduce(basis: readonly Row[], vector: readonly number[]): number[] {
  const v = [...vector];
  for (const b of basis) {
    const f = v[b.pivot]!;
    if (Math.abs(f) > 1e-12) for (let j = 0; j < v.length; j++) v[j]! -= f * b.values[j]!;
  }
  return v;
}
