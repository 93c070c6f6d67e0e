/**
 * The group-size floor (spec §2): an aggregate over fewer than `minGroupSize` people is shown as
 * "<5" (with the floor's number), so that no one can read an individual out of a small group.
 * The one exception is a viewer who manages that whole group and may see its members anyway.
 */

export const DEFAULT_MIN_GROUP_SIZE = 5;

export type SuppressedCount = `<${number}`;

export function suppressSmall(
  count: number,
  groupSize: number,
  minGroupSize: number = DEFAULT_MIN_GROUP_SIZE,
  options: { viewerManagesGroup?: boolean } = {},
): number | SuppressedCount {
  if (options.viewerManagesGroup) return count;
  return groupSize < minGroupSize ? `<${minGroupSize}` : count;
}

export function isSuppressed(value: number | SuppressedCount): value is SuppressedCount {
  return typeof value === 'string';
}
