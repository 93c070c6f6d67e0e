import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSuppressed, suppressSmall } from './privacy.ts';

describe('suppressSmall', () => {
  it('shows "<5" for a group under the floor and the count otherwise', () => {
    expect(suppressSmall(3, 4, 5)).toBe('<5');
    expect(suppressSmall(0, 0, 5)).toBe('<5');
    expect(suppressSmall(3, 5, 5)).toBe(3);
    expect(suppressSmall(2, 9)).toBe(2);
    expect(suppressSmall(2, 9, 10)).toBe('<10');
  });

  it('shows the count to a viewer who manages the whole group', () => {
    expect(suppressSmall(1, 2, 5, { viewerManagesGroup: true })).toBe(1);
  });

  it('never reveals a count of a small group, never hides one of a large group', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(100), fc.integer({ min: 1, max: 20 }), (count, groupSize, floor) => {
        const shown = suppressSmall(count, groupSize, floor);
        expect(isSuppressed(shown)).toBe(groupSize < floor);
        if (!isSuppressed(shown)) expect(shown).toBe(count);
      }),
    );
  });
});
